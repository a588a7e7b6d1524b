// Test helpers for the sync server: a server per store kind (fs, or S3 on a signature-checking
// s3rver) with a `sync` device (a desktop) and a `listen` device (a remote player), a tiny HTTP
// client, and synthetic tracks whose "renditions" are random bytes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { startTestS3, type StartS3Options, type TestS3 } from '../../app/testing/s3.ts';
import { tempDir } from '../../app/testing/temp.ts';
import type { ManifestTrack, MirrorTrackMeta, NewDevice, UploadsResponse } from '../../app/sync/protocol.ts';
import { startSyncServer, type RunningSyncServer, type SyncServerOptions } from '../start.ts';

export interface CallInit {
  method?: string;
  body?: unknown;
  /** Default: the sync device's token on /api/sync/*, the listen device's elsewhere; null: none. */
  token?: string | null;
  redirect?: 'manual' | 'follow';
  headers?: Record<string, string>;
}

export interface TestServer {
  server: RunningSyncServer;
  s3: TestS3 | null;
  dataDir: string;
  adminToken: string;
  /** A `listen` device (what the remote player signs in with). */
  device: NewDevice;
  /** A `sync` device (what a desktop syncs with). */
  syncDevice: NewDevice;
  /** Shifts the server's clock. */
  clock: { offsetMs: number };
  call<T = unknown>(path: string, init?: CallInit): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestServer(kind: 'fs' | 's3', options: Partial<SyncServerOptions> = {}, s3Options: StartS3Options = {}): Promise<TestServer> {
  const dataDir = tempDir('tonearm-sync-server-');
  const s3 = kind === 's3' ? await startTestS3(s3Options) : null;
  const clock = { offsetMs: 0 };
  const adminToken = `admin-${crypto.randomBytes(8).toString('hex')}`;
  const server = await startSyncServer({
    dataDir, port: 0, adminToken, log: () => {}, now: () => Date.now() + clock.offsetMs, gc: { intervalMs: 0 },
    store: s3 ? { kind: 's3', endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true } : { kind: 'fs' },
    ...options,
  });
  const call: TestServer['call'] = async <T,>(path: string, init: CallInit = {}) => {
    const token = init.token === undefined ? (path.startsWith('/api/sync/') ? syncDevice.token : device.token) : init.token;
    const headers: Record<string, string> = { ...init.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, redirect: init.redirect ?? 'follow',
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch { /* not JSON */ }
    return { status: res.status, body: body as T, headers: res.headers };
  };
  let device = { token: adminToken } as NewDevice;
  let syncDevice = { token: adminToken } as NewDevice;
  syncDevice = (await call<NewDevice>('/api/admin/devices', { body: { name: 'laptop', scope: 'sync' }, token: adminToken })).body;
  device = (await call<NewDevice>('/api/admin/devices', { body: { name: 'phone', scope: 'listen' }, token: adminToken })).body;
  return {
    server, s3, dataDir, adminToken, device, syncDevice, clock, call,
    async close() {
      await server.close();
      await s3?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestTrack {
  track: ManifestTrack;
  bodies: Map<string, Buffer>;
}

/** What an upload URL is bound to: the body's SHA-256 and MD5, hex. */
export function digestsOf(body: Buffer): { sha256: string; md5: string } {
  return { sha256: crypto.createHash('sha256').update(body).digest('hex'), md5: crypto.createHash('md5').update(body).digest('hex') };
}

export const fingerprintOf = (n: number | string): string => crypto.createHash('sha256').update(`fp-${n}`).digest('hex').slice(0, 32);

export function meta(overrides: Partial<MirrorTrackMeta> = {}): MirrorTrackMeta {
  return {
    title: 'Song', artist: 'Artist', artists: ['Artist'], album: 'Album', albumArtist: null, albumArtists: [],
    compilation: false, composers: [], genres: ['Rock'], trackNo: 1, trackTotal: 10, discNo: 1, discTotal: 1, year: 2001,
    date: '2001', durationMs: 180_000, codec: 'FLAC', container: 'FLAC', lossless: true, bitrate: 900_000, sampleRate: 44100,
    bitDepth: 16, channels: 2, gain: { trackGainDb: -4, trackPeak: 0.89, albumGainDb: null, albumPeak: null, source: 'measured' },
    lyrics: [], mbTrackId: null, mbRecordingId: null, mbAlbumId: null, addedAt: 1_700_000_000_000, ...overrides,
  };
}

/** A rendition to publish: its rung, codec and bit rate, with these bytes (random when not given). */
export interface TestRendition {
  rung: string;
  codec: 'aac' | 'opus' | 'mp3';
  kbps: number;
  body?: Buffer;
}

const formatOf = { aac: ['m4a', 'audio/mp4'], opus: ['webm', 'audio/webm'], mp3: ['mp3', 'audio/mpeg'] } as const;

/** A track with high/medium/low AAC renditions (random bytes), or the given ones, and optionally a shared cover. */
export function makeTrack(sourceId: number, options: { meta?: Partial<MirrorTrackMeta>; cover?: Buffer | null; fingerprint?: string; size?: number; renditions?: TestRendition[] } = {}): TestTrack {
  const fingerprint = options.fingerprint ?? fingerprintOf(sourceId);
  const bodies = new Map<string, Buffer>();
  const wanted: TestRendition[] = options.renditions ?? [{ rung: 'high', codec: 'aac', kbps: 256 }, { rung: 'medium', codec: 'aac', kbps: 128 }, { rung: 'low', codec: 'aac', kbps: 64 }];
  const renditions = wanted.map((w, i) => {
    const [ext, contentType] = formatOf[w.codec];
    const key = `renditions/${fingerprint}/${w.rung}.${ext}`;
    const body = w.body ?? crypto.randomBytes((options.size ?? 4000) >> i);
    bodies.set(key, body);
    return { key, bytes: body.length, contentType, rung: w.rung, codec: w.codec, bitrate: w.kbps * 1000 };
  });
  let cover = null;
  if (options.cover) {
    const key = `covers/${crypto.createHash('sha256').update(options.cover).digest('hex').slice(0, 32)}.jpg`;
    bodies.set(key, options.cover);
    cover = { key, bytes: options.cover.length, contentType: 'image/jpeg' };
  }
  const m = meta(options.meta);
  const revision = crypto.createHash('sha256').update(JSON.stringify({ m, renditions, cover })).digest('hex').slice(0, 32);
  return { track: { sourceId, fingerprint, meta: m, renditions, cover, revision }, bodies };
}

/** The client side of a sync: manifest → uploads → PUT each missing object → commit. */
export async function sync(t: TestServer, tracks: TestTrack[]): Promise<{ published: number[]; rejected: Array<{ sourceId: number; reason: string }>; uploaded: number }> {
  const bodies = new Map(tracks.flatMap((x) => [...x.bodies]));
  const manifest = await t.call<{ missing: Array<{ key: string; bytes: number; contentType: string }>; upToDate: number[] }>(
    '/api/sync/manifest', { body: { tracks: tracks.map((x) => x.track) } });
  if (manifest.status !== 200) throw new Error(`manifest: ${manifest.status} ${JSON.stringify(manifest.body)}`);
  let uploaded = 0;
  if (manifest.body.missing.length > 0) {
    const objects = manifest.body.missing.map((o) => ({ ...o, ...digestsOf(bodies.get(o.key) ?? Buffer.alloc(0)) }));
    const uploads = await t.call<UploadsResponse>('/api/sync/uploads', { body: { objects } });
    if (uploads.status !== 200) throw new Error(`uploads: ${uploads.status} ${JSON.stringify(uploads.body)}`);
    for (const u of uploads.body.uploads) {
      const res = await fetch(u.url, { method: u.method, headers: u.headers, body: bodies.get(u.key) ?? null });
      if (res.status !== 200 && res.status !== 412) throw new Error(`PUT ${u.key}: ${res.status} ${await res.text()}`);
      uploaded++;
    }
  }
  const commit = await t.call<{ published: number[]; rejected: Array<{ sourceId: number; reason: string }> }>(
    '/api/sync/commit', { body: { tracks: tracks.map((x) => x.track) } });
  if (commit.status !== 200) throw new Error(`commit: ${commit.status} ${JSON.stringify(commit.body)}`);
  return { ...commit.body, uploaded };
}
