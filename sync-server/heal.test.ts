// A mirror that heals, and buckets that can be shared — against the real server on the fs store and
// on s3rver: the audit (one listing of the server's own prefix) finds objects that storage lost or
// holds other bytes for, the next sync's first request hears of them and they are uploaded again;
// two servers on one bucket keep to their own prefixes through a garbage collection.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, GcResult, ManifestResponse, Page, StreamUrl, Track, UploadsResponse } from '../app/contract/index.ts';
import { createS3Store } from '../app/storage/s3.ts';
import { startTestS3, type TestS3 } from '../app/testing/s3.ts';
import { digestsOf, makeTrack, startTestServer, sync, type TestServer, type TestTrack } from './testing/testkit.ts';

const audit = (t: TestServer) => t.call<AuditResult>('/api/admin/audit', { method: 'POST', token: t.adminToken });

for (const kind of ['fs', 's3'] as const) {
  describe(`the audit and repair (${kind} store)`, () => {
    let t: TestServer;
    let tracks: TestTrack[];
    beforeAll(async () => {
      t = await startTestServer(kind);
      tracks = [1, 2, 3].map((n) => makeTrack(n, { meta: { title: `Song ${n}` } }));
      await sync(t, tracks);
    }, 60_000);
    afterAll(async () => t?.close());

    const idOf = async (title: string) => (await t.call<Page<Track>>('/api/tracks')).body.items.find((x) => x.title === title)?.id ?? 0;

    it('finds nothing wrong in a healthy mirror, with one listing', async () => {
      const before = t.s3?.requests.length ?? 0;
      const r = await audit(t);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ checked: 9, missing: [], wrong: [], healed: 0 });
      expect(r.body.scanned).toBeGreaterThanOrEqual(9);
      // A listing, never a HEAD per object.
      if (t.s3) expect(t.s3.requests.slice(before).filter((q) => q.startsWith('HEAD '))).toEqual([]);
    });

    it('records a deleted object and bytes replaced by hand; streams pass over them; the next manifest asks for those tracks again', async () => {
      const gone = tracks[0]?.track.renditions[0]?.key ?? '';
      const swapped = tracks[1]?.track.renditions[2]?.key ?? '';
      await t.server.store.delete(gone);
      const other = crypto.randomBytes(tracks[1]?.bodies.get(swapped)?.length ?? 0);
      const put = await t.server.store.presignPut(swapped, { contentType: 'audio/mp4', contentLength: other.length, ttlSeconds: 60 });
      expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: other })).status).toBe(200);

      const r = await audit(t);
      expect(r.body).toMatchObject({ missing: [gone], wrong: [swapped] });
      // The player is not handed the lost object: the next rung plays meanwhile.
      const high = await t.call<StreamUrl>(`/api/tracks/${await idOf('Song 1')}/stream?quality=high`);
      expect(high.body.rung).toBe('medium');
      const low = await t.call<StreamUrl>(`/api/tracks/${await idOf('Song 2')}/stream?quality=low`);
      expect(low.body.rung).toBe('medium');

      // The first request of a sync (whatever it asks about) names the tracks to send again.
      const first = await t.call<ManifestResponse>('/api/sync/manifest', { body: { tracks: [] } });
      expect(first.body.repair.sort()).toEqual([1, 2]);
      const again = await t.call<ManifestResponse>('/api/sync/manifest', { body: { tracks: tracks.map((x) => x.track) } });
      expect(again.body.upToDate).toEqual([3]);
      expect(again.body.missing.map((o) => o.key).sort()).toEqual([gone, swapped].sort());
    });

    it('the repair: the broken object is deleted before its new upload URL, which may only create; then all is well', async () => {
      const result = await sync(t, tracks);
      expect(result.rejected).toEqual([]);
      expect(result.uploaded).toBe(2);
      expect((await t.call<ManifestResponse>('/api/sync/manifest', { body: { tracks: [] } })).body.repair).toEqual([]);
      expect((await audit(t)).body).toMatchObject({ missing: [], wrong: [] });
      for (const x of tracks) {
        for (const r of x.track.renditions) {
          const s = await t.call<StreamUrl>(`/api/tracks/${await idOf(x.track.meta.title)}/stream?quality=${r.rung}`);
          expect(s.body.rung).toBe(r.rung);
          expect(Buffer.from(await (await fetch(s.body.url)).arrayBuffer()).equals(x.bodies.get(r.key) ?? Buffer.alloc(0))).toBe(true);
        }
      }
    });

    it('never looks at uploads a sync has not committed yet', async () => {
      const pending = makeTrack(9, { meta: { title: 'In flight' } });
      const key = pending.track.renditions[0]?.key ?? '';
      const body = pending.bodies.get(key) ?? Buffer.alloc(0);
      const urls = await t.call<UploadsResponse>('/api/sync/uploads', { body: { objects: [{ key, bytes: body.length, contentType: 'audio/mp4', ...digestsOf(body) }] } });
      const u = urls.body.uploads[0];
      expect((await fetch(u?.url ?? '', { method: 'PUT', headers: u?.headers, body })).status).toBe(200);
      const r = await audit(t);
      expect(r.body).toMatchObject({ checked: 9, missing: [], wrong: [] });
      expect(await t.server.store.head(key)).not.toBeNull();
    });
  });
}

describe('two servers sharing one bucket', () => {
  let s3: TestS3;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    s3 = await startTestS3();
    const bucket = { store: { kind: 's3' as const, endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true } };
    a = await startTestServer('fs', bucket);
    b = await startTestServer('fs', bucket);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
  });

  it('keep to their own prefixes: a garbage collection on each (no grace) loses nothing of the other', async () => {
    const ours = [1, 2, 3].map((n) => makeTrack(n, { meta: { title: `A ${n}` } }));
    const theirs = [1, 2, 3, 4].map((n) => makeTrack(n, { meta: { title: `B ${n}` }, fingerprint: crypto.createHash('sha256').update(`b-${n}`).digest('hex').slice(0, 32) }));
    await sync(a, ours);
    await sync(b, theirs);
    // Something else in the bucket (another app, or a third server) is never touched either.
    const raw = createS3Store({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true });
    const foreign = `renditions/${'ee'.repeat(16)}/high.m4a`;
    const put = await raw.presignPut(foreign, { contentType: 'audio/mp4', contentLength: 5, ttlSeconds: 60 });
    await fetch(put.url, { method: 'PUT', headers: put.headers, body: Buffer.from('hello') });
    const keys = async () => {
      const out: string[] = [];
      for await (const o of raw.list('')) out.push(o.key);
      return out;
    };
    const before = await keys();
    expect(before).toHaveLength(9 + 12 + 1);
    for (const t of [a, b]) {
      const gc = await t.call<GcResult>('/api/admin/gc', { body: { graceMs: 0 }, token: t.adminToken });
      expect(gc.body.deleted).toEqual([]);
      expect(gc.body.scanned).toBe(t === a ? 9 : 12);
      expect((await audit(t)).body).toMatchObject({ missing: [], wrong: [] });
    }
    expect((await keys()).sort()).toEqual(before.sort());
    const prefixes = new Set(before.filter((k) => k !== foreign).map((k) => /^(tonearm\/[0-9a-f]{16}\/)/.exec(k)?.[1]));
    expect(prefixes.size).toBe(2);
    for (const [t, n] of [[a, 3], [b, 4]] as const) {
      const list = (await t.call<Page<Track>>('/api/tracks')).body.items;
      expect(list).toHaveLength(n);
      for (const x of list) {
        const s = await t.call<StreamUrl>(`/api/tracks/${x.id}/stream?quality=high`);
        expect((await fetch(s.body.url, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
      }
    }
    // Removing a track on one server lets GC collect its objects there, and only there.
    await a.call('/api/sync/remove', { body: { sourceIds: [1] } });
    const gc = await a.call<GcResult>('/api/admin/gc', { body: { graceMs: 0 }, token: a.adminToken });
    expect(gc.body.deleted).toHaveLength(3);
    expect(await keys()).toHaveLength(before.length - 3);
    expect((await b.call<Page<Track>>('/api/tracks')).body.items).toHaveLength(4);
  });
});
