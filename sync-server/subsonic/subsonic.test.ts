// The OpenSubsonic API end to end: a real third-party client (the `subsonic-api` package) and raw
// requests against a sync server with a published library; every implemented endpoint's JSON
// checked against the spec's fields (spec.ts) and its XML against the JSON; auth errors 10/40–44,
// 70; stream/download with Range (exact bytes) through the server, and 302 for opted-in clients.
import crypto from 'node:crypto';
import sharp from 'sharp';
import SubsonicAPI from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrack, startTestServer, sync, type TestServer, type TestTrack } from '../testing/testkit.ts';
import { expectFailure, expectOk, expectXmlMatches, type Endpoint } from './testing/spec.ts';

const password = 'sesame-secret-1';

async function library(): Promise<{ tracks: TestTrack[]; coverA: Buffer; coverB: Buffer }> {
  const coverA = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c33' } }).jpeg().toBuffer();
  const coverB = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#33c' } }).jpeg().toBuffer();
  const beatles = { artist: 'The Beatles', artists: ['The Beatles'], album: 'Abbey Road', year: 1969, date: '1969', genres: ['Rock'] };
  const miles = { artist: 'Miles Davis', artists: ['Miles Davis'], album: 'Kind of Blue', year: 1959, date: '1959', genres: ['Jazz'] };
  const tracks = [
    makeTrack(1, { meta: { ...beatles, title: 'Come Together', trackNo: 1, durationMs: 259_000 }, cover: coverA, size: 40_000 }),
    makeTrack(2, { meta: { ...beatles, title: 'Something', trackNo: 2 }, cover: coverA, size: 30_000 }),
    makeTrack(3, { meta: { ...miles, title: 'So What', trackNo: 1 }, cover: coverB, size: 20_000 }),
    makeTrack(4, { meta: { ...miles, title: 'Blue in Green', trackNo: 3 }, cover: coverB }),
    makeTrack(5, {
      meta: { title: 'Non, je ne <regrette> rien & "plus"', artist: 'Édith Piaf', artists: ['Édith Piaf'], album: 'Chanson française', year: 1960, date: '1960', genres: ['Chanson'], trackNo: 1 },
    }),
  ];
  return { tracks, coverA, coverB };
}

interface Rest {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  body: Buffer;
}

function setup(kind: 'fs' | 's3') {
  const state = {} as { t: TestServer; tracks: TestTrack[]; coverA: Buffer; coverB: Buffer; apiKey: string; ids: Map<string, string> };

  beforeAll(async () => {
    state.t = await startTestServer(kind);
    Object.assign(state, await library());
    await sync(state.t, state.tracks);
    const created = await state.t.call<{ name: string; password: string; apiKey: string }>('/api/admin/subsonic/users', {
      body: { name: 'alice', password }, token: state.t.adminToken,
    });
    expect(created.status).toBe(201);
    state.apiKey = created.body.apiKey;
  }, 60_000);
  afterAll(async () => state.t.close());

  /** Token auth params (u, t = md5(password + salt), s). */
  const tokenAuth = (user = 'alice', pw = password) => {
    const s = crypto.randomBytes(6).toString('hex');
    return { u: user, t: crypto.createHash('md5').update(pw + s).digest('hex'), s };
  };

  async function rest(name: string, params: Record<string, string | string[]> = {}, init: {
    auth?: Record<string, string> | null; f?: string | null; method?: 'GET' | 'POST' | 'HEAD'; headers?: Record<string, string>; redirect?: 'manual' | 'follow'; view?: boolean;
  } = {}): Promise<Rest> {
    const q = new URLSearchParams();
    const all: Record<string, string | string[]> = { v: '1.16.1', c: 'tonearm-test', ...(init.f === null ? {} : { f: init.f ?? 'json' }), ...(init.auth === null ? {} : init.auth ?? tokenAuth()), ...params };
    for (const [k, v] of Object.entries(all)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
    const path = `${state.t.server.url}/rest/${name}${init.view === false ? '' : '.view'}`;
    const method = init.method ?? 'GET';
    const res = await fetch(method === 'POST' ? path : `${path}?${q}`, {
      method, redirect: init.redirect ?? 'follow',
      headers: { ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      ...(method === 'POST' ? { body: q.toString() } : {}),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const text = body.toString('utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, json, body };
  }

  /** The endpoint's JSON validated against the spec, and its XML form compared to it. */
  async function checked(endpoint: Endpoint, params: Record<string, string | string[]> = {}, xmlSame = true): Promise<Record<string, unknown>> {
    const json = await rest(endpoint, params);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const response = expectOk(endpoint, json.json);
    const xml = await rest(endpoint, params, { f: null });
    expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
    if (xmlSame) expectXmlMatches(xml.text, response);
    // Random or changing answers: the XML one must carry the same keys.
    else expectXmlMatches(xml.text, response, { keysOnly: true });
    return response;
  }

  const client = (options: { headers?: Record<string, string>; redirect?: 'manual'; post?: boolean; apiKey?: boolean } = {}) => new SubsonicAPI({
    url: state.t.server.url,
    auth: options.apiKey ? { apiKey: state.apiKey } : { username: 'alice', password },
    ...(options.post ? { post: true } : {}),
    fetch: ((input: string | URL | Request, init?: RequestInit) => fetch(input, {
      ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...options.headers }, ...(options.redirect ? { redirect: options.redirect } : {}),
    })) as typeof fetch,
  });

  const body = (sourceId: number, rung: 'high' | 'medium' | 'low'): Buffer => {
    const track = state.tracks[sourceId - 1];
    const key = track?.track.renditions.find((r) => r.rung === rung)?.key ?? '';
    const b = track?.bodies.get(key);
    if (!b) throw new Error(`no ${rung} body for ${sourceId}`);
    return b;
  };

  return { state, rest, checked, client, tokenAuth, body };
}

describe('OpenSubsonic API (fs store)', () => {
  const { state, rest, checked, client, tokenAuth, body } = setup('fs');

  const songId = async (title: string): Promise<string> => {
    const r = await client().search3({ query: title, songCount: 5, artistCount: 0, albumCount: 0 });
    const hit = r.searchResult3.song?.find((s) => s.title === title);
    if (!hit) throw new Error(`no song ${title}`);
    return hit.id;
  };

  it('answers ping to the subsonic-api client: token auth, apiKey, form POST; envelope per OpenSubsonic', async () => {
    for (const c of [client(), client({ apiKey: true }), client({ post: true }), client({ post: true, apiKey: true })]) {
      const pong = await c.ping();
      expect(pong).toMatchObject({ status: 'ok', version: '1.16.1', type: 'tonearm', openSubsonic: true });
      expect(typeof (pong as { serverVersion?: unknown }).serverVersion).toBe('string');
    }
    const ext = await client().getOpenSubsonicExtensions();
    expect(ext.openSubsonicExtensions.map((e) => e.name).sort()).toEqual(['apiKeyAuthentication', 'formPost', 'songLyrics']);
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

    for (const [maxBitRate, rung] of [[64, 'low'], [96, 'medium'], [128, 'medium'], [320, 'high'], [0, 'high']] as const) {
      const r = await client().stream({ id, maxBitRate });
      expect(Buffer.from(await r.arrayBuffer()).equals(body(1, rung)), `${maxBitRate} → ${rung}`).toBe(true);
    }
    const raw = await client().stream({ id, maxBitRate: 64, format: 'raw' });
    expect(Buffer.from(await raw.arrayBuffer()).equals(body(1, 'high'))).toBe(true);

    const tail = await rest('stream', { id }, { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(body(1, 'high').subarray(-10))).toBe(true);
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
    const unknown = await rest('getVideos');
    expect(unknown.status).toBe(404);
    expect(expectFailure(unknown.json)).toBe(70);
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
