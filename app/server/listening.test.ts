// Playlists, history, prefs, smart playlists and recommendations through the real HTTP API:
// real audio files, the scanner, SQLite in a temp dir, a server on 127.0.0.1:0, fetch() (testing/libraryServer.ts).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  api, historyApi, playlistApi, prefsApi, recommendApi, smartPlaylistApi,
  type ApiError, type DailyMixes, type ItemPrefs, type Page, type PlayEvent, type PlayedTrack, type Playlist, type PlaylistAddResult,
  type PlaylistConflict, type PlaylistImportResult, type PlaylistSummary, type PlayReportResult, type SearchResult, type SimilarTracks,
  type SmartPlaylist, type Track,
} from '../contract/index.ts';
import { useLibraryServer } from './testing/libraryServer.ts';
import type { ToneSpec } from '../testing/audio.ts';

const token = 'listening-secret-0123456789';

const specs: ToneSpec[] = [
  { path: 'Alpha/First/01 Sun.mp3', format: 'mp3', seconds: 4, cover: 'red', tags: { title: 'Sun', artist: 'Alpha', album: 'First', album_artist: 'Alpha', track: '1', genre: 'Rock', date: '1999' } },
  { path: 'Alpha/First/02 Moon.mp3', format: 'mp3', seconds: 4, cover: 'red', tags: { title: 'Moon', artist: 'Alpha', album: 'First', album_artist: 'Alpha', track: '2', genre: 'Rock', date: '1999' } },
  { path: 'Beta/Second/01 Rain.flac', format: 'flac', seconds: 4, cover: 'blue', tags: { title: 'Rain', artist: 'Beta', album: 'Second', album_artist: 'Beta', track: '1', genre: 'Jazz' } },
  { path: 'Gamma/Third/01 Café Ünïcode.ogg', format: 'ogg', seconds: 4, cover: 'green', tags: { title: 'Café Ünïcode', artist: 'Gamma', album: 'Third', album_artist: 'Gamma', track: '1', genre: 'Pop' } },
  { path: 'Delta/Fourth/01 Wind.m4a', format: 'm4a', seconds: 4, cover: 'yellow', tags: { title: 'Wind', artist: 'Delta', album: 'Fourth', album_artist: 'Delta', track: '1', genre: 'Pop' } },
];

const h = useLibraryServer({ token, specs });
const { auth, get, json, send, byTitle } = h;

async function createPlaylist(name: string, trackIds: number[] = []): Promise<Playlist> {
  const res = await send('POST', playlistApi.list(), { name, trackIds });
  expect(res.status).toBe(201);
  return (await res.json()) as Playlist;
}

describe('auth on every new route', () => {
  const routes = (): [string, string, unknown?][] => [
    ['GET', playlistApi.list()], ['POST', playlistApi.list(), { name: 'x' }],
    ['GET', playlistApi.playlist(1)], ['PUT', playlistApi.playlist(1), { version: 1, name: 'y' }], ['DELETE', `${playlistApi.playlist(1)}?version=1`],
    ['POST', playlistApi.entries(1), { key: 'k', trackIds: [1] }], ['PUT', playlistApi.entries(1), { version: 1, entryIds: [] }],
    ['POST', playlistApi.remove(1), { version: 1, entryIds: [1] }], ['POST', playlistApi.move(1), { version: 1, from: 0, to: 0 }],
    ['GET', playlistApi.mosaic(1)], ['GET', playlistApi.exportFile(1)], ['POST', playlistApi.importFile(), '#EXTM3U'],
    ['POST', historyApi.progress(), {}], ['POST', historyApi.plays(), { plays: [] }], ['GET', historyApi.events()],
    ['GET', historyApi.recent()], ['GET', historyApi.mostPlayed()], ['GET', historyApi.recentlyAdded()], ['GET', historyApi.stats()],
    ['GET', `${prefsApi.lookup()}?kind=track&ids=1`], ['PUT', prefsApi.item('track', 1), { favorite: true }],
    ['GET', prefsApi.favoriteTracks()], ['GET', prefsApi.favoriteAlbums()], ['GET', prefsApi.favoriteArtists()],
    ['GET', smartPlaylistApi.list()], ['POST', smartPlaylistApi.list(), {}], ['GET', smartPlaylistApi.playlist(1)],
    ['PUT', smartPlaylistApi.playlist(1), {}], ['DELETE', `${smartPlaylistApi.playlist(1)}?version=1`],
    ['GET', smartPlaylistApi.tracks(1)], ['POST', smartPlaylistApi.preview(), {}],
    ['GET', recommendApi.mixes()], ['GET', recommendApi.similar(1)], ['GET', recommendApi.status()], ['POST', recommendApi.refresh()],
  ];

  it('lists every route builder', () => {
    const listed = new Set(routes().map(([, p]) => p.split('?')[0]?.replace(/\/\d+/g, '/:id')));
    const call = (f: unknown): string => (f === prefsApi.item ? prefsApi.item('track', 1) : (f as (id: number) => string)(1));
    const builders = [playlistApi, historyApi, prefsApi, smartPlaylistApi, recommendApi].flatMap((o) => Object.values(o).map((f) => call(f).split('?')[0]?.replace(/\/\d+/g, '/:id')));
    expect(builders).toHaveLength(28);
    for (const b of builders) expect(listed.has(b), b).toBe(true);
  });

  it('answers 401 JSON without the secret', async () => {
    for (const [method, p, body] of routes()) {
      const res = await send(method, p, body, {});
      expect(res.status, `${method} ${p}`).toBe(401);
      expect(((await res.json()) as ApiError).error.status).toBe(401);
    }
  });
});

describe('playlists', () => {
  it('creates, renames, describes, lists and deletes', async () => {
    const p = await createPlaylist('Road trip');
    expect(p).toMatchObject({ name: 'Road trip', description: '', version: 1, trackCount: 0, entries: [] });
    const res = await send('PUT', playlistApi.playlist(p.id), { version: 1, name: 'Road trip 2', description: 'summer' });
    const renamed = (await res.json()) as Playlist;
    expect(renamed).toMatchObject({ name: 'Road trip 2', description: 'summer', version: 2 });
    expect((await json<PlaylistSummary[]>(playlistApi.list())).map((x) => x.name)).toContain('Road trip 2');
    expect((await send('DELETE', `${playlistApi.playlist(p.id)}?version=1`)).status).toBe(409);
    expect((await send('DELETE', `${playlistApi.playlist(p.id)}?version=2`)).status).toBe(204);
    expect((await get(playlistApi.playlist(p.id))).status).toBe(404);
  });

  it('adds a track, a selection and a whole album (expanded in track order)', async () => {
    const p = await createPlaylist('Adds');
    const one = (await (await send('POST', playlistApi.entries(p.id), { key: 'a1', trackIds: [byTitle('Rain').id] })).json()) as PlaylistAddResult;
    expect(one.added).toBe(1);
    const sel = (await (await send('POST', playlistApi.entries(p.id), { key: 'a2', trackIds: [byTitle('Wind').id, byTitle('Rain').id] })).json()) as PlaylistAddResult;
    expect(sel.added).toBe(2);
    const album = (await (await send('POST', playlistApi.entries(p.id), { key: 'a3', albumIds: [byTitle('Sun').albumId] })).json()) as PlaylistAddResult;
    expect(album.playlist.entries.map((e) => e.track.title)).toEqual(['Rain', 'Wind', 'Rain', 'Sun', 'Moon']);
    expect(album.playlist.version).toBe(4);
    expect(album.playlist.coverIds.length).toBe(3);
    const bad = await send('POST', playlistApi.entries(p.id), { key: 'a4', trackIds: [999_999] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error.field).toBe('trackIds.0');
  });

  it('never duplicates a retried add (same idempotency key), even in parallel', async () => {
    const p = await createPlaylist('Retry');
    const body = { key: 'retry-key-1', trackIds: [byTitle('Sun').id, byTitle('Moon').id] };
    const first = await send('POST', playlistApi.entries(p.id), body);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as PlaylistAddResult;
    const retries = await Promise.all([1, 2, 3, 4, 5].map(() => send('POST', playlistApi.entries(p.id), body)));
    for (const r of retries) {
      expect(r.status).toBe(200);
      const b = (await r.json()) as PlaylistAddResult;
      expect(b.replayed).toBe(true);
      expect(b.entryIds).toEqual(firstBody.entryIds);
    }
    const parallel = await Promise.all([1, 2, 3].map(() => send('POST', playlistApi.entries(p.id), { key: 'retry-key-2', trackIds: [byTitle('Rain').id] })));
    expect(parallel.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const final = await json<Playlist>(playlistApi.playlist(p.id));
    expect(final.entries.map((e) => e.track.title)).toEqual(['Sun', 'Moon', 'Rain']);
    const reuse = await send('POST', playlistApi.entries(p.id), { key: 'retry-key-1', trackIds: [byTitle('Wind').id] });
    expect(reuse.status).toBe(422);
  });

  it('lets exactly one of two concurrent edits based on the same version win; the loser gets 409 with the current state', async () => {
    const p = await createPlaylist('Race', [byTitle('Sun').id, byTitle('Moon').id, byTitle('Rain').id]);
    const [a, b] = await Promise.all([
      send('PUT', playlistApi.playlist(p.id), { version: p.version, name: 'Window A' }),
      send('PUT', playlistApi.playlist(p.id), { version: p.version, name: 'Window B' }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = (a.status === 200 ? a : b);
    const loser = (a.status === 409 ? a : b);
    const won = (await winner.json()) as Playlist;
    const conflict = (await loser.json()) as PlaylistConflict;
    expect(conflict.error).toMatchObject({ status: 409, field: 'version' });
    expect(conflict.current).toMatchObject({ id: p.id, version: p.version + 1, name: won.name });
    expect(conflict.current.entries).toHaveLength(3);
    // The loser refreshes and re-applies on the current version.
    const reapplied = await send('PUT', playlistApi.playlist(p.id), { version: conflict.current.version, name: 'Window loser' });
    expect(reapplied.status).toBe(200);
    expect(await json<Playlist>(playlistApi.playlist(p.id))).toMatchObject({ name: 'Window loser', version: p.version + 2 });

    // Reorders race too: a move and a full order based on the same version.
    const cur = await json<Playlist>(playlistApi.playlist(p.id));
    const ids = cur.entries.map((e) => e.id);
    const [m, o] = await Promise.all([
      send('POST', playlistApi.move(p.id), { version: cur.version, from: 0, to: 2 }),
      send('PUT', playlistApi.entries(p.id), { version: cur.version, entryIds: [...ids].reverse() }),
    ]);
    expect([m.status, o.status].sort()).toEqual([200, 409]);
    const after = await json<Playlist>(playlistApi.playlist(p.id));
    const expected = m.status === 200 ? ['Moon', 'Rain', 'Sun'] : ['Rain', 'Moon', 'Sun'];
    expect(after.entries.map((e) => e.track.title)).toEqual(expected);
    expect(after.entries.map((e) => e.position)).toEqual([0, 1, 2]);
  });

  it('removes entries, moves and reorders', async () => {
    const p = await createPlaylist('Edit', [byTitle('Sun').id, byTitle('Moon').id, byTitle('Rain').id, byTitle('Wind').id]);
    const [e0, e1, e2, e3] = p.entries.map((e) => e.id) as [number, number, number, number];
    let cur = (await (await send('POST', playlistApi.remove(p.id), { version: p.version, entryIds: [e1] })).json()) as Playlist;
    expect(cur.entries.map((e) => e.track.title)).toEqual(['Sun', 'Rain', 'Wind']);
    cur = (await (await send('POST', playlistApi.move(p.id), { version: cur.version, from: 2, to: 0 })).json()) as Playlist;
    expect(cur.entries.map((e) => e.track.title)).toEqual(['Wind', 'Sun', 'Rain']);
    cur = (await (await send('PUT', playlistApi.entries(p.id), { version: cur.version, entryIds: [e0, e2, e3] })).json()) as Playlist;
    expect(cur.entries.map((e) => e.track.title)).toEqual(['Sun', 'Rain', 'Wind']);
    const bad = await send('PUT', playlistApi.entries(p.id), { version: cur.version, entryIds: [e0, e2] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error.field).toBe('entryIds');
  });

  it('moves a selection in one request: all of it or nothing, 409 with the current state, each bad input a one-sentence 400', async () => {
    const p = await createPlaylist('Multi move', ['Sun', 'Moon', 'Rain', 'Café Ünïcode', 'Wind'].map((t) => byTitle(t).id));
    const [sun, moon, rain, cafe, wind] = p.entries.map((e) => e.id) as [number, number, number, number, number];
    const move = (body: unknown) => send('POST', playlistApi.move(p.id), body);
    const moved = await move({ version: p.version, entryIds: [sun, rain], to: 3 }); // non-contiguous, down
    expect(moved.status).toBe(200);
    const cur = (await moved.json()) as Playlist;
    expect(cur.entries.map((e) => e.id)).toEqual([moon, cafe, wind, sun, rain]);
    const stale = await move({ version: p.version, entryIds: [wind], to: 0 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as PlaylistConflict).current.entries.map((e) => e.id)).toEqual([moon, cafe, wind, sun, rain]);
    const other = await createPlaylist('Other', [byTitle('Sun').id]);
    const bad: [unknown, string, string][] = [
      [{ entryIds: [moon, other.entries[0]!.id], to: 0 }, 'entryIds.1', `entryIds.1: entry ${other.entries[0]!.id} is not in playlist ${p.id}`],
      [{ entryIds: [moon, wind, moon], to: 0 }, 'entryIds.2', `entryIds.2: entry ${moon} is named twice`],
      [{ entryIds: Array.from({ length: 100_001 }, (_, i) => i + 1), to: 0 }, 'entryIds', 'entryIds: must name at most 100000 entries'],
      [{ entryIds: [], to: 0 }, 'entryIds', 'entryIds: must name at least one entry'],
      [{ entryIds: [moon, wind], to: 4 }, 'to', 'to: must be at most 3: the playlist has 5 entries and the move takes 2 of them'],
      [{ entryIds: [moon], to: -1 }, 'to', 'to: must be a position (0 or more)'],
      [{ entryIds: [moon], from: 0, to: 1 }, 'from', 'from: give exactly one of entryIds (the entries to move) or from (a position)'],
    ];
    for (const [body, field, message] of bad) {
      const res = await move({ version: cur.version, ...(body as object) });
      expect(res.status, message).toBe(400);
      expect(((await res.json()) as ApiError).error).toEqual({ status: 400, field, message });
    }
    // Nothing moved (the tracks themselves may have changed meanwhile: the loudness job measures them).
    const after = await json<Playlist>(playlistApi.playlist(p.id));
    expect({ version: after.version, ids: after.entries.map((e) => e.id) }).toEqual({ version: cur.version, ids: cur.entries.map((e) => e.id) });
  });

  it('serves a 2×2 cover mosaic, cached with an ETag', async () => {
    const p = await createPlaylist('Mosaic', [byTitle('Sun').id, byTitle('Rain').id, byTitle('Wind').id]);
    const res = await get(playlistApi.mosaic(p.id, 'thumb'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const etag = res.headers.get('etag') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    const sharp = (await import('sharp')).default;
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 256, height: 256 });
    expect((await get(playlistApi.mosaic(p.id, 'thumb'), { ...auth, 'If-None-Match': etag })).status).toBe(304);
    const empty = await createPlaylist('No covers');
    expect((await get(playlistApi.mosaic(empty.id))).status).toBe(404);
  });
});

describe('M3U import and export', () => {
  it('round-trips: export (absolute and relative) → import matches every entry; a missing entry is reported', async () => {
    const titles = ['Sun', 'Café Ünïcode', 'Rain', 'Wind'];
    const p = await createPlaylist('Round trip', titles.map((t) => byTitle(t).id));
    const abs = await get(`${playlistApi.exportFile(p.id)}?format=m3u8`);
    expect(abs.status).toBe(200);
    expect(abs.headers.get('content-disposition')).toContain('attachment');
    const absText = await abs.text();
    expect(absText.startsWith('#EXTM3U\n#EXTINF:4,Alpha - Sun\n')).toBe(true);
    expect(absText).toContain(path.join(h.music, 'Gamma/Third/01 Café Ünïcode.ogg'));

    const imported = async (text: string, q: string) => {
      const res = await fetch(`${h.base}${playlistApi.importFile()}?${q}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'audio/x-mpegurl' }, body: text });
      expect(res.status).toBe(201);
      return (await res.json()) as PlaylistImportResult;
    };
    const a = await imported(absText, 'name=Abs');
    expect(a).toMatchObject({ entries: 4, matchedByPath: 4, matchedByTags: 0, unmatched: [] });
    expect(a.playlist.entries.map((e) => e.track.title)).toEqual(titles);

    const rel = await get(`${playlistApi.exportFile(p.id)}?format=m3u&paths=relative&base=${encodeURIComponent(h.music)}`);
    const relText = Buffer.from(await rel.arrayBuffer()).toString('latin1');
    expect(relText).toContain('\nAlpha/First/01 Sun.mp3\n');
    const r = await imported(Buffer.from(relText, 'latin1').toString('latin1'), `name=Rel&base=${encodeURIComponent(h.music)}`);
    expect(r).toMatchObject({ matchedByPath: 4, unmatched: [] });

    // Without a base, relative paths fall back to tags; plus one entry that exists nowhere.
    const withMissing = `${relText}#EXTINF:200,Nobody - Not Here\nNobody/Not Here.mp3\n`;
    const t = await imported(withMissing, 'name=Tags');
    expect(t.matchedByTags).toBe(4);
    expect(t.unmatched).toEqual([{ line: 11, path: 'Nobody/Not Here.mp3', artist: 'Nobody', title: 'Not Here', durationMs: 200_000 }]);
    expect(t.playlist.entries.map((e) => e.track.title)).toEqual(titles);
  });
});

describe('history, the play rule and views', () => {
  let n = 0;
  const report = (trackId: number, msListened: number, completed: boolean, startedAt = Date.now() - 60_000, extra: object = {}) => ({
    clientEventId: `ev-${++n}-${Math.random()}`, trackId, startedAt, msListened, completed, source: 'album', ...extra,
  });

  it('counts a play at half the track (4 s track → 2 s), never for a scrub, and dedupes by client event id', async () => {
    const sun = byTitle('Sun');
    const before = (await json<Page<PlayEvent>>(historyApi.events())).total;
    const counted = report(sun.id, 2_100, false);
    const scrub = report(sun.id, 500, true); // seeked to the end: 0.5 s actually heard, "completed"
    let res = (await (await send('POST', historyApi.plays(), { plays: [counted, scrub] })).json()) as PlayReportResult;
    expect(res).toEqual({ accepted: 2, duplicates: 0, counted: 1 });
    res = (await (await send('POST', historyApi.plays(), { plays: [counted] })).json()) as PlayReportResult;
    expect(res).toEqual({ accepted: 0, duplicates: 1, counted: 0 });
    const events = await json<Page<PlayEvent>>(historyApi.events());
    expect(events.total).toBe(before + 2);
    const recent = await json<Page<PlayedTrack>>(historyApi.recent());
    expect(recent.items.find((x) => x.track.id === sun.id)?.playCount).toBe(1);
    // A report claiming more listening than wall-clock time allows is clamped.
    const t0 = Date.now() - 10_000;
    const liar = report(byTitle('Rain').id, 60_000, false, t0, { endedAt: t0 + 1_000 });
    expect(((await (await send('POST', historyApi.plays(), { plays: [liar] })).json()) as PlayReportResult).counted).toBe(1);
    const ev = (await json<Page<PlayEvent>>(historyApi.events())).items.find((e) => e.clientEventId === liar.clientEventId);
    expect(ev?.msListened).toBe(3_000);
    const bad = await send('POST', historyApi.plays(), { plays: [{ ...report(sun.id, 1, false), source: 'nowhere' }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error.field).toBe('plays.0.source');
  });

  it('takes progress reports and ignores them once the final report is in', async () => {
    const wind = byTitle('Wind');
    const ev = report(wind.id, 2_500, false);
    expect((await send('POST', historyApi.progress(), ev)).status).toBe(400); // progress has no `completed`
    const { completed: _c, ...progress } = ev;
    expect((await send('POST', historyApi.progress(), { ...progress, msListened: 1_000 })).status).toBe(204);
    expect((await send('POST', historyApi.plays(), { plays: [ev] })).status).toBe(200);
    expect((await send('POST', historyApi.progress(), { ...progress, msListened: 3_000 })).status).toBe(204);
    const most = await json<Page<PlayedTrack>>(`${historyApi.mostPlayed()}?range=week`);
    expect(most.items.find((x) => x.track.id === wind.id)?.plays).toBe(1);
    const stats = await json<{ plays: number; days: unknown[] }>(`${historyApi.stats()}?tzOffsetMin=0`);
    expect(stats.plays).toBeGreaterThanOrEqual(3);
    expect(stats.days).toHaveLength(31);
    expect((await get(`${historyApi.mostPlayed()}?range=decade`)).status).toBe(400);
  });

  it('re-ranks search by play count', async () => {
    // Two tracks match "o": the one with plays ranks higher once it has been played more.
    const moon = byTitle('Moon');
    const plays = Array.from({ length: 30 }, (_, i) => report(moon.id, 4_000, true, Date.now() - 3_600_000 - i * 10_000));
    await send('POST', historyApi.plays(), { plays });
    const res = await json<SearchResult>(`${api.search()}?q=moon`);
    expect(res.tracks[0]?.id).toBe(moon.id);
  });
});

describe('favorites and ratings', () => {
  it('sets, reads and lists; rejects rating 6 and unknown ids', async () => {
    const sun = byTitle('Sun');
    const res = await send('PUT', prefsApi.item('track', sun.id), { favorite: true, rating: 4 });
    expect(res.status).toBe(200);
    expect((await res.json()) as ItemPrefs).toMatchObject({ kind: 'track', id: sun.id, favorite: true, rating: 4 });
    const six = await send('PUT', prefsApi.item('track', sun.id), { rating: 6 });
    expect(six.status).toBe(400);
    expect(((await six.json()) as ApiError).error.field).toBe('rating');
    expect((await send('PUT', prefsApi.item('album', sun.albumId ?? 0), { rating: 2.5 })).status).toBe(400);
    expect((await send('PUT', prefsApi.item('artist', 999_999), { favorite: true })).status).toBe(404);
    expect((await send('PUT', `/api/prefs/genre/${sun.id}`, { favorite: true })).status).toBe(400);
    expect((await send('PUT', prefsApi.item('album', sun.albumId ?? 0), { favorite: true })).status).toBe(200);
    expect((await send('PUT', prefsApi.item('artist', sun.artists[0]?.id ?? 0), { rating: 5 })).status).toBe(200);
    const looked = await json<ItemPrefs[]>(`${prefsApi.lookup()}?kind=track&ids=${sun.id},${byTitle('Rain').id}`);
    expect(looked.map((p) => [p.favorite, p.rating])).toEqual([[true, 4], [false, 0]]);
    expect((await json<Page<Track>>(prefsApi.favoriteTracks())).items.map((t) => t.id)).toEqual([sun.id]);
    expect((await json<Page<{ id: number }>>(prefsApi.favoriteAlbums())).items.map((a) => a.id)).toEqual([sun.albumId]);
  });

  it('sets many in one request: in the order asked, unknown ids left out, bad batches refused naming the field', async () => {
    const [sun, rain, wind] = [byTitle('Sun'), byTitle('Rain'), byTitle('Wind')];
    const many = (body: unknown, kind = 'track') => send('PUT', `/api/prefs/${kind}`, body);
    const loved = await many({ ids: [wind.id, 999_999, rain.id, wind.id], favorite: true });
    expect(loved.status).toBe(200);
    expect(((await loved.json()) as ItemPrefs[]).map((p) => [p.id, p.favorite])).toEqual([[wind.id, true], [rain.id, true]]);
    expect((await json<Page<Track>>(prefsApi.favoriteTracks())).items.map((t) => t.id).sort()).toEqual([sun.id, rain.id, wind.id].sort());
    for (const [body, field] of [[{ ids: [], favorite: true }, 'ids'], [{ ids: [rain.id], rating: 6 }, 'rating'], [{ ids: Array.from({ length: 1001 }, (_, i) => i + 1), favorite: true }, 'ids'], [{ favorite: true }, 'ids']] as const) {
      const bad = await many(body);
      expect(bad.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(((await bad.json()) as ApiError).error.field).toBe(field);
    }
    expect((await many({ ids: [rain.id], favorite: true }, 'genre')).status).toBe(400);
    expect(await (await many({ ids: [999_999], favorite: true })).json()).toEqual([]);
    const unloved = (await (await many({ ids: [rain.id, wind.id], favorite: false })).json()) as ItemPrefs[];
    expect(unloved.map((p) => p.favorite)).toEqual([false, false]);
    expect((await json<Page<Track>>(prefsApi.favoriteTracks())).items.map((t) => t.id)).toEqual([sun.id]);
  });
});

describe('smart playlists over HTTP', () => {
  it('lists the built-ins, evaluates live, validates rules naming the field', async () => {
    const list = await json<SmartPlaylist[]>(smartPlaylistApi.list());
    expect(list.map((s) => s.builtIn).slice(0, 3).sort()).toEqual(['forgotten-favorites', 'heavy-rotation', 'never-played']);
    const bad = await send('POST', smartPlaylistApi.list(), { name: 'x', definition: { match: 'all', rules: [{ field: 'year', op: 'almost', value: 1 }] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error.field).toBe('definition.rules.0.op');
    const badField = await send('POST', smartPlaylistApi.preview(), { match: 'all', rules: [{ field: 'mood', op: 'is', value: 'x' }] });
    expect(((await badField.json()) as ApiError).error.field).toBe('rules.0.field');
    const created = await send('POST', smartPlaylistApi.list(), { name: 'Pop', definition: { match: 'all', rules: [{ field: 'genre', op: 'is', value: 'pop' }], sort: { by: 'title', order: 'asc' } } });
    expect(created.status).toBe(201);
    const s = (await created.json()) as SmartPlaylist;
    expect((await json<Page<Track>>(smartPlaylistApi.tracks(s.id))).items.map((t) => t.title)).toEqual(['Café Ünïcode', 'Wind']);
    const builtIn = list.find((x) => x.builtIn === 'never-played');
    expect((await send('PUT', smartPlaylistApi.playlist(builtIn?.id ?? 0), { version: 1, name: 'mine' })).status).toBe(403);
    const stale = await send('PUT', smartPlaylistApi.playlist(s.id), { version: s.version + 5, name: 'Pop!' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { current: SmartPlaylist }).current.name).toBe('Pop');
  });
});

describe('recommendations over HTTP', () => {
  it('serves mixes and similar tracks from the background computation, fast', async () => {
    // Sessions three days ago (outside the "recently played" exclusion) always pair Wind with Café.
    const wind = byTitle('Wind');
    const cafe = byTitle('Café Ünïcode');
    const days3 = Date.now() - 3 * 86_400_000;
    const plays = [0, 1, 2].flatMap((s) => [wind, cafe].map((t, i) => ({
      clientEventId: `rec-${s}-${i}`, trackId: t.id, startedAt: days3 + s * 7_200_000 + i * 5_000, msListened: 4_000, completed: true, source: 'playlist',
    })));
    expect((await send('POST', historyApi.plays(), { plays })).status).toBe(200);
    const status = await (await send('POST', `${recommendApi.refresh()}?wait=1`)).json() as { computedAt: number | null };
    expect(status.computedAt).not.toBeNull();
    const t0 = performance.now();
    const mixes = await json<DailyMixes>(recommendApi.mixes());
    const similar = await json<SimilarTracks>(`${recommendApi.similar(byTitle('Sun').id)}?limit=5`);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(mixes.mixes.length).toBeGreaterThan(0);
    for (const m of mixes.mixes) for (const t of m.tracks) expect(t.reason.text.length).toBeGreaterThan(0);
    expect(similar.tracks.every((t) => t.track.id !== byTitle('Sun').id)).toBe(true);
    const next = await json<SimilarTracks>(recommendApi.similar(wind.id));
    expect(next.tracks[0]?.track.id).toBe(cafe.id);
    expect(next.tracks[0]?.reason).toMatchObject({ kind: 'co-played', sourceTrack: { id: wind.id } });
    expect(mixes.mixes.flatMap((m) => m.tracks.map((t) => t.track.id))).toContain(cafe.id);
  });
});
