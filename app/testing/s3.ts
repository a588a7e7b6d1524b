// A real, signature-checking S3 server for tests: @20minutes/s3rver (it verifies SigV4 signatures
// and presigned-URL expiry; plain `s3rver` does not) on 127.0.0.1, a random port, a temp
// directory, the bucket created through s3rver's own `configureBuckets` at start. It runs in a
// child process (s3rver-process.ts, which holds the workarounds s3rver needs).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { tempDir } from './temp.ts';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  region: string;
  /** s3rver's default credentials: S3RVER / S3RVER. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Every request s3rver saw, as `METHOD /path?query` (tests check what went to storage directly). */
  requests: string[];
  /** Runs the server's clock `ms` ahead of real time (0: real time again), e.g. to expire presigned URLs. */
  setClockOffset(ms: number): Promise<void>;
  /** Every answer s3rver finished: the request line, its Range header, status and body bytes sent. */
  served: { request: string; range: string | null; status: number; bytes: number }[];
  /** The s3rver process (a benchmark reads its CPU time). */
  pid: number | undefined;
  close(): Promise<void>;
}

export interface StartS3Options {
  bucket?: string;
  /** Bucket CORS for browser reads (`*` origins, GET/HEAD, any header, Content-Range/Length/ETag exposed); default on. */
  cors?: boolean;
}

export async function startTestS3(options: StartS3Options = {}): Promise<TestS3> {
  const bucket = options.bucket ?? 'tonearm-test';
  const directory = tempDir('tonearm-s3rver-');
  const script = new URL('./s3rver-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, directory, bucket, options.cors === false ? 'no-cors' : 'cors'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const requests: string[] = [];
  const clockAcks: Array<(offset: number) => void> = [];
  const served: TestS3['served'] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('s3rver did not start within 20 s')), 20_000);
    lines.on('line', (line) => {
      let message: { port?: number; request?: string; clockOffsetMs?: number; served?: TestS3['served'][number] };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.request !== undefined) requests.push(message.request);
      if (message.clockOffsetMs !== undefined) clockAcks.shift()?.(message.clockOffsetMs);
      if (message.served !== undefined) served.push(message.served);
      if (message.port !== undefined) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with code ${code}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    requests,
    async setClockOffset(ms) {
      const acked = new Promise<number>((resolve) => clockAcks.push(resolve));
      child.stdin?.write(`${JSON.stringify({ clockOffsetMs: ms })}\n`);
      await acked;
    },
    served,
    pid: child.pid,
    async close() {
      child.stdin?.end();
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
