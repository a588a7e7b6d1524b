// OpenSubsonic streams, downloads and cover art end to end, on the fs store and on S3 (s3rver):
// stream/download with Range (exact bytes) through the server, maxBitRate/format picking the rung,
// 302 to the presigned URL only for client names the admin opted in, cover art resized to size
// buckets. The harness and the rest of the API: testing/harness.ts, subsonic.test.ts.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { expectFailure } from './testing/spec.ts';
import { setup } from './testing/harness.ts';

describe('OpenSubsonic media (fs store)', () => {
  const { state, rest, client, body, songId } = setup('fs');

  it('streams through the server with Range: exact bytes; maxBitRate and format pick the rung', async () => {
    const id = await songId('Come Together');
    const ranged = await client({ headers: { Range: 'bytes=100-1099' } }).stream({ id });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-1099/${body(1, 'high').length}`);
    expect(ranged.headers.get('content-type')).toBe('audio/mp4');
    expect(Buffer.from(await ranged.arrayBuffer()).equals(body(1, 'high').subarray(100, 1100))).toBe(true);

    const whole = await client().stream({ id });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(body(1, 'high'))).toBe(true);

    for (const [maxBitRate, rung] of [[64, 'low'], [96, 'low'], [128, 'medium'], [200, 'medium'], [320, 'high'], [0, 'high']] as const) {
      const r = await client().stream({ id, maxBitRate });
      expect(Buffer.from(await r.arrayBuffer()).equals(body(1, rung)), `${maxBitRate} → ${rung}`).toBe(true);
    }
    const raw = await client().stream({ id, maxBitRate: 64, format: 'raw' });
    expect(Buffer.from(await raw.arrayBuffer()).equals(body(1, 'high'))).toBe(true);

    const tail = await rest('stream', { id }, { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(body(1, 'high').subarray(-10))).toBe(true);
    // A suffix longer than the file is the whole file (RFC 9110 §14.1.2), not a 416.
    const long = await rest('stream', { id }, { headers: { Range: 'bytes=-99999999' } });
    expect(long.status).toBe(206);
    expect(long.headers.get('content-range')).toBe(`bytes 0-${body(1, 'high').length - 1}/${body(1, 'high').length}`);
    expect(long.body.equals(body(1, 'high'))).toBe(true);
    const beyond = await rest('stream', { id }, { headers: { Range: 'bytes=999999-' } });
    expect(beyond.status).toBe(416);
    const head = await rest('stream', { id }, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body(1, 'high').length));

    const dl = await client({ headers: { Range: 'bytes=0-9' } }).download({ id });
    expect(dl.status).toBe(206);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename=.*Come Together\.m4a/);
    expect(Buffer.from(await dl.arrayBuffer()).equals(body(1, 'high').subarray(0, 10))).toBe(true);

    expect(expectFailure((await rest('stream', { id: 'tr-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('stream', {})).json)).toBe(10);
    const xmlError = await rest('stream', { id: 'tr-99999' }, { f: null });
    expect(xmlError.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(xmlError.text).toContain('code="70"');
  });

  it('redirects (302 to the presigned URL) only for client names opted in by the admin', async () => {
    const id = await songId('Something');
    const off = await rest('stream', { id }, { redirect: 'manual' });
    expect(off.status).toBe(200);
    const set = await state.t.call<{ redirectClients: string[] }>('/api/admin/subsonic/settings', { method: 'PUT', body: { redirectClients: ['Subsonic-API', 'DSub'] }, token: state.t.adminToken });
    expect(set.body.redirectClients).toEqual(['Subsonic-API', 'DSub']);
    // Devices can't change settings.
    expect((await state.t.call('/api/admin/subsonic/settings', { method: 'PUT', body: { redirectClients: [] } })).status).toBe(403);
    try {
      const redirected = await client({ redirect: 'manual', headers: {} }).stream({ id, maxBitRate: 128 });
      expect(redirected.status).toBe(302);
      const location = redirected.headers.get('location') ?? '';
      expect(location).toMatch(/\/objects\/renditions\/.*\/medium\.m4a\?exp=/);
      const followed = await fetch(location, { headers: { Range: 'bytes=5-14' } });
      expect(followed.status).toBe(206);
      expect(Buffer.from(await followed.arrayBuffer()).equals(body(2, 'medium').subarray(5, 15))).toBe(true);
      // Another client name still streams through.
      const other = await rest('stream', { id, c: 'Symfonium' }, { redirect: 'manual' });
      expect(other.status).toBe(200);
      expect(other.body.equals(body(2, 'high'))).toBe(true);
      const cover = await client({ redirect: 'manual' }).getCoverArt({ id: (await client().getSong({ id })).song.coverArt ?? '' });
      expect(cover.status).toBe(302);
    } finally {
      await state.t.call('/api/admin/subsonic/settings', { method: 'PUT', body: { redirectClients: [] }, token: state.t.adminToken });
    }
  });

  it('getCoverArt: the original, or resized to the nearest size bucket; album and song ids work too', async () => {
    const { song } = await client().getSong({ id: await songId('Come Together') });
    const coverArt = song.coverArt ?? '';
    const original = await client().getCoverArt({ id: coverArt });
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await original.arrayBuffer()).equals(state.coverA)).toBe(true);
    const small = await client().getCoverArt({ id: coverArt, size: 100 });
    expect(small.status).toBe(200);
    const meta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(128);
    const etag = small.headers.get('etag') ?? '';
    expect((await rest('getCoverArt', { id: coverArt, size: '100' }, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // Never enlarged: a 300 px original asked at 1000 stays 300 px.
    const { song: miles } = await client().getSong({ id: await songId('So What') });
    const big = await client().getCoverArt({ id: miles.coverArt ?? '', size: 1000 });
    expect((await sharp(Buffer.from(await big.arrayBuffer())).metadata()).width).toBe(300);
    for (const id of [song.albumId ?? '', song.id]) {
      const r = await client().getCoverArt({ id });
      expect(Buffer.from(await r.arrayBuffer()).equals(state.coverA)).toBe(true);
    }
    expect(expectFailure((await rest('getCoverArt', { id: 'co-99999' })).json)).toBe(70);
    const nocover = await songId('Non, je ne <regrette> rien & "plus"');
    expect(expectFailure((await rest('getCoverArt', { id: nocover })).json)).toBe(70);
  });
});

describe('OpenSubsonic API (s3 store)', () => {
  const { state, rest, client, body } = setup('s3');

  it('streams objects from S3 through the server with Range, and redirects opted-in clients to S3', async () => {
    const c = client();
    const songs = (await c.search3({ query: '', songCount: 10, artistCount: 0, albumCount: 0 })).searchResult3.song ?? [];
    const id = songs.find((s) => s.title === 'Come Together')?.id ?? '';
    const ranged = await client({ headers: { Range: 'bytes=1000-2999' } }).stream({ id, maxBitRate: 128 });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-2999/${body(1, 'medium').length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(body(1, 'medium').subarray(1000, 3000))).toBe(true);
    const whole = await rest('stream', { id });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/mp4');
    expect(whole.body.equals(body(1, 'high'))).toBe(true);
    const cover = await c.getCoverArt({ id: songs[0]?.coverArt ?? '', size: 64 });
    expect((await sharp(Buffer.from(await cover.arrayBuffer())).metadata()).width).toBe(64);

    await state.t.call('/api/admin/subsonic/settings', { method: 'PUT', body: { redirectClients: ['subsonic-api'] }, token: state.t.adminToken });
    const redirected = await client({ redirect: 'manual' }).stream({ id, maxBitRate: 64 });
    expect(redirected.status).toBe(302);
    const location = new URL(redirected.headers.get('location') ?? '');
    expect(location.origin).toBe(new URL(state.t.s3?.endpoint ?? '').origin);
    expect(location.searchParams.get('X-Amz-Signature')).toBeTruthy();
    const followed = await fetch(location, { headers: { Range: 'bytes=0-99' } });
    expect(Buffer.from(await followed.arrayBuffer()).equals(body(1, 'low').subarray(0, 100))).toBe(true);
  });
});
