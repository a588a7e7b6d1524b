// "Every Subsonic client plays everything" (issue 11, item 6), against a real sync server with real
// audio (ffmpeg-made Opus in WebM and AAC in MP4, as an Opus-ladder sync publishes them): `format`
// and `maxBitRate` pick the stored rendition, ffmpeg (what mpv and ffplay are built on) decodes
// and seeks what `stream` sends; tokenInfo; getUser only for real users; unsupported methods are
// HTTP 200 Subsonic errors; the folder tree lists each album once under its album artist; similar
// and top songs come from the recommender; empty lists are empty arrays. With the npm
// `subsonic-api` client where it has the call, raw requests elsewhere.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import SubsonicAPI from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../app/testing/temp.ts';
import { makeTrack, startTestServer, sync, type TestServer, type TestTrack } from '../testing/testkit.ts';
import { restClient, tokenAuth } from './testing/rest.ts';
import { expectFailure } from './testing/spec.ts';

const password = 'sesame-secret-2';
/** ffmpeg/ffprobe against this process's server: asynchronously, so the server can answer. */
const run = async (cmd: string, args: string[]): Promise<Buffer> =>
  (await promisify(execFile)(cmd, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout;

/** An 8 s two-tone signal encoded by ffmpeg: what a sync would upload. */
function encode(dir: string, name: string, args: string[]): Buffer {
  const out = path.join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=8:sample_rate=48000', '-ac', '2', ...args, '-y', out]);
  return fs.readFileSync(out);
}

function library(dir: string): TestTrack[] {
  const opusMedium = encode(dir, 'medium.webm', ['-c:a', 'libopus', '-b:a', '96k', '-f', 'webm']);
  const opusLow = encode(dir, 'low.webm', ['-c:a', 'libopus', '-b:a', '48k', '-f', 'webm']);
  const aac = encode(dir, 'compat.m4a', ['-c:a', 'aac', '-b:a', '128k', '-f', 'ipod', '-movflags', '+faststart']);
  const ada = { artist: 'Ada', artists: ['Ada'], album: 'Waves', albumArtist: 'Ada', albumArtists: ['Ada'], genres: ['Ambient'], year: 2020, date: '2020' };
  return [
    makeTrack(1, {
      meta: { ...ada, title: 'Opus Song', trackNo: 1, durationMs: 8000 },
      renditions: [
        { rung: 'medium', codec: 'opus', kbps: 96, body: opusMedium }, { rung: 'low', codec: 'opus', kbps: 48, body: opusLow },
        { rung: 'compat', codec: 'aac', kbps: 128, body: aac },
      ],
    }),
    // Bo appears on Ada's album: it must not list Waves in the folder tree.
    makeTrack(2, { meta: { ...ada, title: 'Duet', artist: 'Ada & Bo', artists: ['Ada', 'Bo'], trackNo: 2 } }),
    makeTrack(3, { meta: { title: 'Solo', artist: 'Bo', artists: ['Bo'], album: 'Alone', albumArtist: 'Bo', albumArtists: ['Bo'], genres: ['Ambient'], year: 2021, date: '2021' } }),
    // A compilation: under "Various Artists" only.
    makeTrack(4, { meta: { title: 'Mix A', artist: 'Ada', artists: ['Ada'], album: 'Mix', albumArtist: 'Various Artists', albumArtists: ['Various Artists'], compilation: true, trackNo: 1, genres: ['Polka'] } }),
    makeTrack(5, { meta: { title: 'Mix B', artist: 'Bo', artists: ['Bo'], album: 'Mix', albumArtist: 'Various Artists', albumArtists: ['Various Artists'], compilation: true, trackNo: 2, genres: ['Polka'] } }),
  ];
}

describe('every Subsonic client plays everything', () => {
  let t: TestServer;
  let dir: string;
  let tracks: TestTrack[];
  let apiKey: string;
  const { rest, checked } = restClient(() => t.server.url, () => tokenAuth('alice', password));
  const client = (auth: 'token' | 'apiKey' = 'token') => new SubsonicAPI({
    url: t.server.url, auth: auth === 'apiKey' ? { apiKey } : { username: 'alice', password },
  });
  const songId = async (title: string) => {
    const hit = (await client().search3({ query: title, songCount: 5, artistCount: 0, albumCount: 0 })).searchResult3.song?.find((s) => s.title === title);
    if (!hit) throw new Error(`no song ${title}`);
    return hit.id;
  };
  const bodyOf = (sourceId: number, rung: string) => {
    const track = tracks[sourceId - 1];
    const key = track?.track.renditions.find((r) => r.rung === rung)?.key ?? '';
    const body = track?.bodies.get(key);
    if (!body) throw new Error(`no ${rung} of ${sourceId}`);
    return body;
  };

  beforeAll(async () => {
    dir = tempDir('tonearm-subsonic-clients-');
    t = await startTestServer('fs');
    tracks = library(dir);
    await sync(t, tracks);
    for (const name of ['alice', 'carol']) {
      const created = await t.call<{ apiKey: string }>('/api/admin/subsonic/users', { body: { name, password }, token: t.adminToken });
      expect(created.status).toBe(201);
      if (name === 'alice') apiKey = created.body.apiKey;
    }
  }, 60_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('format and maxBitRate pick the stored rendition; without them, AAC in MP4 (what iOS players play)', async () => {
    const id = await songId('Opus Song');
    const song = (await checked('getSong', { id })).song as Record<string, unknown>;
    // The song describes what a plain `stream` answers.
    expect(song).toMatchObject({ contentType: 'audio/mp4', suffix: 'm4a', bitRate: 128, size: bodyOf(1, 'compat').length });
    const cases: Array<[Record<string, string>, string, string]> = [
      [{}, 'compat', 'audio/mp4'],
      [{ maxBitRate: '320' }, 'compat', 'audio/mp4'],
      [{ maxBitRate: '96' }, 'medium', 'audio/webm'],
      [{ maxBitRate: '64' }, 'low', 'audio/webm'],
      [{ maxBitRate: '8' }, 'compat', 'audio/mp4'],
      [{ format: 'opus' }, 'medium', 'audio/webm'],
      [{ format: 'ogg', maxBitRate: '50' }, 'low', 'audio/webm'],
      [{ format: 'aac', maxBitRate: '160' }, 'compat', 'audio/mp4'],
      [{ format: 'mp3' }, 'compat', 'audio/mp4'],
      [{ format: 'raw', maxBitRate: '32' }, 'compat', 'audio/mp4'],
    ];
    for (const [params, rung, type] of cases) {
      const r = await rest('stream', { id, ...params });
      expect(r.status, JSON.stringify(params)).toBe(200);
      expect(r.headers.get('content-type'), JSON.stringify(params)).toBe(type);
      expect(r.body.equals(bodyOf(1, rung)), `${JSON.stringify(params)} → ${rung}`).toBe(true);
    }
    // The client's own stream call.
    const viaClient = await client('apiKey').stream({ id, maxBitRate: 64 });
    expect(Buffer.from(await viaClient.arrayBuffer()).equals(bodyOf(1, 'low'))).toBe(true);
    // download sends the best stored rendition.
    const dl = await rest('download', { id });
    expect(dl.body.equals(bodyOf(1, 'compat'))).toBe(true);
  });

  it('ffmpeg (mpv and ffplay read the same way) decodes every rendition stream sends, and seeks in it through Range', async () => {
    const id = await songId('Opus Song');
    for (const params of [{}, { format: 'opus' }, { maxBitRate: '64' }] as Array<Record<string, string>>) {
      const q = new URLSearchParams({ v: '1.16.1', c: 'ffmpeg', apiKey, id, ...params });
      const url = `${t.server.url}/rest/stream.view?${q}`;
      const probe = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', url])).toString()) as {
        format: { duration: string }; streams: Array<{ codec_name: string }>;
      };
      expect(Number(probe.format.duration), JSON.stringify(params)).toBeCloseTo(8, 0);
      expect(probe.streams[0]?.codec_name).toBe(params.format !== undefined || params.maxBitRate !== undefined ? 'opus' : 'aac');
      // A seek to 6 s reads from the middle (a Range request) and decodes the last 2 s cleanly.
      const decoded = await run('ffmpeg', ['-v', 'error', '-ss', '6', '-i', url, '-f', 's16le', '-ac', '1', '-ar', '8000', '-']);
      expect(decoded.length / 2 / 8000, JSON.stringify(params)).toBeGreaterThan(1.5);
      expect(decoded.length / 2 / 8000, JSON.stringify(params)).toBeLessThan(2.5);
    }
    const ranged = await rest('stream', { id }, { headers: { Range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(ranged.body.equals(bodyOf(1, 'compat').subarray(100, 200))).toBe(true);
  });

  it('tokenInfo names the API key\'s user; getUser answers real users only', async () => {
    const info = await checked('tokenInfo', {}, true, { auth: { apiKey } });
    expect(info.tokenInfo).toEqual({ username: 'alice' });
    expect(((await checked('getUser', {})).user as { username: string }).username).toBe('alice');
    expect(((await checked('getUser', { username: 'alice' })).user as { username: string }).username).toBe('alice');
    expect((await client().getUser({ username: 'alice' })).user.username).toBe('alice');
    // An invented user is not found; another real user is not the caller's to read; the admin may.
    expect(expectFailure((await rest('getUser', { username: 'bob' })).json)).toBe(70);
    expect(expectFailure((await rest('getUser', { username: 'carol' })).json)).toBe(50);
    const asAdmin = await rest('getUser', { username: 'carol' }, { auth: { apiKey: t.adminToken } });
    expect((asAdmin.json as { 'subsonic-response': { user: { username: string; adminRole: boolean } } })['subsonic-response'].user)
      .toMatchObject({ username: 'carol', adminRole: false });
    expect(expectFailure((await rest('getUser', { username: 'bob' }, { auth: { apiKey: t.adminToken } })).json)).toBe(70);
    // getUsers: the admin's, as the spec says.
    expect(expectFailure((await rest('getUsers')).json)).toBe(50);
    const users = (await checked('getUsers', {}, true, { auth: { apiKey: t.adminToken } })).users as { user: Array<{ username: string; adminRole: boolean }> };
    expect(users.user.map((u) => [u.username, u.adminRole])).toEqual([['alice', false], ['carol', false]]);
  });

  it('unsupported and unknown methods answer HTTP 200 with a Subsonic error, in the format asked for', async () => {
    for (const name of ['createUser', 'getCaptions', 'jukeboxControl', 'noSuchMethod']) {
      const r = await rest(name);
      expect(r.status, name).toBe(200);
      expect(expectFailure(r.json), name).toBe(0);
      const xml = await rest(name, {}, { f: null });
      expect(xml.status).toBe(200);
      expect(xml.text).toMatch(/status="failed".*<error code="0" message="Unsupported API method: [A-Za-z]+"\/>/);
    }
  });

  it('a folder tree: every album exactly once, under its album artist; every song once', async () => {
    const indexes = (await checked('getIndexes')).indexes as { index: Array<{ artist: Array<{ id: string; name: string }> }> };
    const artists = indexes.index.flatMap((i) => i.artist);
    expect(artists.map((a) => a.name).sort()).toEqual(['Ada', 'Bo', 'Various Artists']);
    const albums: string[] = [];
    const songs: string[] = [];
    for (const a of artists) {
      const dirA = (await checked('getMusicDirectory', { id: a.id })).directory as { child: Array<{ id: string; title: string; isDir: boolean; parent: string }> };
      for (const al of dirA.child) {
        expect(al).toMatchObject({ isDir: true, parent: a.id });
        albums.push(`${a.name}/${al.title}`);
        const dirAl = (await checked('getMusicDirectory', { id: al.id })).directory as { parent: string; child: Array<{ title: string; isDir: boolean; parent: string }> };
        expect(dirAl.parent).toBe(a.id);
        for (const s of dirAl.child) {
          expect(s).toMatchObject({ isDir: false, parent: al.id });
          songs.push(s.title);
        }
      }
    }
    expect(albums.sort()).toEqual(['Ada/Waves', 'Bo/Alone', 'Various Artists/Mix']);
    expect(songs.sort()).toEqual(['Duet', 'Mix A', 'Mix B', 'Opus Song', 'Solo']);
    // The ID3 view still lists the albums an artist appears on.
    const bo = artists.find((a) => a.name === 'Bo');
    expect((await client().getArtist({ id: bo?.id ?? '' })).artist.album?.map((a) => a.name).sort()).toEqual(['Alone', 'Mix', 'Waves']);
    // Every ID3 artist's albumCount is the number of albums getArtist lists for it.
    const id3 = ((await checked('getArtists')).artists as { index: Array<{ artist: Array<{ id: string; name: string; albumCount: number }> }> }).index.flatMap((i) => i.artist);
    expect(id3.map((a) => [a.name, a.albumCount])).toEqual([['Ada', 2], ['Bo', 3], ['Various Artists', 1]]);
    for (const a of id3) expect((await client().getArtist({ id: a.id })).artist.album, a.name).toHaveLength(a.albumCount);
    const found = (await client().search3({ query: 'bo', artistCount: 5, albumCount: 0, songCount: 0 })).searchResult3.artist ?? [];
    expect(found.map((a) => [a.name, a.albumCount])).toEqual([['Bo', 3]]);
  });

  it('similar songs and top songs come from the recommender', async () => {
    expect((await t.call('/api/recommendations/refresh?wait=1', { body: {} })).status).toBe(200);
    const opus = await songId('Opus Song');
    const similar = (await checked('getSimilarSongs', { id: opus })).similarSongs as { song: Array<{ id: string; title: string }> };
    // Ada's other songs and the same genre; never the seed itself.
    expect(similar.song.map((s) => s.title)).toEqual(expect.arrayContaining(['Duet', 'Mix A', 'Solo']));
    expect(similar.song.map((s) => s.id)).not.toContain(opus);
    const albums = (await client().getAlbumList2({ type: 'alphabeticalByName', size: 10 })).albumList2.album ?? [];
    const waves = albums.find((a) => a.name === 'Waves');
    const byAlbum = (await checked('getSimilarSongs', { id: waves?.id ?? '' })).similarSongs as { song: Array<{ title: string }> };
    expect(byAlbum.song.map((s) => s.title)).not.toContain('Duet');
    expect(byAlbum.song.length).toBeGreaterThan(0);
    const artists = (await client().getArtists()).artists.index?.flatMap((i) => i.artist ?? []) ?? [];
    const bo = artists.find((a) => a.name === 'Bo');
    const viaClient = await client('apiKey').getSimilarSongs2({ id: bo?.id ?? '', count: 2 });
    expect(viaClient.similarSongs2.song?.length).toBe(2);
    await checked('getSimilarSongs2', { id: bo?.id ?? '' });
    expect(expectFailure((await rest('getSimilarSongs2', { id: 'ar-99999' })).json)).toBe(70);
    // Similar artists: the artists of the songs similar to Ada's (Bo, on Duet, Solo and Mix B), never Ada.
    const ada = artists.find((a) => a.name === 'Ada');
    const info2 = (await checked('getArtistInfo2', { id: ada?.id ?? '' })).artistInfo2 as { similarArtist: Array<{ id: string; name: string; albumCount: number }> };
    expect(info2.similarArtist).toMatchObject([{ id: bo?.id, name: 'Bo' }]);
    const info = (await checked('getArtistInfo', { id: ada?.id ?? '', count: '5' })).artistInfo as { similarArtist: Array<{ id: string; name: string }> };
    expect(info.similarArtist).toEqual([{ id: bo?.id, name: 'Bo' }]);
    expect((await checked('getArtistInfo2', { id: ada?.id ?? '', count: '0' })).artistInfo2).toEqual({ similarArtist: [] });

    const top = (await checked('getTopSongs', { artist: 'ada' })).topSongs as { song: Array<{ title: string }> };
    expect(top.song.map((s) => s.title).sort()).toEqual(['Duet', 'Mix A', 'Opus Song']);
    // Plays put a song first.
    const mixA = await songId('Mix A');
    for (const time of [1_700_000_000_000, 1_700_000_600_000]) await client().scrobble({ id: mixA, time, submission: true });
    expect((await client().getTopSongs({ artist: 'Ada', count: 1 })).topSongs.song?.map((s) => s.title)).toEqual(['Mix A']);
  });

  it('empty lists are empty arrays', async () => {
    const empty = async (endpoint: Parameters<typeof checked>[0], params: Record<string, string>, pick: (r: Record<string, unknown>) => unknown) => {
      expect(pick(await checked(endpoint, params)), endpoint).toEqual([]);
    };
    await empty('getTopSongs', { artist: 'Nobody' }, (r) => (r.topSongs as { song: unknown }).song);
    await empty('getBookmarks', {}, (r) => (r.bookmarks as { bookmark: unknown }).bookmark);
    await empty('getPodcasts', {}, (r) => (r.podcasts as { channel: unknown }).channel);
    await empty('getNewestPodcasts', {}, (r) => (r.newestPodcasts as { episode: unknown }).episode);
    await empty('getShares', {}, (r) => (r.shares as { share: unknown }).share);
    await empty('getVideos', {}, (r) => (r.videos as { video: unknown }).video);
    await empty('getInternetRadioStations', {}, (r) => (r.internetRadioStations as { internetRadioStation: unknown }).internetRadioStation);
    await empty('getPlaylists', {}, (r) => (r.playlists as { playlist: unknown }).playlist);
    await empty('getStarred2', {}, (r) => (r.starred2 as { song: unknown }).song);
    await empty('search3', { query: 'zzzzqqq' }, (r) => (r.searchResult3 as { song: unknown }).song);
    await empty('getAlbumList2', { type: 'starred' }, (r) => (r.albumList2 as { album: unknown }).album);
    await empty('getSongsByGenre', { genre: 'Nothing' }, (r) => (r.songsByGenre as { song: unknown }).song);
  });
});
