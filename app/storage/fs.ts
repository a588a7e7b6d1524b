// The `fs` driver: objects in a local directory (the embedded default, zero cloud setup). Writes
// are atomic (temp file + rename). URLs point at the sync server's own `/objects/<key>` route
// (fsRoutes.ts) and carry an expiring HMAC signature (signing.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { encodeKey, signFields } from './signing.ts';
import {
  assertKey, StoreError, type CompletedPart, type MultipartStart, type ObjectInfo, type PresignedRequest,
  type PresignGetOptions, type PresignPutOptions, type StartMultipartOptions, type Store,
} from './types.ts';

export interface FsStoreOptions {
  /** Root directory (created when missing): `data/` holds objects, `meta/` their headers, `tmp/` uploads in flight. */
  dir: string;
  /** Secret for URL signatures (keep it stable across restarts, or old URLs stop working). */
  secret: string;
  /** Origin + optional path prefix the `/objects/` route is reachable at, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string | (() => string);
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface StoredMeta {
  contentType: string;
  cacheControl: string | null;
  etag: string;
  /** Hex SHA-256 of the bytes (written since objects are checked by content). */
  sha256?: string;
}

export interface WriteOptions {
  contentType: string;
  contentLength: number;
  cacheControl: string | null;
  /** The bytes must hash to these (hex), else nothing is stored (`DigestError`). */
  sha256?: string | undefined;
  md5?: string | undefined;
  /** Never replace an object already at the key (`ExistsError`). */
  createOnly?: boolean | undefined;
}

export interface FsStore extends Store {
  readonly kind: 'fs';
  readonly secret: string;
  now(): number;
  /** Absolute path of an object's bytes (whether or not it exists). */
  dataPath(key: string): string;
  meta(key: string): Promise<StoredMeta | null>;
  /** Streams `body` into the object atomically; fails (leaving nothing) unless exactly `contentLength` bytes arrive. */
  write(key: string, body: Readable, options: WriteOptions): Promise<ObjectInfo>;
}

export class BodyLengthError extends StoreError {
  override name = 'BodyLengthError';
}

/** The body does not hash to the SHA-256 / MD5 the URL was signed for. */
export class DigestError extends StoreError {
  override name = 'DigestError';
}

/** A create-only write found an object at the key. */
export class ExistsError extends StoreError {
  override name = 'ExistsError';
}

export function createFsStore(options: FsStoreOptions): FsStore {
  const root = path.resolve(options.dir);
  const dataDir = path.join(root, 'data');
  const metaDir = path.join(root, 'meta');
  const tmpDir = path.join(root, 'tmp');
  for (const d of [dataDir, metaDir, tmpDir]) fs.mkdirSync(d, { recursive: true });
  const now = options.now ?? Date.now;
  const base = () => (typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl).replace(/\/+$/, '');

  const dataPath = (key: string) => {
    assertKey(key);
    return path.join(dataDir, ...key.split('/'));
  };
  const metaPath = (key: string) => path.join(metaDir, ...key.split('/')) + '.json';

  function url(key: string, query: Record<string, string>): string {
    return `${base()}/objects/${encodeKey(key)}?${new URLSearchParams(query).toString()}`;
  }

  async function readMeta(key: string): Promise<StoredMeta | null> {
    try {
      return JSON.parse(await fs.promises.readFile(metaPath(key), 'utf8')) as StoredMeta;
    } catch {
      return null;
    }
  }

  async function head(key: string): Promise<ObjectInfo | null> {
    const stat = await fs.promises.stat(dataPath(key)).catch(() => null);
    if (!stat?.isFile()) return null;
    const meta = await readMeta(key);
    return { key, size: stat.size, etag: meta?.etag ?? null, contentType: meta?.contentType ?? null, lastModified: stat.mtimeMs, sha256: meta?.sha256 ?? null };
  }

  async function presignPut(key: string, o: PresignPutOptions): Promise<PresignedRequest> {
    assertKey(key);
    const exp = Math.floor(now() / 1000) + o.ttlSeconds;
    const sig = signFields(options.secret, {
      method: 'PUT', key, exp, contentType: o.contentType, contentLength: o.contentLength, cacheControl: o.cacheControl ?? '',
      ...(o.sha256 ? { sha256: o.sha256 } : {}), ...(o.md5 ? { md5: o.md5 } : {}), ...(o.createOnly ? { createOnly: true } : {}),
    });
    const headers: Record<string, string> = { 'Content-Type': o.contentType, 'Content-Length': String(o.contentLength) };
    if (o.cacheControl) headers['Cache-Control'] = o.cacheControl;
    // Same header names as S3's, so a client sends whatever a URL came with.
    if (o.sha256) headers['x-amz-checksum-sha256'] = Buffer.from(o.sha256, 'hex').toString('base64');
    if (o.md5) headers['Content-MD5'] = Buffer.from(o.md5, 'hex').toString('base64');
    if (o.createOnly) headers['If-None-Match'] = '*';
    return { url: url(key, { exp: String(exp), sig }), method: 'PUT', headers, expiresAt: exp * 1000 };
  }

  async function presignGet(key: string, o: PresignGetOptions): Promise<PresignedRequest> {
    assertKey(key);
    const exp = Math.floor(now() / 1000) + o.ttlSeconds;
    const sig = signFields(options.secret, { method: 'GET', key, exp, filename: o.filename ?? '' });
    const query: Record<string, string> = { exp: String(exp), sig };
    if (o.filename) query.fn = o.filename;
    return { url: url(key, query), method: 'GET', headers: {}, expiresAt: exp * 1000 };
  }

  async function remove(key: string): Promise<void> {
    await fs.promises.rm(dataPath(key), { force: true });
    await fs.promises.rm(metaPath(key), { force: true });
    // Prune now-empty parent folders (renditions/<fingerprint>/).
    for (const top of [dataDir, metaDir]) {
      let dir = path.dirname(path.join(top, ...key.split('/')));
      while (dir !== top && dir.startsWith(top)) {
        try {
          await fs.promises.rmdir(dir);
        } catch {
          break;
        }
        dir = path.dirname(dir);
      }
    }
  }

  async function* walk(dir: string, rel: string): AsyncGenerator<string> {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) yield* walk(path.join(dir, e.name), child);
      else if (e.isFile()) yield child;
    }
  }

  async function* list(prefix: string): AsyncGenerator<ObjectInfo> {
    // Walk only the deepest folder the prefix names entirely.
    const slash = prefix.lastIndexOf('/');
    const folder = slash >= 0 ? prefix.slice(0, slash) : '';
    if (folder && !folder.split('/').every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '..' && s !== '.')) return;
    for await (const key of walk(folder ? path.join(dataDir, ...folder.split('/')) : dataDir, folder)) {
      if (!key.startsWith(prefix)) continue;
      const info = await head(key);
      if (info) yield info;
    }
  }

  // Writes of one key never interleave (only this process writes the store): a create-only write's
  // check and its rename are one step.
  const writing = new Map<string, Promise<unknown>>();
  function exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (writing.get(key) ?? Promise.resolve()).then(task, task);
    const settled = run.catch(() => undefined);
    writing.set(key, settled);
    void settled.then(() => {
      if (writing.get(key) === settled) writing.delete(key);
    });
    return run;
  }

  async function write(key: string, body: Readable, o: WriteOptions): Promise<ObjectInfo> {
    const target = dataPath(key);
    const tmp = path.join(tmpDir, `${crypto.randomBytes(12).toString('hex')}.part`);
    const md5 = crypto.createHash('md5');
    const sha256 = crypto.createHash('sha256');
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > o.contentLength) {
          done(new BodyLengthError(`the body is longer than the declared ${o.contentLength} bytes`));
          return;
        }
        md5.update(chunk);
        sha256.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(tmp, { flags: 'wx' }));
      if (received !== o.contentLength) throw new BodyLengthError(`received ${received} of the declared ${o.contentLength} bytes`);
      const digest = { md5: md5.digest('hex'), sha256: sha256.digest('hex') };
      if (o.sha256 && o.sha256 !== digest.sha256) throw new DigestError('the body does not match the SHA-256 this URL was signed for');
      if (o.md5 && o.md5 !== digest.md5) throw new DigestError('the body does not match the MD5 this URL was signed for');
      const meta: StoredMeta = { contentType: o.contentType, cacheControl: o.cacheControl, etag: `"${digest.md5}"`, sha256: digest.sha256 };
      await exclusive(key, async () => {
        if (o.createOnly && fs.existsSync(target)) throw new ExistsError(`an object is already stored at ${key}`);
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        const metaFile = metaPath(key);
        await fs.promises.mkdir(path.dirname(metaFile), { recursive: true });
        const metaTmp = `${tmp}.json`;
        await fs.promises.writeFile(metaTmp, JSON.stringify(meta));
        await fs.promises.rename(metaTmp, metaFile);
        await fs.promises.rename(tmp, target);
      });
    } finally {
      await fs.promises.rm(tmp, { force: true });
      await fs.promises.rm(`${tmp}.json`, { force: true });
    }
    const info = await head(key);
    if (!info) throw new StoreError(`object ${key} vanished after writing`);
    return info;
  }

  async function startMultipart(key: string, o: StartMultipartOptions): Promise<MultipartStart> {
    // One PUT of any size streams to disk: a single part covering the whole object.
    const put = await presignPut(key, o);
    return { key, uploadId: 'single', partSize: o.contentLength, parts: [{ ...put, partNumber: 1, start: 0, end: o.contentLength }] };
  }

  async function completeMultipart(key: string, uploadId: string, parts: CompletedPart[]): Promise<void> {
    if (uploadId !== 'single' || parts.length !== 1) throw new StoreError('unknown upload');
    if (!(await head(key))) throw new StoreError(`the part of ${key} was not uploaded`);
  }

  return {
    kind: 'fs',
    secret: options.secret,
    now,
    dataPath,
    meta: readMeta,
    write,
    presignPut,
    presignGet,
    head,
    delete: remove,
    list,
    startMultipart,
    completeMultipart,
    abortMultipart: async () => {},
  };
}
