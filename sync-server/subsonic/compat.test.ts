// What real Subsonic clients send and need, beyond the spec's happy path: browser clients calling
// /rest from their own origin (a real Chromium, cross-origin, with the preflight Feishin's
// `Content-Type: application/json` header causes), the "rescan" button (startScan), user names as
// a phone keyboard capitalizes them. Against a sync server with a published library (testing/harness.ts).
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrack, sync } from '../testing/testkit.ts';
import { expectFailure, expectOk } from './testing/spec.ts';
import { mbAbbeyRoad, mbComeTogether, password, setup } from './testing/harness.ts';

describe('what Subsonic clients send', () => {
  const { state, rest, checked, client, tokenAuth, songId, body } = setup('fs');
  let browser: Browser;
  let page: http.Server;
  let pageOrigin = '';

  beforeAll(async () => {
    // A web client's own origin: another port is another origin.
    page = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>web client</title>'));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    // Debian's Chromium, as the e2e suite runs it (playwright.config.ts).
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => page?.close(resolve));
  });

  it('a browser client on another origin reads /rest answers, preflighted or not, and ranged streams', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageOrigin);
    const id = await songId('Come Together');
    const query = (extra: Record<string, string>) => new URLSearchParams({ v: '1.16.1', c: 'web', f: 'json', ...tokenAuth(), ...extra }).toString();
    const base = state.t.server.url;
    const seen = await tab.evaluate(async ({ base, ping, song, stream }) => {
      // A simple GET, and one with the header Feishin sends (which makes the browser preflight).
      const simple = await (await fetch(`${base}/rest/ping.view?${ping}`)).json();
      const preflighted = await (await fetch(`${base}/rest/getSong.view?${song}`, { headers: { 'Content-Type': 'application/json' } })).json();
      const posted = await (await fetch(`${base}/rest/ping.view`, { method: 'POST', body: new URLSearchParams(ping) })).json();
      const ranged = await fetch(`${base}/rest/stream.view?${stream}`, { headers: { Range: 'bytes=0-99' } });
      return {
        simple, preflighted, posted,
        ranged: { status: ranged.status, contentRange: ranged.headers.get('content-range'), bytes: (await ranged.arrayBuffer()).byteLength },
      };
    }, { base, ping: query({}), song: query({ id }), stream: query({ id }) });
    await tab.close();
    expectOk('ping', seen.simple);
    expect((expectOk('getSong', seen.preflighted).song as { title: string }).title).toBe('Come Together');
    expectOk('ping', seen.posted);
    expect(seen.ranged).toEqual({ status: 206, contentRange: 'bytes 0-99/40000', bytes: 100 });

    // The preflight itself: 204, the methods and the headers asked for; never credentials.
    const pre = await fetch(`${base}/rest/getSong.view`, {
      method: 'OPTIONS', headers: { Origin: pageOrigin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'content-type,range' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type,range');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    // /api keeps its own rules (a bearer token or the same-origin session cookie): no CORS there.
    const api = await fetch(`${base}/api/session`, { headers: { Origin: pageOrigin } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  }, 60_000);

  it('startScan answers the scan status (nothing to scan on a mirror), as getScanStatus does', async () => {
    const started = await checked('startScan');
    expect(started.scanStatus).toEqual({ scanning: false, count: 5 });
    expect((await checked('getScanStatus')).scanStatus).toEqual(started.scanStatus);
  });

  it('signs in whatever the case of the user name (phone keyboards capitalize it); names differing only in case are one name', async () => {
    for (const u of ['Alice', 'ALICE', 'alice']) {
      expectOk('ping', (await rest('ping', {}, { auth: tokenAuth(u) })).json);
      expectOk('ping', (await rest('ping', {}, { auth: { u, p: password } })).json);
      // getUser for the name as typed is yourself.
      expect(((await checked('getUser', { username: u }, true, { auth: tokenAuth(u) })).user as { username: string }).username).toBe('alice');
    }
    expect(expectFailure((await rest('ping', {}, { auth: tokenAuth('Alice', 'wrong-password') })).json)).toBe(40);
    // What a keyboard appends after a completed word; and a server address entered with a trailing slash.
    expectOk('ping', (await rest('ping', {}, { auth: tokenAuth('alice ') })).json);
    const q = new URLSearchParams({ v: '1.16.1', c: 'x', f: 'json', ...tokenAuth() });
    expectOk('ping', await (await fetch(`${state.t.server.url}//rest/ping.view?${q}`)).json());
    expectOk('getArtists', await (await fetch(`${state.t.server.url}///rest/getArtists?${q}`)).json());
    const clash = await state.t.call('/api/admin/subsonic/users', { body: { name: 'ALICE' }, token: state.t.adminToken });
    expect(clash.status).toBe(409);
  });

  it('musicBrainzId on songs (the recording), albums (the release) and album folders; "" when unknown, in JSON and XML', async () => {
    const c = client();
    const come = await songId('Come Together');
    const song = (await checked('getSong', { id: come })).song as { musicBrainzId: string; albumId: string };
    expect(song.musicBrainzId).toBe(mbComeTogether);
    expect(((await checked('getSong', { id: await songId('Something') })).song as { musicBrainzId: string }).musicBrainzId).toBe('');
    const album = (await checked('getAlbum', { id: song.albumId })).album as { musicBrainzId: string; song: Array<{ musicBrainzId: string }> };
    expect(album.musicBrainzId).toBe(mbAbbeyRoad);
    expect(album.song.map((x) => x.musicBrainzId)).toEqual([mbComeTogether, '']);
    const list = (await c.getAlbumList2({ type: 'alphabeticalByName', size: 10 })).albumList2.album ?? [];
    expect(list.map((a) => [a.name, a.musicBrainzId])).toEqual([['Abbey Road', mbAbbeyRoad], ['Chanson française', ''], ['Kind of Blue', '']]);
    const folders = (await checked('getAlbumList', { type: 'alphabeticalByName' })).albumList as { album: Array<{ musicBrainzId: string }> };
    expect(folders.album.map((a) => a.musicBrainzId)).toEqual([mbAbbeyRoad, '', '']);
  });

  it('getAlbumInfo(2) and getArtistInfo(2): what the library knows, for album, song and artist ids; 10 without an id, 70 for an unknown one', async () => {
    const come = await songId('Come Together');
    const { albumId, artistId } = (await client().getSong({ id: come })).song;
    for (const endpoint of ['getAlbumInfo2', 'getAlbumInfo'] as const) {
      expect((await checked(endpoint, { id: albumId ?? '' })).albumInfo).toEqual({ musicBrainzId: mbAbbeyRoad });
      expect((await checked(endpoint, { id: come })).albumInfo).toEqual({ musicBrainzId: mbAbbeyRoad });
      const miles = (await client().getSong({ id: await songId('So What') })).song.albumId ?? '';
      expect((await checked(endpoint, { id: miles })).albumInfo).toEqual({});
      expect(expectFailure((await rest(endpoint, {})).json)).toBe(10);
      expect(expectFailure((await rest(endpoint, { id: 'al-99999' })).json)).toBe(70);
      expect(expectFailure((await rest(endpoint, { id: 'pl-1' })).json)).toBe(70);
    }
    // Nothing played yet: no similar artists, as an empty list (clients index it without checking).
    for (const id of [artistId ?? '', albumId ?? '', come]) {
      expect((await checked('getArtistInfo2', { id })).artistInfo2).toEqual({ similarArtist: [] });
      expect((await checked('getArtistInfo', { id })).artistInfo).toEqual({ similarArtist: [] });
    }
    const info = await client().getArtistInfo2({ id: artistId ?? '' });
    expect(info.artistInfo2.similarArtist).toEqual([]);
    expect(expectFailure((await rest('getArtistInfo2', {})).json)).toBe(10);
    expect(expectFailure((await rest('getArtistInfo2', { id: 'ar-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('getArtistInfo', { id: 'nonsense' })).json)).toBe(70);
  });

  it('bookmarks: created, moved, listed with their song, personal to each user, deleted; 10 and 70 as the spec says', async () => {
    const c = client({ post: true });
    const come = await songId('Come Together');
    const so = await songId('So What');
    expect((await checked('getBookmarks')).bookmarks).toEqual({ bookmark: [] });
    await c.createBookmark({ id: come, position: 61_500, comment: 'the bridge' });
    await checked('createBookmark', { id: so, position: '1000' });
    await checked('createBookmark', { id: so, position: '2000' });
    const listed = (await checked('getBookmarks')).bookmarks as { bookmark: Array<{ position: number; username: string; comment?: string; created: string; changed: string; entry: { id: string; title: string } }> };
    expect(listed.bookmark.map((b) => [b.entry.title, b.position, b.comment, b.username])).toEqual([['So What', 2000, undefined, 'alice'], ['Come Together', 61_500, 'the bridge', 'alice']]);
    expect(Date.parse(listed.bookmark[0]?.changed ?? '')).toBeGreaterThanOrEqual(Date.parse(listed.bookmark[0]?.created ?? ''));
    expect((await c.getBookmarks()).bookmarks.bookmark?.map((b) => b.entry.id)).toEqual([so, come]);
    // Personal: another user has none, and deleting its (missing) bookmark leaves alice's.
    const bob = await state.t.call<{ password: string }>('/api/admin/subsonic/users', { body: { name: 'bob' }, token: state.t.adminToken });
    const asBob = { auth: tokenAuth('bob', bob.body.password) };
    expect((await checked('getBookmarks', {}, true, asBob)).bookmarks).toEqual({ bookmark: [] });
    await checked('deleteBookmark', { id: come }, true, asBob);
    expect(((await checked('getBookmarks')).bookmarks as { bookmark: unknown[] }).bookmark).toHaveLength(2);
    await c.deleteBookmark({ id: come });
    expect((await c.getBookmarks()).bookmarks.bookmark?.map((b) => b.entry.id)).toEqual([so]);
    expect(expectFailure((await rest('createBookmark', { id: come })).json)).toBe(10);
    expect(expectFailure((await rest('createBookmark', { position: '5' })).json)).toBe(10);
    expect(expectFailure((await rest('createBookmark', { id: 'tr-99999', position: '5' })).json)).toBe(70);
    expect(expectFailure((await rest('deleteBookmark', { id: 'al-1' })).json)).toBe(70);
    // The same user by API key sees the same bookmarks; a user deleted and made again has none.
    expect(((await checked('getBookmarks', {}, true, { auth: { apiKey: state.apiKey } })).bookmarks as { bookmark: Array<{ entry: { id: string } }> }).bookmark.map((x) => x.entry.id)).toEqual([so]);
    await checked('createBookmark', { id: so, position: '7' }, true, asBob);
    expect((await state.t.call('/api/admin/subsonic/users/bob', { method: 'DELETE', token: state.t.adminToken })).status).toBe(204);
    const again = await state.t.call<{ password: string }>('/api/admin/subsonic/users', { body: { name: 'bob' }, token: state.t.adminToken });
    expect((await checked('getBookmarks', {}, true, { auth: tokenAuth('bob', again.body.password) })).bookmarks).toEqual({ bookmark: [] });
    await c.deleteBookmark({ id: so });
  });

  it('getRandomSongs takes a year range either way round', async () => {
    const years = async (fromYear: string, toYear: string) =>
      ((await checked('getRandomSongs', { size: '10', fromYear, toYear }, false)).randomSongs as { song: Array<{ year: number }> }).song.map((x) => x.year).sort();
    expect(await years('1960', '1970')).toEqual([1960, 1969, 1969]);
    expect(await years('1970', '1960')).toEqual([1960, 1969, 1969]);
  });

  it('indexBasedQueue: a queue holding a song twice resumes on the right copy; both queue APIs read the same queue', async () => {
    const names = ((await checked('getOpenSubsonicExtensions')).openSubsonicExtensions as Array<{ name: string; versions: number[] }>);
    expect(names).toEqual(expect.arrayContaining([{ name: 'indexBasedQueue', versions: [1] }, { name: 'topSongsByArtistId', versions: [1] }]));
    const [a, b] = [await songId('Come Together'), await songId('Something')];
    await checked('savePlayQueueByIndex', { id: [a, b, a], currentIndex: '2', position: '5000' }, true, { method: 'POST' });
    const byIndex = (await checked('getPlayQueueByIndex')).playQueueByIndex as { currentIndex: number; position: number; changedBy: string; entry: Array<{ id: string }> };
    expect(byIndex).toMatchObject({ currentIndex: 2, position: 5000, changedBy: 'tonearm-test' });
    expect(byIndex.entry.map((e) => e.id)).toEqual([a, b, a]);
    expect((await checked('getPlayQueue')).playQueue).toMatchObject({ current: a, position: 5000 });
    // Saved by id, read by index: the first copy of the current song.
    await checked('savePlayQueue', { id: [b, a, b], current: a, position: '10' });
    expect((await checked('getPlayQueueByIndex')).playQueueByIndex).toMatchObject({ currentIndex: 1, position: 10 });
    // Errors, as the spec says: the index is required with songs and must be inside the queue.
    expect(expectFailure((await rest('savePlayQueueByIndex', { id: [a, b] })).json)).toBe(10);
    for (const currentIndex of ['2', '-1']) expect(expectFailure((await rest('savePlayQueueByIndex', { id: [a, b], currentIndex })).json)).toBe(10);
    expect(expectFailure((await rest('savePlayQueueByIndex', { id: [a, 'tr-99999'], currentIndex: '0' })).json)).toBe(70);
    expect((await checked('getPlayQueueByIndex')).playQueueByIndex).toMatchObject({ currentIndex: 1, position: 10 });
    // Held to the library API's player-state rules (error 0, nothing saved): the remote player
    // reads this state and writes it back with PUT /api/player, which refuses anything beyond them.
    const far = await rest('savePlayQueue', { id: [a], position: '10000000001' });
    expect(expectFailure(far.json)).toBe(0);
    const huge = await rest('savePlayQueue', { id: Array.from({ length: 200_001 }, () => a.replace('tr-', '')) }, { method: 'POST' });
    expect(expectFailure(huge.json)).toBe(0);
    // A form body over 4 MB: a Subsonic error too (HTTP 413) — XML, as `f` was in the unread body.
    const tooBig = await rest('savePlayQueue', { id: Array.from({ length: 250_000 }, () => a) }, { method: 'POST' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toMatch(/<subsonic-response [^>]*status="failed"[^>]*>\s*<error code="0" message="The request body is larger than 4 MB"/);
    expect((await checked('getPlayQueueByIndex')).playQueueByIndex).toMatchObject({ currentIndex: 1, position: 10 });
    // No songs: the queue is cleared, and there is no current index.
    await checked('savePlayQueueByIndex', {});
    const cleared = (await checked('getPlayQueueByIndex')).playQueueByIndex as Record<string, unknown>;
    expect(cleared.entry).toEqual([]);
    expect(cleared.currentIndex).toBeUndefined();
  });

  it('topSongsByArtistId: getTopSongs by artist id, before the name; an unknown id is 70', async () => {
    const { artistId } = (await client().getSong({ id: await songId('Come Together') })).song;
    const byId = (await checked('getTopSongs', { id: artistId ?? '', artist: 'Miles Davis' })).topSongs as { song: Array<{ artist: string }> };
    expect(byId.song.map((x) => x.artist)).toEqual(['The Beatles', 'The Beatles']);
    expect(expectFailure((await rest('getTopSongs', { id: 'ar-99999' })).json)).toBe(70);
    expect(expectFailure((await rest('getTopSongs', {})).json)).toBe(10);
  });

  it('compresses XML and JSON answers for clients that accept it; never audio, covers or ranged answers', async () => {
    /** The raw bytes on the wire (fetch would decode them). */
    const raw = (name: string, params: Record<string, string>, headers: Record<string, string>) => new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const q = new URLSearchParams({ v: '1.16.1', c: 'raw', ...tokenAuth(), ...params });
      http.get(`${state.t.server.url}/rest/${name}.view?${q}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) })).on('error', reject);
      }).on('error', reject);
    });
    for (const f of ['json', 'xml']) {
      const everything = { query: '', f, artistCount: '100', albumCount: '100', songCount: '100' };
      const plain = await raw('search3', everything, { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      const gzipped = await raw('search3', everything, { 'accept-encoding': 'gzip' });
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
      expect(zlib.gunzipSync(gzipped.body).toString()).toBe(plain.body.toString());
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
      const br = await raw('search3', everything, { 'accept-encoding': 'br' });
      expect(zlib.brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    }
    const id = await songId('Come Together');
    const audio = await raw('stream', { id }, { 'accept-encoding': 'gzip' });
    expect(audio.headers['content-encoding']).toBeUndefined();
    expect(audio.body.equals(body(1, 'high'))).toBe(true);
    const ranged = await raw('stream', { id }, { 'accept-encoding': 'gzip', range: 'bytes=10-19' });
    expect([ranged.headers['content-encoding'], ranged.headers['content-range']]).toEqual([undefined, 'bytes 10-19/40000']);
    expect(ranged.body.equals(body(1, 'high').subarray(10, 20))).toBe(true);
    const cover = await raw('getCoverArt', { id: 'co-1', size: '64' }, { 'accept-encoding': 'gzip' });
    expect([cover.headers['content-encoding'], cover.headers['content-type']]).toEqual([undefined, 'image/jpeg']);
  });

  it('parameter edge cases: size 0, offsets past the end or negative, repeated parameters, any method-name case, a query too long', async () => {
    const names = async (params: Record<string, string | string[]>) =>
      (((await checked('getAlbumList2', params)).albumList2 as { album: Array<{ name: string }> }).album).map((a) => a.name);
    expect(await names({ type: 'alphabeticalByName', size: '0' })).toEqual([]);
    expect(await names({ type: 'alphabeticalByName', offset: '99' })).toEqual([]);
    expect(await names({ type: 'alphabeticalByName', offset: '-5', size: '1' })).toEqual(['Abbey Road']);
    expect(await names({ type: ['alphabeticalByName', 'random'], size: '1' })).toEqual(['Abbey Road']);
    expect(expectFailure((await rest('getAlbumList2', { type: 'newest', size: 'ten' })).json)).toBe(0);
    expectOk('getAlbumList2', (await rest('GETALBUMLIST2', { type: 'newest' })).json);
    const long = 'a'.repeat(201);
    expect(expectFailure((await rest('search3', { query: long })).json)).toBe(0);
    expect(expectFailure((await rest('search2', { query: long })).json)).toBe(0);
    expect((await checked('search3', { query: long.slice(1) })).searchResult3).toEqual({ artist: [], album: [], song: [] });
  });

  it('contributors and displayComposer: the composers as tagged, in order; empty when none', async () => {
    const blue = (await checked('getSong', { id: await songId('Blue in Green') })).song as { contributors: Array<{ role: string; artist: { id: string; name: string } }>; displayComposer: string };
    expect(blue.contributors.map((c) => [c.role, c.artist.name])).toEqual([['composer', 'Miles Davis'], ['composer', 'Bill Evans']]);
    expect(blue.contributors[0]?.artist.id).toMatch(/^ar-\d+$/);
    expect(blue.displayComposer).toBe('Miles Davis, Bill Evans');
    const so = (await checked('getSong', { id: await songId('So What') })).song as { contributors: unknown[]; displayComposer: string };
    expect([so.contributors, so.displayComposer]).toEqual([[], '']);
    // A composer's id opens like any artist's: getArtist lists the albums holding what they composed.
    const evans = blue.contributors[1]?.artist.id ?? '';
    const page = (await checked('getArtist', { id: evans })).artist as { name: string; albumCount: number; album: Array<{ name: string }> };
    expect([page.name, page.albumCount, page.album.map((a) => a.name)]).toEqual(['Bill Evans', 1, ['Kind of Blue']]);
    expect((await checked('getArtistInfo2', { id: evans })).artistInfo2).toEqual({ similarArtist: [] });
    expect((await checked('getTopSongs', { id: evans })).topSongs).toEqual({ song: [] });
  });

  // Last: it publishes a song more.
  it('albumCount follows the mirror: a newly published guest appearance counts at once', async () => {
    const count = async (name: string) => ((await checked('getArtists')).artists as { index: Array<{ artist: Array<{ name: string; albumCount: number }> }> })
      .index.flatMap((i) => i.artist).find((a) => a.name === name)?.albumCount;
    expect(await count('Édith Piaf')).toBe(1);
    const guest = makeTrack(6, { meta: { title: 'Guest Spot', artist: 'Miles Davis & Édith Piaf', artists: ['Miles Davis', 'Édith Piaf'], album: 'Kind of Blue', albumArtist: 'Miles Davis', albumArtists: ['Miles Davis'], year: 1959, date: '1959', genres: ['Jazz'], trackNo: 9 } });
    await sync(state.t, [...state.tracks, guest]);
    expect(await count('Édith Piaf')).toBe(2);
    const piaf = (await client().search3({ query: 'piaf', artistCount: 1, albumCount: 0, songCount: 0 })).searchResult3.artist?.[0];
    expect((await client().getArtist({ id: piaf?.id ?? '' })).artist.album?.map((a) => a.name)).toEqual(['Chanson française', 'Kind of Blue']);
  });
});
