// The real sync server (sync-server/main.ts) as a child process, for the sync client's tests and
// benchmark: app/ never imports sync-server/, so it is started by path, like a user starts it. It
// runs over the fs store (in its data dir) or a test S3 server, with a `sync` device token (what a
// desktop syncs with) and a `listen` one (what a remote player or Subsonic app reads with).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createFsStore, createS3Store, type ObjectStore } from '../../storage/index.ts';
import type { TestS3 } from '../../testing/s3.ts';
import { tempDir } from '../../testing/temp.ts';
import type { DeviceScope } from '../protocol.ts';

export interface RealSyncServer {
  url: string;
  /** A `sync` device token (the desktop's). */
  token: string;
  /** A `listen` device token (a remote player's). */
  listenToken: string;
  adminToken: string;
  dataDir: string;
  /** S3: the server's key prefix in the bucket (`--prefix`). */
  prefix: string;
  /** The server's storage under its prefix, seen from outside (HEAD, list, delete: what an operator could do by hand). */
  store: ObjectStore;
  /** GET a read-API path with the listen token. */
  get<T>(path: string): Promise<T>;
  /** A request with the admin token. */
  admin<T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  /** A new device token of `scope`. */
  device(name: string, scope: DeviceScope): Promise<string>;
  /** The server process (a benchmark reads its CPU time). */
  pid: number | undefined;
  close(): Promise<void>;
}

const SYNC_SERVER_MAIN = new URL('../../../sync-server/main.ts', import.meta.url).pathname;

export interface RealSyncServerOptions {
  s3?: TestS3;
  dataDir?: string;
  /** Extra command-line options (e.g. `--prefix`). */
  args?: string[];
  /** Options for node itself (e.g. `--cpu-prof`, for a benchmark's profile). */
  nodeArgs?: string[];
}

export async function startRealSyncServer(options: RealSyncServerOptions = {}): Promise<RealSyncServer> {
  const dataDir = options.dataDir ?? tempDir('tonearm-sync-server-');
  const adminToken = `admin-${Math.random().toString(36).slice(2)}`;
  const s3 = options.s3;
  const args = options.args ?? [];
  const prefix = s3 ? (args.includes('--prefix') ? args[args.indexOf('--prefix') + 1] ?? '' : `test-${Math.random().toString(36).slice(2, 8)}/`) : '';
  const env: NodeJS.ProcessEnv = {
    ...process.env, TONEARM_ADMIN_TOKEN: adminToken,
    ...(s3 ? {
      TONEARM_S3_ENDPOINT: s3.endpoint, TONEARM_S3_BUCKET: s3.bucket, TONEARM_S3_REGION: s3.region,
      TONEARM_S3_ACCESS_KEY_ID: s3.accessKeyId, TONEARM_S3_SECRET_ACCESS_KEY: s3.secretAccessKey, TONEARM_S3_FORCE_PATH_STYLE: '1',
    } : {}),
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SYNC_SERVER_MAIN, '--data', dataDir, '--port', '0', '--store', s3 ? 's3' : 'fs', '--rate-limit', '1000000',
    ...(s3 && !args.includes('--prefix') ? ['--prefix', prefix] : []), ...args], {
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
  const admin = async <T,>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(url + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${adminToken}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const device = async (name: string, scope: DeviceScope) => {
    const res = await admin<{ token: string }>('/api/admin/devices', { body: { name, scope } });
    if (res.status !== 201) throw new Error(`cannot create a device: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  };
  const token = await device('desktop', 'sync');
  const listenToken = await device('player', 'listen');
  const store: ObjectStore = s3
    ? prefixedView(createS3Store({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true }), prefix)
    : createFsStore({ dir: `${dataDir}/objects`, secret: 'outside-view', baseUrl: url });
  return {
    url, token, listenToken, adminToken, dataDir, prefix, store, admin, device, pid: child.pid,
    async get<T>(path: string): Promise<T> {
      const r = await fetch(url + path, { headers: { authorization: `Bearer ${listenToken}` } });
      if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
      return (await r.json()) as T;
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bucket as the server sees it: keys under `prefix`, named without it. */
function prefixedView(store: ObjectStore, prefix: string): ObjectStore {
  return {
    kind: store.kind,
    presignPut: (key, o) => store.presignPut(prefix + key, o),
    presignGet: (key, o) => store.presignGet(prefix + key, o),
    head: async (key) => {
      const info = await store.head(prefix + key);
      return info ? { ...info, key } : null;
    },
    delete: (key) => store.delete(prefix + key),
    async *list(p) {
      for await (const o of store.list(prefix + p)) yield { ...o, key: o.key.slice(prefix.length) };
    },
  };
}
