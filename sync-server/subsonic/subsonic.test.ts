// The OpenSubsonic API end to end: a real third-party client (the `subsonic-api` package) and raw
// requests against a sync server with a published library (testing/harness.ts); every implemented
// endpoint's JSON checked against the spec's fields (testing/spec.ts) and its XML against the JSON;
// browsing, search, album lists, tier 2 (playlists, stars, ratings, scrobbles, play queue), auth
// errors 10/40–44, 70, Subsonic users. Streams, downloads and cover art: media.test.ts.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectOk } from './testing/spec.ts';
import { password, setup } from './testing/harness.ts';

describe('OpenSubsonic API (fs store)', () => {
  const { state, rest, checked, client, tokenAuth, songId } = setup('fs');

  it('answers ping to the subsonic-api client: token auth, apiKey, form POST; envelope per OpenSubsonic', async () => {
    for (const c of [client(), client({ apiKey: true }), client({ post: true }), client({ post: true, apiKey: true })]) {
      const pong = await c.ping();
      expect(pong).toMatchObject({ status: 'ok', version: '1.16.1', type: 'tonearm', openSubsonic: true });
      expect(typeof (pong as { serverVersion?: unknown }).serverVersion).toBe('string');
    }
    const ext = await client().getOpenSubsonicExtensions();
    expect(ext.openSubsonicExtensions.map((e) => e.name).sort()).toEqual(['apiKeyAuthentication', 'formPost', 'indexBasedQueue', 'songLyrics', 'topSongsByArtistId']);
    // Public, as the spec requires; /rest/<name> without .view works too.
    const open = await rest('getOpenSubsonicExtensions', {}, { auth: null, view: false });
    expectOk('getOpenSubsonicExtensions', open.json);
    await checked('ping');
    await checked('getOpenSubsonicExtensions');
    await checked('getLicense');
  });

  it('browses artists → artist → album → song with the client, ids prefixed by kind', async () => {
    const c = client();
    const { artists } = await c.getArtists();
    const letters = artists.index?.map((i) => i.name);
    expect(letters).toEqual(['B', 'E', 'M']);
    const beatles = artists.index?.find((i) => i.name === 'B')?.artist?.[0];
    expect(beatles).toMatchObject({ name: 'The Beatles', albumCount: 1 });
    expect(beatles?.id).toMatch(/^ar-\d+$/);
    const { artist } = await c.getArtist({ id: beatles?.id ?? '' });
    expect(artist.album?.map((a) => a.name)).toEqual(['Abbey Road']);
    const albumId = artist.album?.[0]?.id ?? '';
    expect(albumId).toMatch(/^al-\d+$/);
    const { album } = await c.getAlbum({ id: albumId });
    expect(album.song?.map((s) => s.title)).toEqual(['Come Together', 'Something']);
    const first = album.song?.[0];
    expect(first).toMatchObject({ isDir: false, artist: 'The Beatles', album: 'Abbey Road', year: 1969, track: 1, genre: 'Rock', duration: 259, contentType: 'audio/mp4', suffix: 'm4a', bitRate: 256, size: 40_000, parent: albumId, albumId });
    expect(first?.id).toMatch(/^tr-\d+$/);
    expect(first?.coverArt).toMatch(/^co-\d+$/);
    const { song } = await c.getSong({ id: first?.id ?? '' });
    expect(song.title).toBe('Come Together');

    const a = await checked('getArtists');
    expect(JSON.stringify(a)).toContain('Miles Davis');
    await checked('getIndexes');
    await checked('getMusicFolders');
    await checked('getArtist', { id: beatles?.id ?? '' });
    await checked('getAlbum', { id: albumId });
    await checked('getSong', { id: first?.id ?? '' });
    await checked('getGenres');
    await checked('getMusicDirectory', { id: '1' });
    await checked('getMusicDirectory', { id: beatles?.id ?? '' });
    await checked('getMusicDirectory', { id: albumId });
    const genres = (await c.getGenres()).genres.genre ?? [];
    expect(genres.map((g) => [g.value, g.songCount, g.albumCount])).toEqual([['Chanson', 1, 1], ['Jazz', 2, 1], ['Rock', 2, 1]]);
  });

  it('escapes XML: titles with <, &, " survive the round trip', async () => {
    const id = await songId('Non, je ne <regrette> rien & "plus"');
    const r = await checked('getSong', { id });
    expect((r.song as { title: string }).title).toBe('Non, je ne <regrette> rien & "plus"');
  });

  it('search3: a query finds; an EMPTY query lists everything, paged (how clients sync)', async () => {
    const c = client();
    const hit = await c.search3({ query: 'beatles', artistCount: 10, albumCount: 10, songCount: 10 });
    expect(hit.searchResult3.artist?.map((a) => a.name)).toEqual(['The Beatles']);
    expect(hit.searchResult3.album?.map((a) => a.name)).toEqual(['Abbey Road']);
    expect(hit.searchResult3.song?.map((s) => s.title).sort()).toEqual(['Come Together', 'Something']);

    for (const query of ['', '""', '*']) {
      const seen: string[] = [];
      for (let offset = 0; offset < 10; offset += 2) {
        const page = await c.search3({ query, songCount: 2, songOffset: offset, artistCount: 0, albumCount: 0 });
        expect(page.searchResult3.artist ?? []).toEqual([]);
        const songs = page.searchResult3.song ?? [];
        seen.push(...songs.map((s) => s.id));
        if (songs.length < 2) break;
      }
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    }
    const all = await c.search3({ query: '', artistCount: 100, albumCount: 100, songCount: 100 });
    expect(all.searchResult3.artist).toHaveLength(3);
    expect(all.searchResult3.album).toHaveLength(3);
    const albums2 = await c.search3({ query: '', artistCount: 0, albumCount: 2, albumOffset: 2, songCount: 0 });
    expect(albums2.searchResult3.album).toHaveLength(1);
    await checked('search3', { query: '' });
    await checked('search3', { query: 'miles', songCount: '1' });
    await checked('search2', { query: '' });
  });

  it('getAlbumList2: every list type', async () => {
    const c = client();
    const names = async (args: Parameters<typeof c.getAlbumList2>[0]) => ((await c.getAlbumList2(args)).albumList2.album ?? []).map((a) => a.name);
    expect(await names({ type: 'alphabeticalByName', size: 10 })).toEqual(['Abbey Road', 'Chanson française', 'Kind of Blue']);
    expect(await names({ type: 'alphabeticalByArtist', size: 10 })).toEqual(['Abbey Road', 'Chanson française', 'Kind of Blue']);
    expect(await names({ type: 'alphabeticalByName', size: 1, offset: 1 })).toEqual(['Chanson française']);
    expect((await names({ type: 'random', size: 10 })).sort()).toEqual(['Abbey Road', 'Chanson française', 'Kind of Blue']);
    expect(await names({ type: 'newest', size: 10 })).toHaveLength(3);
    expect(await names({ type: 'byYear', fromYear: 1950, toYear: 1965, size: 10 })).toEqual(['Kind of Blue', 'Chanson française']);
    expect(await names({ type: 'byYear', fromYear: 1965, toYear: 1950, size: 10 })).toEqual(['Chanson française', 'Kind of Blue']);
    expect(await names({ type: 'byGenre', genre: 'Jazz', size: 10 })).toEqual(['Kind of Blue']);
    expect(await names({ type: 'byGenre', genre: 'jazz', size: 10 })).toEqual(['Kind of Blue']);
    expect(await names({ type: 'byGenre', genre: 'Polka', size: 10 })).toEqual([]);
    expect(await names({ type: 'starred', size: 10 })).toEqual([]);
    expect(await names({ type: 'highest', size: 10 })).toEqual([]);
    expect(await names({ type: 'frequent', size: 10 })).toEqual([]);
    expect(await names({ type: 'recent', size: 10 })).toEqual([]);

    const kind = (await c.getAlbumList2({ type: 'alphabeticalByName', size: 10 })).albumList2.album?.find((a) => a.name === 'Kind of Blue');
    const abbey = (await c.getAlbumList2({ type: 'alphabeticalByName', size: 10 })).albumList2.album?.find((a) => a.name === 'Abbey Road');
    await c.star({ albumId: kind?.id ?? '' });
    await c.setRating({ id: abbey?.id ?? '', rating: 4 });
    await c.scrobble({ id: await songId('So What'), time: Date.now() - 60_000 });
    expect(await names({ type: 'starred', size: 10 })).toEqual(['Kind of Blue']);
    expect(await names({ type: 'highest', size: 10 })).toEqual(['Abbey Road']);
    expect(await names({ type: 'frequent', size: 10 })).toEqual(['Kind of Blue']);
    expect(await names({ type: 'recent', size: 10 })).toEqual(['Kind of Blue']);
    const rated = (await c.getAlbum({ id: abbey?.id ?? '' })).album;
    expect(rated.userRating).toBe(4);

    for (const [type, extra] of [['random', {}], ['newest', {}], ['highest', {}], ['frequent', {}], ['recent', {}], ['alphabeticalByName', {}],
      ['alphabeticalByArtist', {}], ['starred', {}], ['byYear', { fromYear: '1900', toYear: '2000' }], ['byGenre', { genre: 'Rock' }]] as const) {
      await checked('getAlbumList2', { type, ...extra }, type !== 'random');
      await checked('getAlbumList', { type, ...extra }, type !== 'random');
    }
    expect(expectFailure((await rest('getAlbumList2', {})).json)).toBe(10);
    expect(expectFailure((await rest('getAlbumList2', { type: 'byYear', fromYear: '1900' })).json)).toBe(10);
    expect(expectFailure((await rest('getAlbumList2', { type: 'byGenre' })).json)).toBe(10);
    expect(expectFailure((await rest('getAlbumList2', { type: 'nonsense' })).json)).toBe(0);
    await c.unstar({ albumId: kind?.id ?? '' });
    expect(await names({ type: 'starred', size: 10 })).toEqual([]);
  });

  it('error codes: 10 missing parameter, 40 wrong credentials, 41/42 switched-off mechanisms, 43 conflicting, 44 bad apiKey, 70 not found', async () => {
    expect(expectFailure((await rest('getSong', {})).json)).toBe(10);
    expect(expectFailure((await rest('ping', {}, { auth: {} })).json)).toBe(10);
    expect(expectFailure((await rest('ping', {}, { auth: { u: 'alice' } })).json)).toBe(10);
    expect(expectFailure((await rest('ping', {}, { auth: tokenAuth('alice', 'wrong-password') })).json)).toBe(40);
    expect(expectFailure((await rest('ping', {}, { auth: tokenAuth('mallory') })).json)).toBe(40);
    expect(expectFailure((await rest('ping', {}, { auth: { u: 'alice', p: 'wrong' } })).json)).toBe(40);
    // Legacy passwords: plaintext and enc:hex.
    expectOk('ping', (await rest('ping', {}, { auth: { u: 'alice', p: password } })).json);
    expectOk('ping', (await rest('ping', {}, { auth: { u: 'alice', p: `enc:${Buffer.from(password).toString('hex')}` } })).json);
    expect(expectFailure((await rest('ping', {}, { auth: { ...tokenAuth(), p: password } })).json)).toBe(43);
    expect(expectFailure((await rest('ping', {}, { auth: { apiKey: state.apiKey, u: 'alice' } })).json)).toBe(43);
    const bad = await rest('ping', {}, { auth: { apiKey: 'tnrm_not-a-key' } });
    expect(expectFailure(bad.json)).toBe(44);
    expect((bad.json as { 'subsonic-response': { error: { helpUrl?: string } } })['subsonic-response'].error.helpUrl).toMatch(/^https:/);
    expectOk('ping', (await rest('ping', {}, { auth: { apiKey: state.apiKey } })).json);

    const admin = state.t.adminToken;
    await state.t.call('/api/admin/subsonic/settings', { method: 'PUT', body: { allowToken: false, allowPassword: false }, token: admin });
    try {
      expect(expectFailure((await rest('ping', {})).json)).toBe(41);
      expect(expectFailure((await rest('ping', {}, { auth: { u: 'alice', p: password } })).json)).toBe(42);
      expectOk('ping', (await rest('ping', {}, { auth: { apiKey: state.apiKey } })).json);
    } finally {
      await state.t.call('/api/admin/subsonic/settings', { method: 'PUT', body: { allowToken: true, allowPassword: true }, token: admin });
    }
    expect(expectFailure((await rest('getSong', { id: 'tr-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('getSong', { id: 'al-1' })).json)).toBe(70);
    expect(expectFailure((await rest('getAlbum', { id: 'al-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('getArtist', { id: 'nonsense' })).json)).toBe(70);
    expect(expectFailure((await rest('getPlaylist', { id: 'pl-99999' })).json)).toBe(70);
    const unknown = await rest('getChatMessages');
    expect(unknown.status).toBe(200);
    expect(expectFailure(unknown.json)).toBe(0);
    // XML errors, and JSONP.
    const xml = await rest('ping', {}, { auth: tokenAuth('alice', 'nope'), f: null });
    expect(xml.text).toMatch(/<subsonic-response xmlns="http:\/\/subsonic.org\/restapi" status="failed" version="1.16.1" type="tonearm" serverVersion="[^"]+" openSubsonic="true"><error code="40" message="[^"]+"\/><\/subsonic-response>$/);
    const jsonp = await rest('ping', { callback: 'cb.done' }, { f: 'jsonp' });
    expect(jsonp.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(jsonp.text).toMatch(/^\/\*\*\/cb\.done\(\{"subsonic-response":\{"status":"ok"/);
  });

  it('tier 2 with the client: playlists, stars, ratings, scrobbles, play queue, now playing, random songs, genres, lyrics', async () => {
    const c = client({ post: true });
    const [a, b, d] = [await songId('Come Together'), await songId('Something'), await songId('So What')];
    const created = await c.createPlaylist({ name: 'Road trip', songId: [a, b] });
    const pid = created.playlist.id;
    expect(pid).toMatch(/^pl-\d+$/);
    expect(created.playlist).toMatchObject({ name: 'Road trip', songCount: 2, owner: 'alice' });
    expect((await c.getPlaylists()).playlists.playlist?.map((p) => p.name)).toEqual(['Road trip']);
    await c.updatePlaylist({ playlistId: pid, name: 'Road trip 2', comment: 'summer', songIdToAdd: [d, a], songIndexToRemove: [0] });
    const updated = (await c.getPlaylist({ id: pid })).playlist;
    expect(updated).toMatchObject({ name: 'Road trip 2', comment: 'summer', songCount: 3 });
    expect(updated.entry?.map((e) => e.title)).toEqual(['Something', 'So What', 'Come Together']);
    await checked('getPlaylists');
    await checked('getPlaylist', { id: pid });
    const replaced = await checked('createPlaylist', { playlistId: pid, songId: [d] }, false);
    expect((replaced.playlist as { songCount: number }).songCount).toBe(1);
    expect(expectFailure((await rest('createPlaylist', { name: 'x', songId: 'tr-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('createPlaylist', {})).json)).toBe(10);
    await checked('updatePlaylist', { playlistId: pid, songIndexToRemove: '0' });
    await c.deletePlaylist({ id: pid });
    expect(expectFailure((await rest('getPlaylist', { id: pid })).json)).toBe(70);

    await c.star({ id: [a], artistId: [] });
    const { song } = await c.getSong({ id: a });
    expect(song.starred).toBeDefined();
    await c.setRating({ id: a, rating: 5 });
    expect((await c.getSong({ id: a })).song.userRating).toBe(5);
    const beatlesId = song.artistId ?? '';
    await c.star({ artistId: [beatlesId] });
    const starred = (await c.getStarred2()).starred2;
    expect(starred.song?.map((s) => s.title)).toEqual(['Come Together']);
    expect(starred.artist?.map((s) => s.name)).toEqual(['The Beatles']);
    await checked('getStarred2');
    await checked('getStarred');
    expect(expectFailure((await rest('star', { id: 'tr-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('star', {})).json)).toBe(10);
    expect(expectFailure((await rest('setRating', { id: a, rating: '9' })).json)).toBe(0);
    await c.unstar({ id: [a], artistId: [beatlesId] });
    await c.setRating({ id: a, rating: 0 });
    expect((await c.getSong({ id: a })).song.userRating).toBeUndefined();

    await c.scrobble({ id: b, submission: false });
    const np = await checked('getNowPlaying');
    expect((np.nowPlaying as { entry: Array<{ title: string; username: string }> }).entry).toMatchObject([{ title: 'Something', username: 'alice' }]);
    const before = (await c.getSong({ id: b })).song.playCount ?? 0;
    await c.scrobble({ id: b, time: 1_700_000_000_000 });
    await c.scrobble({ id: b, time: 1_700_000_000_000 }); // a retry: counted once
    const after = (await c.getSong({ id: b })).song;
    expect(after.playCount).toBe(before + 1);
    expect(after.played).toBeDefined();
    expect((await checked('getNowPlaying')).nowPlaying).toEqual({ entry: [] });

    await c.savePlayQueue({ id: [a, b, d], current: b, position: 42_000 });
    const queue = (await c.getPlayQueue()).playQueue;
    expect(queue).toMatchObject({ current: b, position: 42_000, username: 'alice', changedBy: 'subsonic-api' });
    expect(queue?.entry?.map((e) => e.id)).toEqual([a, b, d]);
    await checked('getPlayQueue');
    await checked('savePlayQueue', { id: [d], current: d });

    const random = (await c.getRandomSongs({ size: 3 })).randomSongs.song ?? [];
    expect(random).toHaveLength(3);
    const jazz = (await c.getRandomSongs({ size: 10, genre: 'Jazz' })).randomSongs.song ?? [];
    expect(jazz.map((s) => s.title).sort()).toEqual(['Blue in Green', 'So What']);
    expect((await c.getRandomSongs({ size: 10, fromYear: 1960, toYear: 1970 })).randomSongs.song?.map((s) => s.year).sort()).toEqual([1960, 1969, 1969]);
    expect((await c.getSongsByGenre({ genre: 'Rock', count: 1, offset: 1 })).songsByGenre.song).toHaveLength(1);
    await checked('getRandomSongs', { size: '2' }, false);
    await checked('getSongsByGenre', { genre: 'Jazz' });
    expect(expectFailure((await rest('getSongsByGenre', {})).json)).toBe(10);
    const lyrics = await checked('getLyricsBySongId', { id: a });
    expect(lyrics.lyricsList).toEqual({ structuredLyrics: [] });
    expect(expectFailure((await rest('getLyricsBySongId', { id: 'tr-99999' })).json)).toBe(70);
    await checked('getUser');
    await checked('getScanStatus');
  });

  it('updatePlaylist applies all of it or nothing: a bad index or a failing write leaves the playlist as it was', async () => {
    const c = client({ post: true });
    const [a, b, d] = [await songId('Come Together'), await songId('Something'), await songId('So What')];
    const pid = (await c.createPlaylist({ name: 'All or nothing', songId: [a, b] })).playlist.id;
    const unchanged = async () => {
      const p = (await c.getPlaylist({ id: pid })).playlist;
      expect(p).toMatchObject({ name: 'All or nothing', songCount: 2 });
      expect(p.entry?.map((e) => e.id)).toEqual([a, b]);
    };
    expect(expectFailure((await rest('updatePlaylist', { playlistId: pid, name: 'Renamed', songIndexToRemove: 'first' })).json)).toBe(0);
    await unchanged();
    // The database refuses the add after the rename and the removal were written: neither stays.
    const db = new Database(path.join(state.t.dataDir, 'mirror.sqlite'));
    db.exec("CREATE TRIGGER refuse_add BEFORE INSERT ON playlist_entries BEGIN SELECT RAISE(ABORT, 'the disk is full'); END");
    try {
      expect(expectFailure((await rest('updatePlaylist', { playlistId: pid, name: 'Renamed', songIndexToRemove: '0', songIdToAdd: d })).json)).toBe(0);
    } finally {
      db.exec('DROP TRIGGER refuse_add');
      db.close();
    }
    await unchanged();
    await c.updatePlaylist({ playlistId: pid, name: 'Renamed', songIndexToRemove: [0], songIdToAdd: [d] });
    expect((await c.getPlaylist({ id: pid })).playlist.entry?.map((e) => e.id)).toEqual([b, d]);
    await c.deletePlaylist({ id: pid });
  });

  it('manages Subsonic users: listed without secrets; deleting one revokes its password and API key', async () => {
    const admin = state.t.adminToken;
    const bob = await state.t.call<{ name: string; password: string; apiKey: string }>('/api/admin/subsonic/users', { body: { name: 'bob' }, token: admin });
    expect(bob.status).toBe(201);
    expect(bob.body.password.length).toBeGreaterThanOrEqual(20);
    expect((await state.t.call('/api/admin/subsonic/users', { body: { name: 'bob' }, token: admin })).status).toBe(409);
    expect((await state.t.call('/api/admin/subsonic/users', { body: { name: 'eve' } })).status).toBe(403);
    const list = await state.t.call<Array<{ name: string }>>('/api/admin/subsonic/users', { token: admin });
    expect(list.body.map((u) => u.name)).toEqual(['alice', 'bob']);
    expect(JSON.stringify(list.body)).not.toContain(bob.body.password);
    expectOk('ping', (await rest('ping', {}, { auth: tokenAuth('bob', bob.body.password) })).json);
    expectOk('ping', (await rest('ping', {}, { auth: { apiKey: bob.body.apiKey } })).json);
    // The API key is a device token: it works on /api too.
    expect((await state.t.call('/api/session', { token: bob.body.apiKey })).status).toBe(200);
    expect((await state.t.call('/api/admin/subsonic/users/bob', { method: 'DELETE', token: admin })).status).toBe(204);
    expect(expectFailure((await rest('ping', {}, { auth: tokenAuth('bob', bob.body.password) })).json)).toBe(40);
    expect(expectFailure((await rest('ping', {}, { auth: { apiKey: bob.body.apiKey } })).json)).toBe(44);
    expect((await state.t.call('/api/admin/subsonic/users/bob', { method: 'DELETE', token: admin })).status).toBe(404);
  });
});

