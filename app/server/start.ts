// Starts Tonearm's library server: catalog, search index, library (scan + watch), HTTP on loopback.
// Used by `tonearm serve` and, later, the Electron shell.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { openCatalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import { indexFileFor, openSearchIndex } from '../search/index.ts';
import { createListening } from '../library/index.ts';
import { createApiApp } from './app.ts';
import { createLibrary, type Scanner } from '../scanner/library.ts';
import type { ScanResult } from '../scanner/types.ts';
import { createLoudnessJob } from '../loudness/job.ts';
import { coverDirFor } from '../covers/files.ts';
import { drainApp } from '../http/drain.ts';
import { listenAsOwner } from '../owner/listen.ts';

export interface StartServerOptions {
  /** Catalog file; default `<user data dir>/library.db`. */
  db?: string | undefined;
  /** Library folders for this launch (stored as the library); else the stored ones. */
  libraries?: readonly string[] | undefined;
  port?: number | undefined;
  host?: string | undefined;
  /** The per-launch secret; generated when omitted. */
  token?: string | undefined;
  /** Cover cache; default beside the database, as for `tonearm scan` (`library.db` → `library.covers/`). */
  coverDir?: string | undefined;
  rendererDir?: string | undefined;
  demoDir?: string | undefined;
  /** The scanner; default `app/scanner` (loaded on start). */
  scanner?: Scanner | undefined;
  /** Scan and watch the library (default true). */
  scan?: boolean | undefined;
  /** Answer `tonearm scan` of this catalog on the owner socket (app/owner; default: when scanning). */
  owner?: boolean | undefined;
  log?: ((message: string) => void) | undefined;
}

export interface RunningServer {
  /** The URL to open, with the secret: `http://127.0.0.1:4533/?token=…`. */
  url: string;
  token: string;
  port: number;
  /** Resolves when the first scan of the library finished. */
  scanned: Promise<void>;
  /** The express app serving it (what it mounts is checked against the contract in tests). */
  app: Express;
  close(): Promise<void>;
}

/** `$XDG_DATA_HOME/tonearm` (default `~/.local/share/tonearm`), or the platform's equivalent. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Tonearm');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Tonearm');
  const xdg = env.XDG_DATA_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share'), 'tonearm');
}

export const defaultDemoDir = path.resolve(import.meta.dirname, '../../resources/demo');

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((m: string) => process.stderr.write(`tonearm: ${m}\n`));
  const dbFile = path.resolve(options.db ?? path.join(userDataDir(), 'library.db'));
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const coverDir = path.resolve(options.coverDir ?? coverDirFor(dbFile));
  fs.mkdirSync(coverDir, { recursive: true });
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';

  const catalog = openCatalog({ file: dbFile });
  const queries = createQueries(catalog);
  const listening = createListening({ catalog, queries });
  const search = openSearchIndex({ documents: queries.searchDocuments, file: indexFileFor(dbFile), boost: listening.boost });
  const scanner = options.scanner ?? (await import('../scanner/index.ts'));
  const loudness = createLoudnessJob({ catalog, log });
  // The loudness job looks for work after the first scan (what an earlier run left) and after any
  // scan that changed tracks; a scan that changed nothing gives it nothing new to measure or regroup
  // (at 10k tracks a needless look costs ~25 ms: its album pass reads every track's blocks).
  let lookedForLoudness = false;
  const onScan = (result: ScanResult): void => {
    if (lookedForLoudness && result.changedTrackIds.length === 0 && result.removedTrackIds.length === 0) return;
    lookedForLoudness = true;
    loudness.kick();
  };
  const library = createLibrary({ catalog, coverDir, scanner, search, demoDir: options.demoDir ?? defaultDemoDir, log, onScan });
  const libraries = options.libraries && options.libraries.length > 0 ? options.libraries : undefined;
  const { app, endStreams } = createApiApp({
    catalog, queries, coverDir, token, library, search, rendererDir: options.rendererDir, listening, loudness,
    allowedHosts: host === '127.0.0.1' || host === 'localhost' || host === '::1' ? [] : [host],
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4533, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let scanned = Promise.resolve();
  if (options.scan !== false) scanned = library.start(libraries);
  else if (libraries) catalog.settings.set('library.folders', [...new Set(libraries.map((f) => path.resolve(f)))]);
  // This process owns the catalog now: `tonearm scan` of it is handed over instead of opening it twice.
  const owner = (options.owner ?? options.scan !== false) ? await listenAsOwner({ dbFile, coverDir, library, log }) : null;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/?token=${encodeURIComponent(token)}`,
    token,
    port,
    scanned,
    app,
    close() {
      closing ??= (async () => {
        const ownerClosed = owner?.close(); // no new scans; one being answered ends with the library
        const settled = drainApp(app);
        endStreams();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await library.close();
        await ownerClosed;
        await loudness.close();
        await settled;
        await listening.close();
        server.closeAllConnections();
        await closed;
        catalog.close();
      })();
      return closing;
    },
  };
}
