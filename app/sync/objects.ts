// Producing and uploading the objects a sync needs, each at most once per run: renditions are
// encoded into the rendition cache (atomically: temp file, then rename), source files and covers
// are used in place; presigned PUTs are requested in batches; uploads retry with backoff under an
// adaptive concurrency limit.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LocalTrack } from './localTracks.ts';
import type { Limiter, AdaptiveLimiter } from './limiter.ts';
import type { RenditionMaker } from './maker.ts';
import type { NeededObject } from './manifest.ts';
import type { SyncApi } from './api.ts';
import type { ObjectRef, UploadObject } from './protocol.ts';
import { classifyError, classifyStatus, defaultRetryPolicy, HttpFailure, withRetry, type RetryPolicy } from './retry.ts';
import type { SyncState } from './state.ts';
import { putObject, READ_WHOLE_BYTES, type PresignedUpload } from './upload.ts';
import { displayPath, fsPath } from '../text/fsPath.ts';

export type ObjectResult = { ok: true; key: string; bytes: number } | { ok: false; key: string; reason: string };

export interface ObjectPipelineOptions {
  api: SyncApi;
  state: SyncState;
  maker: RenditionMaker;
  transcodes: Limiter;
  uploads: AdaptiveLimiter;
  retry?: RetryPolicy;
  signal?: AbortSignal | undefined;
  /** An object became known to need uploading (bytes may still be 0 for an unmade rendition). */
  onPlanned?: (bytes: number) => void;
  onTranscoding?: () => void;
  onUploaded?: (bytes: number) => void;
  onBytes?: (n: number) => void;
  onRetry?: () => void;
}

export interface ObjectPipeline {
  /** Makes (if needed) and uploads one object for `track`; the same key is handled once per run. */
  ensure(object: NeededObject, track: LocalTrack): Promise<ObjectResult>;
}

const PRESIGN_BATCH = 100;
const PRESIGN_WAIT_MS = 15;
/** Re-sign when a URL expires within this margin. */
const EXPIRY_MARGIN_MS = 30_000;

interface PendingSign {
  ref: UploadObject;
  /** The signed request, or null when storage already holds the object (confirmed by the server). */
  resolve: (u: PresignedUpload | null) => void;
  reject: (err: unknown) => void;
}

/** Bytes of read files kept for their PUT (between hashing and sending) at most, over all objects in flight. */
const KEEP_BYTES = 64 * 1024 * 1024;

/**
 * SHA-256 and MD5 of a file, hex: the upload URL is bound to them. A small file is read whole in
 * one go (no stream and no 256 KB buffer per object) and its bytes are handed back to be sent as
 * they are when `keep` allows; a large one is streamed.
 */
async function digests(file: string, bytes: number, keep: (n: number) => boolean): Promise<{ sha256: string; md5: string; body?: Buffer }> {
  const sha256 = crypto.createHash('sha256');
  const md5 = crypto.createHash('md5');
  if (bytes <= READ_WHOLE_BYTES) {
    const body = await fs.promises.readFile(file);
    sha256.update(body);
    md5.update(body);
    return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), ...(keep(body.length) ? { body } : {}) };
  }
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
    sha256.update(chunk as Buffer);
    md5.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex') };
}

function presigner(api: SyncApi) {
  let pending: PendingSign[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    api.uploads({ objects: batch.map((p) => p.ref) }).then(
      (res) => {
        const byKey = new Map(res.uploads.map((u) => [u.key, u]));
        const present = new Set(res.present);
        for (const p of batch) {
          const u = byKey.get(p.ref.key);
          if (u) p.resolve(u);
          else if (present.has(p.ref.key)) p.resolve(null);
          else p.reject(new Error(`the server did not sign ${p.ref.key}`));
        }
      },
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  };
  return (ref: UploadObject): Promise<PresignedUpload | null> =>
    new Promise((resolve, reject) => {
      pending.push({ ref, resolve, reject });
      if (pending.length >= PRESIGN_BATCH) {
        clearTimeout(timer);
        flush();
      } else timer ??= setTimeout(flush, PRESIGN_WAIT_MS);
    });
}

export function createObjectPipeline(options: ObjectPipelineOptions): ObjectPipeline {
  const { maker, state, signal } = options;
  const sign = presigner(options.api);
  const policy = options.retry ?? defaultRetryPolicy;
  const inFlight = new Map<string, Promise<ObjectResult>>();
  let kept = 0;
  const keep = (n: number) => (kept + n <= KEEP_BYTES ? ((kept += n), true) : false);

  async function produce(object: NeededObject, track: LocalTrack): Promise<{ file: string; bytes: number }> {
    const { ref, source } = object;
    if (source.kind === 'file') {
      const st = await fs.promises.stat(source.file).catch(() => null);
      if (!st?.isFile()) throw new Error(`${source.file} is gone`);
      return { file: source.file, bytes: st.size };
    }
    // A rendition: complete files appear in the cache under their final name only (renamed into place).
    const file = source.file;
    const st = await fs.promises.stat(file).catch(() => null);
    if (st?.isFile() && st.size > 0) {
      const known = state.objects([ref.key]).get(ref.key);
      if (!known || known.bytes !== st.size) state.putObjects([{ key: ref.key, bytes: st.size, contentType: ref.contentType }]);
      return { file, bytes: st.size };
    }
    const srcStat = await fs.promises.stat(fsPath(track.source.path)).catch(() => null);
    if (!srcStat?.isFile()) throw new Error(`${displayPath(track.source.path)} is gone`);
    return options.transcodes.run(async () => {
      signal?.throwIfAborted();
      options.onTranscoding?.();
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const { bytes } = await maker.encode({ source: track.source, plan: source.plan, outFile: file, signal });
      state.putObjects([{ key: ref.key, bytes, contentType: ref.contentType }]);
      return { file, bytes };
    });
  }

  async function upload(file: string, base: ObjectRef): Promise<void> {
    const { body, ...sums } = await digests(file, base.bytes, keep);
    const ref: UploadObject = { ...base, ...sums };
    try {
      await send(file, ref, body);
    } finally {
      if (body) kept -= body.length;
    }
  }

  async function send(file: string, ref: UploadObject, body: Buffer | undefined): Promise<void> {
    let signed: PresignedUpload | undefined;
    await withRetry(async () => {
      if (!signed || signed.expiresAt - Date.now() < EXPIRY_MARGIN_MS) {
        const answer = await sign(ref);
        // Storage holds it already, confirmed: a published object is never sent again.
        if (answer === null) return;
        signed = answer;
      }
      const current = signed;
      let sent = 0;
      try {
        await options.uploads.run(() => putObject({ file, body, upload: current, signal, onBytes: (n) => { sent += n; options.onBytes?.(n); } }));
        options.uploads.feedback(true);
      } catch (err) {
        options.onBytes?.(-sent);
        const outcome = err instanceof HttpFailure ? classifyStatus(err.status, err.retryAfter) : classifyError(err);
        if (outcome.retry) options.uploads.feedback(false);
        // An expired or rejected signature: sign again on the next attempt.
        if (err instanceof HttpFailure && err.status === 403) {
          signed = undefined;
          if (current.expiresAt - Date.now() < EXPIRY_MARGIN_MS) throw new HttpFailure(503, err.message);
        }
        throw err;
      }
    }, { policy, signal, onRetry: () => options.onRetry?.() });
  }

  async function handle(object: NeededObject, track: LocalTrack): Promise<ObjectResult> {
    const key = object.ref.key;
    try {
      const made = await produce(object, track);
      const ref: ObjectRef = { key, bytes: made.bytes, contentType: object.ref.contentType };
      options.onPlanned?.(made.bytes);
      // Recorded before the PUT: killed after storage stored it but before we saw the answer, the
      // next run still knows it may be there (the commit's HEAD decides; see client.ts).
      state.markUploaded(options.api.server, [{ key, bytes: made.bytes }]);
      try {
        await upload(made.file, ref);
      } catch (err) {
        state.forgetUploaded(options.api.server, [key]);
        throw err;
      }
      if (object.source.kind === 'file') state.putObjects([{ key, bytes: made.bytes, contentType: ref.contentType }]);
      options.onUploaded?.(made.bytes);
      return { ok: true, key, bytes: made.bytes };
    } catch (err) {
      if (signal?.aborted) throw err;
      return { ok: false, key, reason: (err as Error).message };
    }
  }

  return {
    ensure(object, track) {
      let p = inFlight.get(object.ref.key);
      if (!p) {
        p = handle(object, track);
        inFlight.set(object.ref.key, p);
      }
      return p;
    },
  };
}
