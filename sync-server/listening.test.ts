// The remote player's listening routes on the sync server: app/server's routers over the mirror's
// one listening service, behind device auth. Subsonic tier 2 shares the same stores, so a
// scrobble shows in the history views and a star in the favorites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemPrefs, Page, Playlist, PlaylistSummary, PlayerState, PlayReportResult, PlayedTrack, SmartPlaylist, Track } from '../app/contract/index.ts';
import { fingerprintOf, makeTrack, startTestServer, sync, type TestServer } from './testing/testkit.ts';

let t: TestServer;
/** Mirror track ids by source id. */
const ids = new Map<number, number>();
const idOf = (sourceId: number): number => ids.get(sourceId) ?? 0;

beforeAll(async () => {
  t = await startTestServer('fs');
  const tracks = [1, 2, 3, 4].map((n) => makeTrack(n, { meta: { title: `Song ${n}`, trackNo: n, durationMs: 200_000 } }));
  const published = await sync(t, tracks);
  expect(published.published).toHaveLength(4);
  const changes = await t.call<{ changes: Array<{ key: string; trackId: number }> }>('/api/sync/changes?since=0');
  for (const n of [1, 2, 3, 4]) ids.set(n, changes.body.changes.find((c) => c.key === fingerprintOf(n))?.trackId ?? 0);
}, 60_000);
afterAll(async () => t?.close());

const rest = async (name: string, params: Record<string, string>) => {
  const q = new URLSearchParams({ apiKey: t.device.token, f: 'json', v: '1.16.1', c: 'test', ...params });
  const res = await fetch(`${t.server.url}/rest/${name}?${q}`);
  const body = (await res.json()) as { 'subsonic-response': { status: string } & Record<string, unknown> };
  expect(body['subsonic-response'].status).toBe('ok');
  return body['subsonic-response'];
};

describe('remote-mode listening routes', () => {
  it.each([
    ['GET', '/api/playlists'], ['POST', '/api/playlists'], ['GET', '/api/prefs?kind=track&ids=1'], ['PUT', '/api/prefs/track/1'],
    ['GET', '/api/favorites/tracks'], ['POST', '/api/history/plays'], ['GET', '/api/history/recent'], ['GET', '/api/history/most-played'],
    ['GET', '/api/stats/listening'], ['GET', '/api/smart-playlists'], ['GET', '/api/recommendations/mixes'], ['GET', '/api/player'],
    ['PUT', '/api/player'],
  ])('%s %s needs a device token (401 without)', async (method, path) => {
    const res = await t.call(path, { method, token: null, ...(method === 'GET' ? {} : { body: {} }) });
    expect(res.status).toBe(401);
  });

  it('a body that is not JSON is a 415 and one that is not UTF-8 a 400, for a device and a desktop alike; nothing changes', async () => {
    const headers = { authorization: `Bearer ${t.device.token}` };
    const before = (await t.call<PlayerState>('/api/player')).body;
    const plain = await fetch(`${t.server.url}/api/player`, { method: 'PUT', headers: { ...headers, 'content-type': 'text/plain' }, body: '{"volume":0.1}' });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ error: { status: 415, field: 'body' } });
    const latin = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('"}')]);
    const bad = await fetch(`${t.server.url}/api/playlists`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: latin });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { status: 400, field: 'body', message: 'the request body is not valid UTF-8' } });
    const form = await fetch(`${t.server.url}/api/sync/manifest`, { method: 'POST', headers: { authorization: `Bearer ${t.syncDevice.token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'tracks=1' });
    expect(form.status).toBe(415);
    expect((await t.call<PlayerState>('/api/player')).body).toEqual(before);
    expect((await t.call<PlaylistSummary[]>('/api/playlists')).body.filter((p) => p.name.includes('\ufffd'))).toEqual([]);
  });

  it('playlists: create, add (idempotent), remove with versions (409 when stale), delete', async () => {
    const created = await t.call<Playlist>('/api/playlists', { body: { name: 'Road trip', trackIds: [idOf(1)] } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const add = { key: 'k1', trackIds: [idOf(2), idOf(3)] };
    const a1 = await t.call<{ added: number; replayed: boolean; playlist: Playlist }>(`/api/playlists/${id}/entries`, { body: add });
    expect(a1.status).toBe(201);
    const a2 = await t.call<{ added: number; replayed: boolean }>(`/api/playlists/${id}/entries`, { body: add });
    expect(a2.body).toMatchObject({ replayed: true });
    const stale = await t.call(`/api/playlists/${id}/entries/remove`, { body: { version: 1, entryIds: [a1.body.playlist.entries[0]?.id] } });
    expect(stale.status).toBe(409);
    const list = await t.call<PlaylistSummary[]>('/api/playlists');
    expect(list.body.find((p) => p.id === id)).toMatchObject({ name: 'Road trip', trackCount: 3 });
    const del = await t.call(`/api/playlists/${id}?version=${a1.body.playlist.version}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
  });

  it('prefs: favorite and rating, listed in favorites', async () => {
    const set = await t.call<ItemPrefs>(`/api/prefs/track/${idOf(2)}`, { method: 'PUT', body: { favorite: true, rating: 4 } });
    expect(set.body).toMatchObject({ favorite: true, rating: 4 });
    const got = await t.call<ItemPrefs[]>(`/api/prefs?kind=track&ids=${idOf(2)}`);
    expect(got.body[0]).toMatchObject({ favorite: true, rating: 4 });
    const favs = await t.call<Page<Track>>('/api/favorites/tracks');
    expect(favs.body.items.map((x) => x.id)).toContain(idOf(2));
  });

  it('history: play reports (deduped), recent, most played, stats; smart playlists see them', async () => {
    const started = Date.now() - 60_000;
    const play = { clientEventId: 'remote-play-1', trackId: idOf(3), startedAt: started, endedAt: started + 50_000, msListened: 50_000, completed: false, source: 'album' };
    const r1 = await t.call<PlayReportResult>('/api/history/plays', { body: { plays: [play] } });
    expect(r1.body).toEqual({ accepted: 1, duplicates: 0, counted: 1 });
    const r2 = await t.call<PlayReportResult>('/api/history/plays', { body: { plays: [play] } });
    expect(r2.body).toMatchObject({ accepted: 0, duplicates: 1 });
    const recent = await t.call<Page<PlayedTrack>>('/api/history/recent');
    expect(JSON.stringify(recent.body.items)).toContain(`"id":${idOf(3)}`);
    const most = await t.call<Page<unknown>>('/api/history/most-played?range=all');
    expect(most.body.total).toBeGreaterThanOrEqual(1);
    const stats = await t.call<{ plays: number }>('/api/stats/listening');
    expect(stats.status).toBe(200);
    expect(stats.body.plays).toBeGreaterThanOrEqual(1);
    const smart = await t.call<SmartPlaylist[]>('/api/smart-playlists');
    expect(smart.body.map((s) => s.builtIn).sort()).toEqual(['forgotten-favorites', 'heavy-rotation', 'never-played']);
    const never = smart.body.find((s) => s.builtIn === 'never-played');
    const tracks = await t.call<Page<Track>>(`/api/smart-playlists/${never?.id}/tracks`);
    expect(tracks.body.items.map((x) => x.id)).not.toContain(idOf(3));
  });

  it('player state: PUT then GET (the remote queue and position survive a reload)', async () => {
    const put = await t.call<PlayerState>('/api/player', { method: 'PUT', body: { queue: [idOf(1), idOf(2)], index: 1, positionMs: 12_345 } });
    expect(put.status).toBe(200);
    const got = await t.call<PlayerState>('/api/player');
    expect(got.body).toMatchObject({ queue: [idOf(1), idOf(2)], index: 1, positionMs: 12_345 });
  });

  it('Subsonic tier 2 uses the same stores: scrobbles reach history and recommendations, stars the favorites', async () => {
    const at = Date.now() - 3_600_000;
    await rest('scrobble', { id: `tr-${idOf(4)}`, time: String(at), submission: 'true' });
    await rest('scrobble', { id: `tr-${idOf(1)}`, time: String(at + 200_000), submission: 'true' });
    const events = await t.call<Page<{ trackId: number; clientEventId: string }>>('/api/history/events');
    expect(events.body.items.map((e) => e.trackId)).toEqual(expect.arrayContaining([idOf(4), idOf(1)]));
    await rest('star', { id: `tr-${idOf(1)}` });
    const favs = await t.call<Page<Track>>('/api/favorites/tracks');
    expect(favs.body.items.map((x) => x.id)).toContain(idOf(1));
    // A playlist made in the remote UI is a Subsonic playlist.
    await t.call('/api/playlists', { body: { name: 'Shared', trackIds: [idOf(4)] } });
    const lists = await rest('getPlaylists', {});
    expect(JSON.stringify(lists)).toContain('Shared');
    // Recommendations are computed from those plays (the Subsonic scrobbles are a session).
    const refreshed = await t.call<{ state: string }>('/api/recommendations/refresh?wait=1', { body: {} });
    expect(refreshed.status).toBe(200);
    const similar = await t.call<{ trackId: number; status: { events: number; sessions: number } }>(`/api/recommendations/similar/${idOf(4)}`);
    expect(similar.status).toBe(200);
    // The two scrobbles are in the model (recent plays themselves are never recommended back).
    expect(similar.body.trackId).toBe(idOf(4));
    expect(similar.body.status.events).toBeGreaterThanOrEqual(2);
  });
});

describe('the journal budget: what one caller may add to the listening journal', () => {
  let b: TestServer;
  const ids: number[] = [];
  beforeAll(async () => {
    // 20 kB an hour per caller here (64 MB by default): a 40-entry playlist's reorder journals ~1.6 kB.
    b = await startTestServer('fs', { limits: { journalBytesPerHour: 20_000 }, rendererDir: false });
    await sync(b, [1, 2, 3, 4].map((n) => makeTrack(n, { meta: { title: `Song ${n}` } })));
    ids.push(...(await b.call<Page<Track>>('/api/tracks')).body.items.map((x) => x.id));
  }, 60_000);
  afterAll(async () => b?.close());

  const journalLength = async () => (await b.call<{ changes: unknown[] }>('/api/sync/listening/changes?since=0&events=0', { token: b.syncDevice.token })).body.changes.length;

  it('refuses a device past its budget (429, Retry-After; the edit not made, nothing journaled), on /api and Subsonic alike; others edit on; an hour later it may again', async () => {
    let p = (await b.call<Playlist>('/api/playlists', { body: { name: 'Big', trackIds: Array.from({ length: 40 }, (_, i) => ids[i % 4] as number) } })).body;
    let refused: { status: number; body: { error: { status: number; message: string } }; headers: Headers } | null = null;
    let moves = 0;
    for (let i = 0; i < 50 && !refused; i++) {
      const r = await b.call<Playlist & { error: { status: number; message: string } }>(`/api/playlists/${p.id}/entries/move`, { body: { version: p.version, entryIds: [p.entries[39]!.id], to: 0 } });
      if (r.status === 429) refused = r;
      else {
        expect(r.status).toBe(200);
        p = r.body;
        moves++;
      }
    }
    expect(moves).toBeGreaterThan(5);
    expect(refused?.body.error).toMatchObject({ status: 429, message: expect.stringMatching(/^too many playlist changes from this device lately; try again in \d+ s$/) });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    // The refused edit was not made, and the journal holds the create and the moves only.
    expect((await b.call<Playlist>(`/api/playlists/${p.id}`)).body.version).toBe(p.version);
    expect(await journalLength()).toBe(1 + moves);
    // Subsonic with the same device's API key shares its budget.
    const q = new URLSearchParams({ apiKey: b.device.token, f: 'json', v: '1.16.1', c: 'test', name: 'From Subsonic' });
    for (let i = 0; i < 40; i++) q.append('songId', `tr-${ids[i % 4]}`);
    const rest = await fetch(`${b.server.url}/rest/createPlaylist?${q}`);
    expect(rest.status).toBe(429);
    expect(((await rest.json()) as { 'subsonic-response': { error: { code: number; message: string } } })['subsonic-response'].error).toMatchObject({ code: 0, message: expect.stringMatching(/^Too many playlist changes/) });
    expect((await b.call<PlaylistSummary[]>('/api/playlists')).body.map((x) => x.name)).toEqual(['Big']);
    // Reading is not limited, and another device has its own budget.
    expect((await b.call(`/api/playlists/${p.id}`)).status).toBe(200);
    const other = (await b.call<{ token: string }>('/api/admin/devices', { body: { name: 'tablet' }, token: b.adminToken })).body;
    expect((await b.call(`/api/playlists/${p.id}`, { method: 'PUT', body: { version: p.version, name: 'From the tablet' }, token: other.token })).status).toBe(200);
    // An hour later the device may edit again.
    b.clock.offsetMs = 3600_000 + 1000;
    const again = await b.call<Playlist>(`/api/playlists/${p.id}`);
    expect((await b.call(`/api/playlists/${p.id}`, { method: 'PUT', body: { version: again.body.version, name: 'Again' } })).status).toBe(200);
    b.clock.offsetMs = 0;
  });
});
