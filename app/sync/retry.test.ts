import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.ts';
import { createLimiter } from './limiter.ts';
import { backoffMs, classifyError, classifyStatus, HttpFailure, parseRetryAfter, withRetry } from './retry.ts';
import { putObject, type PresignedUpload } from './upload.ts';

describe('retry policy', () => {
  it('retries 5xx, 408, 429 and network errors, not other 4xx', () => {
    expect(classifyStatus(500, null).retry).toBe(true);
    expect(classifyStatus(503, '2')).toEqual({ retry: true, afterMs: 2000, reason: 'HTTP 503' });
    expect(classifyStatus(429, '1.5')).toEqual({ retry: true, afterMs: 1500, reason: 'HTTP 429' });
    expect(classifyStatus(408, null)).toEqual({ retry: true, afterMs: null, reason: 'HTTP 408' });
    for (const s of [400, 401, 403, 404, 409, 413]) expect(classifyStatus(s, '1').retry).toBe(false);
    expect(classifyError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })).retry).toBe(true);
    expect(classifyError(new DOMException('t', 'TimeoutError')).retry).toBe(true);
    expect(classifyError(new DOMException('a', 'AbortError')).retry).toBe(false);
    expect(classifyError(new Error('bug')).retry).toBe(false);
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { attempts: 10, baseMs: 100, maxMs: 1000 };
    expect(backoffMs({ ...policy, random: () => 0.999 }, 1, null)).toBe(100);
    expect(backoffMs({ ...policy, random: () => 0.999 }, 3, null)).toBe(400);
    expect(backoffMs({ ...policy, random: () => 0.999 }, 9, null)).toBe(999);
    expect(backoffMs({ ...policy, random: () => 0 }, 5, null)).toBe(0);
    expect(backoffMs(policy, 1, 2500)).toBe(2500);
  });

  it('gives up after the attempts, and at once on a final status', async () => {
    let n = 0;
    await expect(withRetry(async () => {
      n++;
      throw new HttpFailure(502, 'bad gateway');
    }, { policy: { attempts: 3, baseMs: 1, maxMs: 2 } })).rejects.toThrow('bad gateway');
    expect(n).toBe(3);
    n = 0;
    await expect(withRetry(async () => {
      n++;
      throw new HttpFailure(404, 'nope');
    }, { policy: { attempts: 3, baseMs: 1, maxMs: 2 } })).rejects.toThrow('nope');
    expect(n).toBe(1);
  });

  it('the upload limiter grows on success and halves on failure', () => {
    const l = createLimiter(4, { min: 2, max: 6, growEvery: 2 });
    for (let i = 0; i < 10; i++) l.feedback(true);
    expect(l.limit).toBe(6);
    l.feedback(false);
    expect(l.limit).toBe(3);
    l.feedback(false);
    l.feedback(false);
    expect(l.limit).toBe(2);
  });
});

describe('putObject against a flaky server', () => {
  let server: http.Server;
  let base: string;
  let dir: string;
  const script: number[] = [];
  const seen: Array<{ status: number; length: string | undefined; type: string | undefined; te: string | undefined; bytes: number }> = [];
  beforeAll(async () => {
    dir = tempDir();
    server = http.createServer((req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        const status = script.shift() ?? 200;
        seen.push({ status, length: req.headers['content-length'], type: req.headers['content-type'], te: req.headers['transfer-encoding'], bytes });
        if (status === 0) {
          req.socket.destroy();
          return;
        }
        res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {});
        res.end(status >= 400 ? '<Error><Code>SlowDown</Code></Error>' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const upload = (file: string, bytes: number): PresignedUpload => ({
    key: 'renditions/x/high.m4a', bytes, contentType: 'audio/mp4', url: `${base}/bucket/x?sig=1`, method: 'PUT',
    headers: { 'Content-Type': 'audio/mp4' }, expiresAt: Date.now() + 600_000,
  });

  it('streams the file with the signed Content-Type and an exact Content-Length, retrying 503 / reset / 429', async () => {
    const file = path.join(dir, 'a.bin');
    fs.writeFileSync(file, Buffer.alloc(700_000, 7));
    script.push(503, 0, 429, 200);
    seen.length = 0;
    const retries: string[] = [];
    await withRetry(() => putObject({ file, upload: upload(file, 700_000) }), {
      policy: { attempts: 5, baseMs: 5, maxMs: 20 }, onRetry: (i) => retries.push(i.reason),
    });
    expect(seen.map((s) => s.status)).toEqual([503, 0, 429, 200]);
    expect(retries).toHaveLength(3);
    for (const s of seen) expect(s).toMatchObject({ length: '700000', type: 'audio/mp4', te: undefined, bytes: 700_000 });
  });

  it('does not retry a 403 and names the storage error', async () => {
    const file = path.join(dir, 'b.bin');
    fs.writeFileSync(file, 'abc');
    script.push(403);
    seen.length = 0;
    await expect(withRetry(() => putObject({ file, upload: upload(file, 3) }), { policy: { attempts: 5, baseMs: 1, maxMs: 2 } }))
      .rejects.toThrow(/403 SlowDown/);
    expect(seen).toHaveLength(1);
  });

  it('refuses a file whose size is not the signed one, without a request', async () => {
    const file = path.join(dir, 'c.bin');
    fs.writeFileSync(file, 'abcd');
    seen.length = 0;
    await expect(putObject({ file, upload: upload(file, 3) })).rejects.toThrow(/4 bytes, 3 were signed/);
    expect(seen).toHaveLength(0);
  });
});
