// Child process for app/testing/s3.ts: runs @20minutes/s3rver on 127.0.0.1 (random port) and
// reports `{"port":n}` then one `{"request":"METHOD /path?query"}` line per request and one
// `{"served":{request,range,status,bytes}}` line per finished answer (body bytes written) on stdout.
// It runs under `--openssl-legacy-provider` because s3rver makes ListObjectsV2 continuation
// tokens with DES, which Node's OpenSSL 3 refuses otherwise (a 500 on every truncated listing).
// Exits when its stdin closes (the test process ended). Its clock can be moved: a stdin line
// `{"clockOffsetMs":n}` makes s3rver's `new Date()` run n ms ahead (answered `{"clockOffsetMs":n}`),
// so tests expire presigned URLs deterministically instead of waiting for them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import readline from 'node:readline';

// s3rver checks presigned expiry with `new Date()`; this clock is the real one plus an offset.
let clockOffsetMs = 0;
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(RealDate.now() + clockOffsetMs);
    else super(...(args as ConstructorParameters<DateConstructor>));
  }
  static override now(): number {
    return RealDate.now() + clockOffsetMs;
  }
}
globalThis.Date = ShiftedDate as DateConstructor;

interface S3rverInstance {
  callback(): http.RequestListener;
  configureBuckets(): Promise<void>;
  on(event: 'error', listener: (err: unknown) => void): void;
  proxy: boolean;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const [directory, bucket, corsMode = 'cors'] = process.argv.slice(2);
if (!directory || !bucket) throw new Error('usage: s3rver-process.ts <directory> <bucket> [cors|no-cors]');
const require = createRequire(import.meta.url);
const S3rver = require('@20minutes/s3rver') as S3rverClass;
// CORS as a real bucket for the remote player needs it (R2/S3 bucket CORS): the streaming engine
// and the service worker read presigned objects with fetch(), Range included. `no-cors`: a bucket
// without any CORS rule (the remote player must still play, through <audio>).
const cors = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
<AllowedHeader>*</AllowedHeader><ExposeHeader>Content-Range</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader><ExposeHeader>ETag</ExposeHeader>
<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket, configs: corsMode === 'no-cors' ? [] : [cors] }] });
s3rver.on('error', () => {});
// Trust X-Forwarded-Host, used only by the workaround below.
s3rver.proxy = true;
await s3rver.configureBuckets();
const handle = s3rver.callback();

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const line = `${req.method ?? ''} ${url}`;
  process.stdout.write(`${JSON.stringify({ request: line })}\n`);
  let bytes = 0;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => http.ServerResponse;
  const size = (chunk: unknown) => (typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    bytes += size(chunk);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') bytes += size(chunk);
    return end(chunk, ...rest);
  }) as typeof res.end;
  const range = req.headers.range ?? null;
  res.on('close', () => process.stdout.write(`${JSON.stringify({ served: { request: line, range, status: res.statusCode, bytes } })}\n`));
  // Workaround: the SDK signs bucket-level requests (ListObjectsV2) for the path `/<bucket>/`, but
  // path-style s3rver canonicalises that as `/<bucket>` and rejects a correct signature. Its
  // virtual-host branch canonicalises as `/<bucket>` + mount path instead, so such a request is
  // re-addressed virtual-host style (bucket in X-Forwarded-Host, which is not signed; path `/`)
  // with the mount path `/`. The signature is still checked; object requests are untouched.
  const q = url.indexOf('?');
  const pathname = q >= 0 ? url.slice(0, q) : url;
  if (pathname === `/${bucket}/`) {
    (req as http.IncomingMessage & { baseUrl?: string }).baseUrl = '/';
    req.url = `/${q >= 0 ? url.slice(q) : ''}`;
    req.headers['x-forwarded-host'] = bucket;
  } else {
    delete req.headers['x-forwarded-host'];
  }
  handle(req, res);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line) as { clockOffsetMs?: number };
  if (typeof message.clockOffsetMs === 'number') {
    clockOffsetMs = message.clockOffsetMs;
    process.stdout.write(`${JSON.stringify({ clockOffsetMs })}\n`);
  }
});
process.stdin.on('close', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
