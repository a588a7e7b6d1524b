// Two-way sync of listening data (app/library/SYNC.md) between a real desktop catalog (the
// fixture's stores) and a real sync server: syncListening() — what sync() runs after the tracks —
// pushes the desktop's playlists, favorites/ratings and plays, and replays the server's journal
// of remote edits (remote player API, Subsonic) and its remote plays on the desktop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemPrefs, Page, PlayEvent, Playlist, PlaylistSummary } from '../app/contract/index.ts';
import { fixture, type Fixture } from '../app/library/testing/fixture.ts';
import { createSyncApi, type SyncApi } from '../app/sync/api.ts';
import { syncListening } from '../app/sync/listening.ts';
import { fingerprintOf, makeTrack, startTestServer, sync, type TestServer } from './testing/testkit.ts';

let t: TestServer;
let desk: Fixture;
let api: SyncApi;
/** Mirror track id by desktop track id (= source id). */
const mirror = new Map<number, number>();
const m = (sourceId: number): number => mirror.get(sourceId) ?? 0;

// A fresh desktop library and a fresh sync server (one source library per server) per test.
beforeEach(async () => {
  t = await startTestServer('fs');
  api = createSyncApi({ server: t.server.url, token: t.syncDevice.token });
  desk = fixture([1, 2, 3, 4].map((n) => ({ title: `Track ${n}`, artist: 'Band', durationMs: 200_000 })));
  const published = await sync(t, desk.ids.map((id) => makeTrack(id, { meta: { title: `Track ${id}`, durationMs: 200_000 } })));
  expect(published.rejected).toEqual([]);
  const changes = await t.call<{ changes: Array<{ key: string; trackId: number }> }>('/api/sync/changes?since=0');
  mirror.clear();
  for (const id of desk.ids) mirror.set(id, changes.body.changes.find((c) => c.key === fingerprintOf(id))?.trackId ?? 0);
}, 60_000);
afterEach(async () => {
  await desk.cleanup();
  await t.close();
});

const run = () => syncListening({ catalog: desk.catalog, api, stores: desk.listening });
const id = (i: number): number => desk.ids[i] ?? 0;
const serverPlaylist = async (name: string): Promise<Playlist | undefined> => {
  const list = await t.call<PlaylistSummary[]>('/api/playlists');
  const s = list.body.find((p) => p.name === name);
  return s ? (await t.call<Playlist>(`/api/playlists/${s.id}`)).body : undefined;
};
const subsonic = async (name: string, params: Record<string, string>) => {
  const q = new URLSearchParams({ apiKey: t.device.token, f: 'json', v: '1.16.1', c: 'symfonium', ...params });
  const body = (await (await fetch(`${t.server.url}/rest/${name}?${q}`)).json()) as { 'subsonic-response': { status: string } };
  expect(body['subsonic-response'].status).toBe('ok');
};
const uidOf = (playlistId: number): string => desk.catalog.db.prepare('SELECT uid FROM playlists WHERE id = ?').pluck().get(playlistId) as string;

describe('playlists', () => {
  it('a playlist created on the desktop appears on the server after sync, in order', async () => {
    const p = desk.listening.playlists.create({ name: 'Desk mix', trackIds: [id(2), id(0)] });
    const r = await run();
    expect(r.playlistsPushed).toBe(1);
    const s = await serverPlaylist('Desk mix');
    expect(s?.entries.map((e) => e.track.id)).toEqual([m(id(2)), m(id(0))]);
    expect(s?.version).toBe(p.version);
    // Nothing changed: nothing is sent again.
    expect((await run()).playlistsPushed).toBe(0);
  });

  it('remote edits (rename, add, remove, reorder) replay on the desktop; a retried remote add lands once', async () => {
    const p = desk.listening.playlists.create({ name: 'Shared', trackIds: [id(0), id(1)] });
    await run();
    const s = await serverPlaylist('Shared');
    if (!s) throw new Error('not pushed');
    let v = (await t.call<Playlist>(`/api/playlists/${s.id}`, { method: 'PUT', body: { version: s.version, name: 'Shared (renamed)' } })).body.version;
    const add = { key: 'remote-add-1', trackIds: [m(id(3))] };
    const added = await t.call<{ playlist: Playlist }>(`/api/playlists/${s.id}/entries`, { body: add });
    expect((await t.call<{ replayed: boolean }>(`/api/playlists/${s.id}/entries`, { body: add })).body.replayed).toBe(true);
    v = added.body.playlist.version;
    const first = added.body.playlist.entries[0]?.id ?? 0;
    v = (await t.call<Playlist>(`/api/playlists/${s.id}/entries/remove`, { body: { version: v, entryIds: [first] } })).body.version;
    await t.call<Playlist>(`/api/playlists/${s.id}/entries/move`, { body: { version: v, from: 1, to: 0 } });

    const r = await run();
    expect(r).toMatchObject({ applied: 4, rebased: 0, dropped: [] });
    const local = desk.listening.playlists.get(p.id);
    expect(local?.name).toBe('Shared (renamed)');
    expect(local?.entries.map((e) => e.track.id)).toEqual([id(3), id(1)]);
    const after = await serverPlaylist('Shared (renamed)');
    expect(after?.entries.map((e) => e.track.id)).toEqual([m(id(3)), m(id(1))]);
    expect(after?.version).toBe(local?.version);
    // Synced twice: nothing replays again.
    expect(await run()).toMatchObject({ applied: 0, rebased: 0, dropped: [] });
    expect(desk.listening.playlists.get(p.id)?.entries).toHaveLength(2);
  });

  it('a selection moved in the remote UI is one request and one journal entry, replayed on the desktop; a refused move leaves no trace', async () => {
    const p = desk.listening.playlists.create({ name: 'Moved remotely', trackIds: [id(0), id(1), id(2), id(3)] });
    await run();
    const s = await serverPlaylist('Moved remotely');
    if (!s) throw new Error('not pushed');
    const [a, , c, d] = s.entries.map((e) => e.id) as [number, number, number, number];
    const bad = await t.call<{ error: { message: string } }>(`/api/playlists/${s.id}/entries/move`, { body: { version: s.version, entryIds: [a, d], to: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('to: must be at most 2: the playlist has 4 entries and the move takes 2 of them');
    const moved = await t.call<Playlist>(`/api/playlists/${s.id}/entries/move`, { body: { version: s.version, entryIds: [d, a], to: 1 } });
    expect(moved.body.entries.map((e) => e.id)).toEqual([s.entries[1]!.id, d, a, c]);
    expect(await run()).toMatchObject({ applied: 1, rebased: 0, dropped: [] });
    expect(desk.listening.playlists.get(p.id)?.entries.map((e) => e.track.id)).toEqual([id(1), id(3), id(0), id(2)]);
  });

  it('the journal is pulled in pages bounded in bytes (an order op carries the whole playlist), and the desktop still replays every op', async () => {
    // This server's pages hold 2,000 bytes of ops (8 MB by default); one op larger than that comes alone.
    await t.close();
    t = await startTestServer('fs', { limits: { journalPageBytes: 2000 } });
    api = createSyncApi({ server: t.server.url, token: t.syncDevice.token });
    await sync(t, desk.ids.map((i) => makeTrack(i, { meta: { title: `Track ${i}`, durationMs: 200_000 } })));
    const changes = await t.call<{ changes: Array<{ key: string; trackId: number }> }>('/api/sync/changes?since=0');
    for (const i of desk.ids) mirror.set(i, changes.body.changes.find((c) => c.key === fingerprintOf(i))?.trackId ?? 0);
    const trackIds = Array.from({ length: 40 }, (_, i) => m(id(i % 4)));
    let p = (await t.call<Playlist>('/api/playlists', { body: { name: 'Long', trackIds } })).body;
    for (let i = 0; i < 5; i++) {
      p = (await t.call<Playlist>(`/api/playlists/${p.id}/entries/move`, { body: { version: p.version, entryIds: [p.entries[39 - i]!.id], to: i } })).body;
    }
    const first = await t.call<{ changes: unknown[]; cursor: number; more: boolean }>('/api/sync/listening/changes?since=0&events=0&limit=1000');
    expect(first.status).toBe(200);
    expect(first.body.changes).toHaveLength(1);
    expect(first.body.more).toBe(true);
    const second = await t.call<{ changes: Array<{ op: { type: string } }>; more: boolean }>(`/api/sync/listening/changes?since=${first.body.cursor}&events=0&limit=1000`);
    expect(second.body.changes.map((c) => c.op.type)).toEqual(['order']);
    await run();
    const local = desk.listening.playlists.list().find((x) => x.name === 'Long');
    const server = (await t.call<Playlist>(`/api/playlists/${p.id}`)).body;
    expect(desk.listening.playlists.get(local?.id ?? 0)?.entries.map((e) => m(e.track.id))).toEqual(server.entries.map((e) => e.track.id));
    expect(desk.listening.playlists.get(local?.id ?? 0)?.version).toBe(server.version);
  });

  it('a playlist made remotely (remote UI and Subsonic) is created on the desktop with the same uid', async () => {
    await t.call('/api/playlists', { body: { name: 'From the phone', trackIds: [m(id(1)), m(id(2))] } });
    await subsonic('createPlaylist', { name: 'From Symfonium', songId: `tr-${m(id(3))}` });
    await run();
    const local = desk.listening.playlists.list();
    const phone = local.find((p) => p.name === 'From the phone');
    expect(desk.listening.playlists.get(phone?.id ?? 0)?.entries.map((e) => e.track.id)).toEqual([id(1), id(2)]);
    const sym = local.find((p) => p.name === 'From Symfonium');
    expect(desk.listening.playlists.get(sym?.id ?? 0)?.entries.map((e) => e.track.id)).toEqual([id(3)]);
    // Same uid on both ends: the server's next journal entry for it replays here.
    const server = await serverPlaylist('From the phone');
    await t.call(`/api/playlists/${server?.id}`, { method: 'PUT', body: { version: server?.version, name: 'From the phone, renamed' } });
    expect((await run()).applied).toBe(1);
    expect(desk.listening.playlists.get(phone?.id ?? 0)?.name).toBe('From the phone, renamed');
    // Converged: one copy each, no duplicates after another run.
    await run();
    expect(desk.listening.playlists.list().map((p) => p.name).sort()).toEqual(['From Symfonium', 'From the phone, renamed']);
    expect((await t.call<PlaylistSummary[]>('/api/playlists')).body.map((p) => p.name).sort()).toEqual(['From Symfonium', 'From the phone, renamed']);
  });

  it('a playlist imported from an M3U file in the remote player reaches the desktop like any remote edit', async () => {
    const m3u = `#EXTM3U\n#EXTINF:200,Artist - Track ${id(2)}\nsomewhere/2.flac\n#EXTINF:200,Artist - Track ${id(0)}\nsomewhere/0.flac\n`;
    const res = await fetch(`${t.server.url}/api/playlists/import?name=Imported%20on%20the%20phone`, {
      method: 'POST', headers: { authorization: `Bearer ${t.device.token}`, 'content-type': 'audio/x-mpegurl' }, body: m3u,
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { playlist: Playlist }).playlist.entries.map((e) => e.track.id)).toEqual([m(id(2)), m(id(0))]);
    await run();
    const local = desk.listening.playlists.list().find((p) => p.name === 'Imported on the phone');
    expect(desk.listening.playlists.get(local?.id ?? 0)?.entries.map((e) => e.track.id)).toEqual([id(2), id(0)]);
  });

  it('a Subsonic playlist name or comment the library API would refuse is refused (error 0), so it never reaches — and stops — the desktop’s sync', async () => {
    const rest = async (name: string, params: Record<string, string>) => {
      const q = new URLSearchParams({ apiKey: t.device.token, f: 'json', v: '1.16.1', c: 'symfonium', ...params });
      return ((await (await fetch(`${t.server.url}/rest/${name}?${q}`)).json()) as { 'subsonic-response': { status: string; error?: { code: number; message: string } } })['subsonic-response'];
    };
    const long = 'n'.repeat(201);
    for (const [method, params, message] of [
      ['createPlaylist', { name: long, songId: `tr-${m(id(0))}` }, /^name: must be at most 200 characters/],
      ['createPlaylist', { name: '   ' }, /^name: must not be empty/],
    ] as const) {
      const r = await rest(method, params);
      expect(r.status, method).toBe('failed');
      expect(r.error?.code).toBe(0);
      expect(r.error?.message).toMatch(message);
    }
    await subsonic('createPlaylist', { name: '  Road trip  ', songId: `tr-${m(id(0))}` });
    const pid = (await t.call<PlaylistSummary[]>('/api/playlists')).body.find((p) => p.name === 'Road trip')?.id;
    expect(pid).toBeDefined();
    for (const params of [{ name: long }, { comment: 'c'.repeat(2001) }] as Array<Record<string, string>>) {
      const r = await rest('updatePlaylist', { playlistId: `pl-${pid}`, ...params });
      expect(r.error?.code, JSON.stringify(params).slice(0, 20)).toBe(0);
    }
    await subsonic('updatePlaylist', { playlistId: `pl-${pid}`, comment: 'c'.repeat(2000) });
    // The desktop takes the remote playlist and pushes it back: the sync goes through.
    await run();
    expect((await run()).playlistsPushed).toBe(0);
    expect(desk.listening.playlists.list().map((p) => [p.name, p.description.length])).toEqual([['Road trip', 2000]]);
  });

  it('conflict: edited remotely and on the desktop since the last sync → appends rebase, the desktop’s rename wins, both converge', async () => {
    const p = desk.listening.playlists.create({ name: 'Both', trackIds: [id(0)] });
    await run();
    const s = await serverPlaylist('Both');
    if (!s) throw new Error('not pushed');
    // Remote: rename, then append track 3.
    const renamed = await t.call<Playlist>(`/api/playlists/${s.id}`, { method: 'PUT', body: { version: s.version, name: 'Both (phone)' } });
    await t.call(`/api/playlists/${s.id}/entries`, { body: { key: 'phone-add', trackIds: [m(id(3))] } });
    // A second remote rename based on the old version is refused by the server (409 with the current state).
    const stale = await t.call<{ current: Playlist }>(`/api/playlists/${s.id}`, { method: 'PUT', body: { version: s.version, name: 'Too late' } });
    expect(stale.status).toBe(409);
    expect(stale.body.current.version).toBe(renamed.body.version + 1);
    // Desktop, meanwhile: rename and append track 1.
    const d1 = desk.listening.playlists.update(p.id, { version: p.version, name: 'Both (desk)' });
    desk.listening.playlists.add(p.id, { key: 'desk-add', trackIds: [id(1)] });
    expect(d1.version).toBe(s.version + 1);

    const r = await run();
    expect(r.rebased).toBe(1);
    expect(r.dropped).toEqual([{ uid: uidOf(p.id), op: 'update', reason: 'renamed on the desktop too' }]);
    const local = desk.listening.playlists.get(p.id);
    expect(local?.name).toBe('Both (desk)');
    expect(local?.entries.map((e) => e.track.id)).toEqual([id(0), id(1), id(3)]);
    const server = await serverPlaylist('Both (desk)');
    expect(server?.entries.map((e) => e.track.id)).toEqual([m(id(0)), m(id(1)), m(id(3))]);
    expect(server?.version).toBe(local?.version);
    expect(await serverPlaylist('Both (phone)')).toBeUndefined();
    expect(await run()).toMatchObject({ applied: 0, rebased: 0, dropped: [], playlistsPushed: 0 });
  });

  it('a playlist deleted on the desktop while edited remotely: the tombstone wins, the remote edit is reported dropped', async () => {
    const p = desk.listening.playlists.create({ name: 'Doomed', trackIds: [id(0)] });
    await run();
    const s = await serverPlaylist('Doomed');
    if (!s) throw new Error('not pushed');
    await t.call(`/api/playlists/${s.id}`, { method: 'PUT', body: { version: s.version, description: 'edited on the phone' } });
    desk.listening.playlists.delete(p.id, p.version);
    const r = await run();
    expect(r.dropped).toEqual([{ uid: expect.any(String), op: 'update', reason: 'the playlist was deleted on the desktop' }]);
    expect(r.tombstonesPushed).toBe(1);
    expect(await serverPlaylist('Doomed')).toBeUndefined();
  });
});

describe('favorites and ratings', () => {
  it('travel both ways (remote UI and Subsonic star); last writer wins by time', async () => {
    desk.listening.prefs.set('track', id(0), { favorite: true, rating: 3 });
    expect((await run()).prefsPushed).toBe(1);
    const onServer = await t.call<ItemPrefs[]>(`/api/prefs?kind=track&ids=${m(id(0))}`);
    expect(onServer.body[0]).toMatchObject({ favorite: true, rating: 3 });

    await t.call(`/api/prefs/track/${m(id(1))}`, { method: 'PUT', body: { rating: 5 } });
    await subsonic('star', { id: `tr-${m(id(2))}` });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // A later local change of track 0 beats the older remote one.
    await t.call(`/api/prefs/track/${m(id(0))}`, { method: 'PUT', body: { favorite: false } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    desk.listening.prefs.set('track', id(0), { rating: 4 });
    const r = await run();
    expect(r.prefsPulled).toBe(2);
    const local = desk.listening.prefs.get('track', [id(0), id(1), id(2)]);
    expect(local.map((x) => [x.favorite, x.rating])).toEqual([[true, 4], [false, 5], [true, 0]]);
    const server = await t.call<ItemPrefs[]>(`/api/prefs?kind=track&ids=${[id(0), id(1), id(2)].map(m).join(',')}`);
    expect(server.body.map((x) => [x.favorite, x.rating])).toEqual([[true, 4], [false, 5], [true, 0]]);
  });

  it('a batch loved in the remote UI (one request) reaches the desktop', async () => {
    const ids = [id(1), id(3)];
    desk.listening.prefs.set('track', id(1), { rating: 5 });
    expect((await run()).prefsPushed).toBe(1);
    const res = await t.call<ItemPrefs[]>('/api/prefs/track', { method: 'PUT', body: { ids: ids.map(m), favorite: true } });
    expect(res.body.map((x) => [x.id, x.favorite])).toEqual(ids.map((i) => [m(i), true]));
    expect((await run()).prefsPulled).toBe(2);
    expect(desk.listening.prefs.get('track', ids).map((x) => [x.favorite, x.rating])).toEqual([[true, 5], [true, 0]]);
  });
});

describe('play events', () => {
  it('remote plays (history API and Subsonic scrobble) reach the desktop once, with their times, counted by the same rule', async () => {
    const t0 = Date.now() - 3 * 3_600_000;
    const plays = [
      // 45 s of a 200 s track: counted (30 s rule).
      { clientEventId: `remote-${t0}-a`, trackId: m(id(0)), startedAt: t0, endedAt: t0 + 45_000, msListened: 45_000, completed: false, source: 'album', clientId: 'phone' },
      // 10 s: a skip, not counted.
      { clientEventId: `remote-${t0}-b`, trackId: m(id(1)), startedAt: t0 + 60_000, endedAt: t0 + 70_000, msListened: 10_000, completed: false, source: 'album', clientId: 'phone' },
    ];
    expect((await t.call('/api/history/plays', { body: { plays } })).status).toBe(200);
    await subsonic('scrobble', { id: `tr-${m(id(2))}`, time: String(t0 + 600_000), submission: 'true' });
    // A newer local play of track 0: "last played" stays the newer one.
    const local = Date.now() - 60_000;
    desk.listening.history.record([{ clientEventId: 'desk-1', trackId: id(0), startedAt: local, endedAt: local + 50_000, msListened: 50_000, completed: false, source: 'album' }]);

    const r1 = await run();
    expect(r1.eventsPulled).toBe(3);
    expect(r1.eventsPushed).toBe(1);
    const r2 = await run();
    expect(r2.eventsPulled).toBe(0);
    expect(r2.eventsPushed).toBe(0);

    const count = (trackId: number) => desk.catalog.db.prepare('SELECT play_count AS plays, skip_count AS skips, last_played_at AS last FROM track_plays WHERE track_id = ?').get(trackId);
    expect(count(id(0))).toEqual({ plays: 2, skips: 0, last: local });
    expect(count(id(1))).toEqual({ plays: 0, skips: 1, last: null });
    expect(count(id(2))).toEqual({ plays: 1, skips: 0, last: t0 + 600_000 });
    const events = desk.listening.history.events({ offset: 0, limit: 10 }).items;
    expect(events.find((e: PlayEvent) => e.clientEventId === `remote-${t0}-a`)).toMatchObject({ trackId: id(0), startedAt: t0, clientId: 'phone', counted: true });
    // The desktop's play reached the server's history (recommendations there see it too), once.
    const serverEvents = await t.call<Page<PlayEvent>>('/api/history/events?limit=100');
    expect(serverEvents.body.items.filter((e) => e.clientEventId === 'desk-1')).toHaveLength(1);
    // Pulling again from the start of the feed does not double count (dedupe by event id).
    desk.catalog.settings.set(`sync.listening:${api.server}`, {});
    await run();
    expect(count(id(0))).toEqual({ plays: 2, skips: 0, last: local });
    expect(count(id(2))).toEqual({ plays: 1, skips: 0, last: t0 + 600_000 });
  });
});
