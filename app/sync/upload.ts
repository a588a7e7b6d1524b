// One object straight to storage: PUT to the presigned URL with the headers exactly as signed
// (Content-Type, Content-Length, the body's checksums, If-None-Match). The body is the bytes the
// caller read (and hashed) already when it has them, else the file: read whole when small (one read,
// no stream machinery per object), streamed from disk when large. Retries (and re-signing) are the caller's.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { UploadsResponse } from './protocol.ts';
import { HttpFailure } from './retry.ts';

export type PresignedUpload = UploadsResponse['uploads'][number];

export interface PutOptions {
  file: string;
  /** The file's bytes, when the caller holds them already (read once for the digests). */
  body?: Buffer | undefined;
  upload: PresignedUpload;
  signal?: AbortSignal | undefined;
  /** Per attempt; default 30 s plus 1 s per 256 KB. */
  timeoutMs?: number;
  /** Bytes sent so far in this attempt (for progress). */
  onBytes?: (n: number) => void;
}

/** Headers to send: the signed ones, with Content-Type/Length forced to the signed values. */
export function putHeaders(upload: PresignedUpload): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(upload.headers)) {
    const lower = k.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'content-type') continue;
    headers[lower] = v;
  }
  headers['content-type'] = upload.headers['Content-Type'] ?? upload.headers['content-type'] ?? upload.contentType;
  headers['content-length'] = String(upload.bytes);
  return headers;
}

/** Files up to this size are sent from memory (read in one go); larger ones are streamed. */
export const READ_WHOLE_BYTES = 8 * 1024 * 1024;

export async function putObject(options: PutOptions): Promise<void> {
  const { file, upload } = options;
  const size = options.body ? options.body.length : (await fs.promises.stat(file)).size;
  if (size !== upload.bytes) throw new Error(`${file} is ${size} bytes, ${upload.bytes} were signed`);
  const timeoutMs = options.timeoutMs ?? 30_000 + Math.ceil(upload.bytes / 262_144) * 1000;
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]);
  const init = { method: upload.method, headers: putHeaders(upload), signal };
  let res: Response;
  if (options.body || size <= READ_WHOLE_BYTES) {
    const body = options.body ?? (await fs.promises.readFile(file));
    if (body.length !== upload.bytes) throw new Error(`${file} is ${body.length} bytes, ${upload.bytes} were signed`);
    res = await fetch(upload.url, { ...init, body });
    options.onBytes?.(body.length);
  } else {
    const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    if (options.onBytes) stream.on('data', (chunk) => options.onBytes?.(chunk.length));
    try {
      res = await fetch(upload.url, {
        ...init, body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, duplex: 'half',
      } as RequestInit & { duplex: 'half' });
    } finally {
      stream.destroy();
    }
  }
  // Drain the body so the connection can be reused.
  const text = await res.text().catch(() => '');
  // 412: the URL may only create, and an object is there already (this very upload, whose answer
  // was lost, or another device's): the commit checks its bytes against the ones signed.
  if (res.status === 412) return;
  if (!res.ok) {
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    throw new HttpFailure(res.status, `storage answered ${res.status}${code ? ` ${code}` : ''} for ${upload.key}`, res.headers.get('retry-after'));
  }
}
