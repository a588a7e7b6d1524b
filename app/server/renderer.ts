// The built renderer (vite output) at `/`, with an SPA fallback to index.html for non-/api paths.
// When it isn't built, `/` explains how to build it.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { contentSecurityPolicy, type CspOptions } from './csp.ts';

export const defaultRendererDir = path.resolve(import.meta.dirname, '../../dist/renderer');

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tonearm</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Tonearm</h1>
<p>The library server is running, but the user interface has not been built yet.</p>
<p>Run <code>npm run build</code>, then reload this page.</p>
</body></html>
`;

export function rendererRoutes(rendererDir: string, csp: CspOptions = {}): Router {
  const r = Router();
  const policy = contentSecurityPolicy(csp);
  r.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    next();
  });
  const index = path.join(rendererDir, 'index.html');
  r.use(express.static(rendererDir, {
    index: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders(res, file) {
      // Vite puts content-hashed files under assets/: cache them forever.
      if (file.startsWith(path.join(rendererDir, 'assets') + path.sep)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  }));
  r.get(/^(?!\/api(\/|$)).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    if (fs.existsSync(index)) res.sendFile(index);
    else res.type('html').send(notBuilt);
  });
  return r;
}
