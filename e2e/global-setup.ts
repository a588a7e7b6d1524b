// Before the e2e run: build the renderer when dist/renderer is missing or older than its sources,
// and generate the test library of real audio.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureLibrary, repoRoot } from './support/library.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export default async function globalSetup(): Promise<void> {
  const index = path.join(repoRoot, 'dist/renderer/index.html');
  const sources = Math.max(newestMtime(path.join(repoRoot, 'renderer')), fs.statSync(path.join(repoRoot, 'vite.config.ts')).mtimeMs);
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources || process.env.E2E_BUILD === '1') {
    console.log('e2e: building the renderer (vite build)');
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
  await ensureLibrary();
}
