// The library HTTP API end to end, media: streams per container with exact ranges, 416, ETag/304,
// 404 for a vanished file; path traversal; cover variants
// Setup (testing/libraryServer.ts): real audio files, the real scanner, SQLite in a temp dir,
// an HTTP server on 127.0.0.1:0, and fetch()/node:http as the client.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, type ApiError } from '../contract/index.ts';
import { mixedContainers, useLibraryServer } from './testing/libraryServer.ts';

const token = 'test-secret-0123456789';
const h = useLibraryServer({ token, specs: mixedContainers });
const { auth, get, raw, byTitle } = h;

describe('media', () => {
  const contentTypes: Record<string, string> = {
    'Come Together': 'audio/mpeg', Something: 'audio/flac', "Octopus's Garden": 'audio/ogg', 'Café del Mar': 'audio/ogg',
    'Yellow Submarine': 'audio/mp4', Wave: 'audio/wav', 'Aiff Song': 'audio/aiff', 'Alac Song': 'audio/mp4', 'Wma Song': 'audio/x-ms-wma',
  };

  it('serves each container with its Content-Type', async () => {
    for (const [title, type] of Object.entries(contentTypes)) {
      const res = await get(api.stream(byTitle(title).id));
      expect(res.status, title).toBe(200);
      expect(res.headers.get('content-type'), title).toBe(type);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      await res.arrayBuffer();
    }
  });

  it('serves exact byte ranges', async () => {
    const t = byTitle('Something');
    const bytes = fs.readFileSync(path.join(h.music, 'Beatles/Abbey Road/02 Something.flac'));
    const size = bytes.length;
    // A suffix longer than the file is the whole file (RFC 9110 §14.1.2), not a 416.
    const cases: [string, number, number][] = [['bytes=0-99', 0, 99], ['bytes=100-', 100, size - 1], ['bytes=-50', size - 50, size - 1], [`bytes=-${size + 1000}`, 0, size - 1]];
    for (const [range, from, to] of cases) {
      const res = await get(api.stream(t.id), { ...auth, Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${from}-${to}/${size}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(from, to + 1)), range).toBe(true);
    }
    const whole = await get(api.stream(t.id));
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 416 JSON to an unsatisfiable range', async () => {
    const res = await get(api.stream(byTitle('Something').id), { ...auth, Range: 'bytes=999999999-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/);
    expect(((await res.json()) as ApiError).error.status).toBe(416);
  });

  it('supports conditional GET: ETag + If-None-Match → 304', async () => {
    const res = await get(api.stream(byTitle('Wave').id));
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    await res.arrayBuffer();
    // raw: fetch() adds `Cache-Control: no-cache` to conditional requests, which disables 304 (RFC 9111).
    const again = await raw(api.stream(byTitle('Wave').id), { ...auth, 'If-None-Match': etag ?? '' });
    expect(again.status).toBe(304);
  });

  it('answers 404 JSON for an unknown id and for a file that vanished', async () => {
    const res = await get(api.stream(987654));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ApiError).error.status).toBe(404);

    const t = byTitle('Wma Song');
    const file = path.join(h.music, 'Other/Wma/01 Wma.wma');
    const copy = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      const gone = await get(api.stream(t.id));
      expect(gone.status).toBe(404);
      expect(((await gone.json()) as ApiError).error.message).toMatch(/not found|missing/);
    } finally {
      fs.writeFileSync(file, copy);
    }
  });
});

describe('path traversal', () => {
  const attempts = [
    '/api/tracks/..%2f..%2fetc%2fpasswd/stream',
    '/api/tracks/%2e%2e/stream',
    '/api/tracks/../../../../etc/passwd',
    '/api/tracks/%2fetc%2fpasswd/stream',
    '/api/tracks//etc/passwd/stream',
    '/api/tracks/1%00/stream',
    '/api/covers/../../x',
    '/api/covers/..%2f..%2fx',
    '/api/covers/%2e%2e%2f%2e%2e%2fetc%2fpasswd?size=full',
    '/api/covers/1?size=../../../etc/passwd',
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2f..%2fetc%2fpasswd',
  ];

  it('never serves a file from a path in the request', async () => {
    for (const p of attempts) {
      const res = await raw(p);
      expect(res.body, p).not.toMatch(/root:/);
      if (p.startsWith('/api/')) {
        expect([400, 404], `${p} → ${res.status}`).toContain(res.status);
        expect(res.headers['content-type'], p).toMatch(/application\/json/);
        expect((JSON.parse(res.body) as ApiError).error.status).toBe(res.status);
      }
    }
  });

  it('rejects ids that are not plain positive integers with 400 naming the field', async () => {
    for (const id of ['..', 'abc', '1e3', '0x10', '-1', '0', '1.5', '%201', '1%00', '01']) {
      const res = await raw(`/api/tracks/${id}/stream`);
      expect(res.status, id).toBe(400);
      expect((JSON.parse(res.body) as ApiError).error.field).toBe('id');
    }
  });
});

describe('covers', () => {
  it('serves sized WebP variants and the original, immutable with ETag and 304', async () => {
    const coverId = byTitle('Come Together').coverId ?? 0;
    for (const size of ['thumb', 'medium'] as const) {
      const res = await get(api.cover(coverId, size));
      expect(res.status, size).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = res.headers.get('etag') ?? '';
      expect(etag).toMatch(new RegExp(`-${size}"$`));
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
      const again = await raw(api.cover(coverId, size), { ...auth, 'If-None-Match': etag });
      expect(again.status).toBe(304);
    }
    const full = await get(api.cover(coverId, 'full'));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toMatch(/^image\/(jpeg|png)$/);
  });
});
