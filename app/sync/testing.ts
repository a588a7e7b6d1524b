// A stand-in sync server for the client's tests until (and besides) the real one in sync-server/:
// the protocol over express, a real object store behind it (the fs driver with its /objects/
// route, or S3), in memory otherwise. It publishes a track only after HEADing every object.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createFsStore, createS3Store, IMMUTABLE, type ObjectStore } from '../storage/index.ts';
import { fsObjectRoutes } from '../storage/fsRoutes.ts';
import type { TestS3 } from '../testing/s3.ts';
import { tempDir } from '../testing/temp.ts';
import type {
  Change, ChangesResponse, CommitRequest, CommitResponse, ManifestRequest, ManifestResponse, ManifestTrack,
  ObjectRef, RemoveRequest, RemoveResponse, UploadsRequest, UploadsResponse,
} from './protocol.ts';

export interface FakeSyncServer {
  url: string;
  token: string;
  store: ObjectStore;
  /** Published tracks by source id. */
  published: Map<number, ManifestTrack>;
  changes: Change[];
  /** Requests seen, by path (`/api/sync/manifest` …) with their track/object counts. */
  log: Array<{ path: string; items: number }>;
  /** Keys of completed PUTs to the fs store's /objects/ route (S3: see TestS3.requests). */
  puts: string[];
  close(): Promise<void>;
}

export interface FakeSyncServerOptions {
  token?: string;
  /** Storage: a test S3 server, or (default) the fs driver in a temp dir. */
  s3?: TestS3;
}

export async function startFakeSyncServer(options: FakeSyncServerOptions = {}): Promise<FakeSyncServer> {
  const token = options.token ?? 'device-token';
  let base = '';
  const store: ObjectStore = options.s3
    ? createS3Store({ endpoint: options.s3.endpoint, bucket: options.s3.bucket, region: options.s3.region, accessKeyId: options.s3.accessKeyId, secretAccessKey: options.s3.secretAccessKey, forcePathStyle: true })
    : createFsStore({ dir: tempDir('tonearm-fake-store-'), secret: 'fake-secret', baseUrl: () => base });
  const published = new Map<number, ManifestTrack>();
  const changes: Change[] = [];
  const log: FakeSyncServer['log'] = [];
  const puts: string[] = [];
  const present = new Map<string, number>();
  let seq = 0;
  let trackIds = 0;
  const trackIdOf = new Map<number, number>();

  const size = async (key: string): Promise<number | null> => {
    const known = present.get(key);
    if (known !== undefined) return known;
    const info = await store.head(key);
    if (info) present.set(key, info.size);
    return info?.size ?? null;
  };
  const objectsOf = (t: ManifestTrack): ObjectRef[] => [...t.renditions, ...(t.cover ? [t.cover] : [])];

  const app = express();
  app.use((req, res, next) => {
    if (req.method === 'PUT' && req.path.startsWith('/objects/')) {
      res.on('finish', () => {
        if (res.statusCode < 300) puts.push(decodeURIComponent(req.path.slice('/objects/'.length)));
      });
    }
    next();
  });
  if (store.kind === 'fs') app.use(fsObjectRoutes(store as ReturnType<typeof createFsStore>));
  app.use('/api/sync', (req, res, next) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.status(401).json({ error: { status: 401, message: 'unknown device token' } });
      return;
    }
    next();
  });
  app.use(express.json({ limit: '16mb' }));
  app.post('/api/sync/manifest', async (req, res) => {
    const body = req.body as ManifestRequest;
    log.push({ path: req.path, items: body.tracks.length });
    const missing = new Map<string, ObjectRef>();
    const upToDate: number[] = [];
    for (const t of body.tracks) {
      if (published.get(t.sourceId)?.revision === t.revision) {
        upToDate.push(t.sourceId);
        continue;
      }
      for (const o of objectsOf(t)) if (!missing.has(o.key) && (await size(o.key)) === null) missing.set(o.key, o);
    }
    res.json({ missing: [...missing.values()], upToDate } satisfies ManifestResponse);
  });
  app.post('/api/sync/uploads', async (req, res) => {
    const body = req.body as UploadsRequest;
    log.push({ path: req.path, items: body.objects.length });
    const uploads: UploadsResponse['uploads'] = [];
    for (const o of body.objects) {
      const p = await store.presignPut(o.key, { contentType: o.contentType, contentLength: o.bytes, ttlSeconds: 900, cacheControl: IMMUTABLE });
      uploads.push({ ...o, url: p.url, method: 'PUT', headers: p.headers, expiresAt: p.expiresAt });
    }
    res.json({ uploads } satisfies UploadsResponse);
  });
  app.post('/api/sync/commit', async (req, res) => {
    const body = req.body as CommitRequest;
    log.push({ path: req.path, items: body.tracks.length });
    const out: CommitResponse = { published: [], rejected: [] };
    for (const t of body.tracks) {
      let reason: string | null = null;
      for (const o of objectsOf(t)) {
        present.delete(o.key); // HEAD for real at commit
        const s = await size(o.key);
        if (s === null) reason = `${o.key} is missing`;
        else if (s !== o.bytes) reason = `${o.key} is ${s} bytes, not ${o.bytes}`;
        if (reason) break;
      }
      if (reason) {
        out.rejected.push({ sourceId: t.sourceId, reason });
        continue;
      }
      published.set(t.sourceId, t);
      const trackId = trackIdOf.get(t.sourceId) ?? ++trackIds;
      trackIdOf.set(t.sourceId, trackId);
      changes.push({ seq: ++seq, kind: 'upsert', sourceId: t.sourceId, trackId, revision: t.revision, at: Date.now() });
      out.published.push(t.sourceId);
    }
    res.json(out);
  });
  app.post('/api/sync/remove', (req, res) => {
    const body = req.body as RemoveRequest;
    log.push({ path: req.path, items: body.sourceIds.length });
    let removed = 0;
    for (const id of body.sourceIds) {
      if (!published.delete(id)) continue;
      removed++;
      changes.push({ seq: ++seq, kind: 'remove', sourceId: id, trackId: trackIdOf.get(id) ?? 0, at: Date.now() });
    }
    res.json({ removed } satisfies RemoveResponse);
  });
  app.get('/api/sync/changes', (req, res) => {
    const since = Number(req.query.since ?? 0);
    const page = changes.filter((c) => c.seq > since).slice(0, 1000);
    res.json({ changes: page, cursor: page.at(-1)?.seq ?? since, more: changes.some((c) => c.seq > (page.at(-1)?.seq ?? since)) } satisfies ChangesResponse);
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base, token, store, published, changes, log, puts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The real sync server (sync-server/main.ts) as a child process, with one device registered. */
export interface RealSyncServer {
  url: string;
  token: string;
  adminToken: string;
  dataDir: string;
  /** GET a read-API path with the device token. */
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

const SYNC_SERVER_MAIN = new URL('../../sync-server/main.ts', import.meta.url).pathname;

export async function startRealSyncServer(options: { s3?: TestS3; dataDir?: string } = {}): Promise<RealSyncServer> {
  const { spawn } = await import('node:child_process');
  const dataDir = options.dataDir ?? tempDir('tonearm-sync-server-');
  const adminToken = `admin-${Math.random().toString(36).slice(2)}`;
  const s3 = options.s3;
  const env: NodeJS.ProcessEnv = {
    ...process.env, TONEARM_ADMIN_TOKEN: adminToken,
    ...(s3 ? {
      TONEARM_S3_ENDPOINT: s3.endpoint, TONEARM_S3_BUCKET: s3.bucket, TONEARM_S3_REGION: s3.region,
      TONEARM_S3_ACCESS_KEY_ID: s3.accessKeyId, TONEARM_S3_SECRET_ACCESS_KEY: s3.secretAccessKey, TONEARM_S3_FORCE_PATH_STYLE: '1',
    } : {}),
  };
  const child = spawn(process.execPath, [SYNC_SERVER_MAIN, '--data', dataDir, '--port', '0', '--store', s3 ? 's3' : 'fs', '--rate-limit', '1000000'], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the sync server did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /sync server on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sync server exited with ${code}: ${stderr}`));
    });
  });
  const res = await fetch(`${url}/api/admin/devices`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'test device' }),
  });
  if (!res.ok) throw new Error(`cannot create a device: ${res.status} ${await res.text()}`);
  const device = (await res.json()) as { token: string };
  return {
    url, token: device.token, adminToken, dataDir,
    async get<T>(path: string): Promise<T> {
      const r = await fetch(url + path, { headers: { authorization: `Bearer ${device.token}` } });
      if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
      return (await r.json()) as T;
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
      if (!options.dataDir) (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
