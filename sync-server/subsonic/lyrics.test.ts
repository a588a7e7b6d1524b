// Gain and lyrics as the mirror publishes them: the remote-mode API (Track.gain, Track.hasLyrics,
// GET /api/tracks/:id/lyrics) answers what the desktop sent, and Subsonic answers it as OpenSubsonic
// asks — `replayGain` on every song (only what is known), `getLyricsBySongId` (structuredLyrics)
// and `getLyrics` (plain text by artist and title) — each checked against the spec's fields, in
// JSON and XML, and through the `subsonic-api` client. A re-commit replaces lyrics and gain.
import SubsonicAPI from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lyrics, Page, Track, TrackGain } from '../../app/contract/index.ts';
import type { MirrorTrackMeta } from '../../app/sync/protocol.ts';
import { makeTrack, startTestServer, sync, type TestServer, type TestTrack } from '../testing/testkit.ts';
import { expectFailure, expectOk, expectXmlMatches, type Endpoint } from './testing/spec.ts';

const tags: TrackGain = { trackGainDb: -6.5, trackPeak: 0.9, albumGainDb: -7.25, albumPeak: 0.95, source: 'tags' };
const silence: TrackGain = { trackGainDb: null, trackPeak: 0, albumGainDb: null, albumPeak: null, source: 'measured' };
const trackOnly: TrackGain = { trackGainDb: 2.4, trackPeak: null, albumGainDb: null, albumPeak: null, source: 'tags' };
const synced: Lyrics = {
  synced: true, lang: 'eng', offsetMs: 150, source: 'sidecar',
  lines: [{ startMs: 0, text: 'Hello <there> & "you"' }, { startMs: 1500, text: '' }, { startMs: 2750, text: 'World' }],
};
const plain: Lyrics = { synced: false, lang: null, offsetMs: 0, source: 'embedded', lines: [{ startMs: null, text: 'Hello' }, { startMs: null, text: 'World' }] };
const french: Lyrics = { synced: false, lang: 'fra', offsetMs: 0, source: 'embedded', lines: [{ startMs: null, text: 'Rien de rien' }] };

const song = (n: number, meta: Partial<MirrorTrackMeta>): TestTrack => makeTrack(n, { meta: { album: 'Lyrics', trackNo: n, ...meta } });

describe('gain and lyrics on the mirror', () => {
  let t: TestServer;
  let apiKey: string;
  const tracks = [
    song(1, { title: 'Tagged', artist: 'Aimee', artists: ['Aimee'], gain: tags, lyrics: [synced, plain] }),
    song(2, { title: 'Silent', artist: 'Aimee', artists: ['Aimee'], gain: silence, lyrics: [] }),
    song(3, { title: 'Non, je ne regrette rien', artist: 'Édith Piaf', artists: ['Édith Piaf'], gain: null, lyrics: [french] }),
    song(4, { title: 'Café del Mar', artist: 'Energy 52', artists: ['Energy 52', 'Paul Schmitz-Moormann'], gain: trackOnly, lyrics: [plain] }),
    song(5, { title: 'Cafe Del Mar', artist: 'Someone Else', artists: ['Someone Else'], lyrics: [french] }),
  ];

  beforeAll(async () => {
    t = await startTestServer('fs');
    const r = await sync(t, tracks);
    expect(r.rejected).toEqual([]);
    apiKey = (await t.call<{ apiKey: string }>('/api/admin/subsonic/users', { body: { name: 'ann' }, token: t.adminToken })).body.apiKey;
  }, 60_000);
  afterAll(async () => t?.close());

  const remote = async (): Promise<Map<string, Track>> =>
    new Map((await t.call<Page<Track>>('/api/tracks?limit=100')).body.items.map((x) => [`${x.title}|${x.artist}`, x]));
  const idOf = async (title: string, artist: string): Promise<number> => {
    const found = (await remote()).get(`${title}|${artist}`);
    if (!found) throw new Error(`no ${title}`);
    return found.id;
  };
  const rest = async (name: string, params: Record<string, string>, f: 'json' | 'xml' = 'json') => {
    const q = new URLSearchParams({ v: '1.16.1', c: 'lyrics-test', apiKey, ...(f === 'json' ? { f } : {}), ...params });
    const res = await fetch(`${t.server.url}/rest/${name}.view?${q}`);
    return { status: res.status, text: await res.text() };
  };
  /** JSON validated against the spec's fields, and the XML answer carrying the same content. */
  const checked = async (endpoint: Endpoint, params: Record<string, string>): Promise<Record<string, unknown>> => {
    const json = await rest(endpoint, params);
    expect(json.status).toBe(200);
    const response = expectOk(endpoint, JSON.parse(json.text));
    expectXmlMatches((await rest(endpoint, params, 'xml')).text, response);
    return response;
  };
  const client = () => new SubsonicAPI({ url: t.server.url, auth: { apiKey } });

  it('the remote API answers Track.gain, Track.hasLyrics and the lyrics route as published', async () => {
    const byKey = await remote();
    for (const { track } of tracks) {
      const r = byKey.get(`${track.meta.title}|${track.meta.artist}`);
      expect(r?.gain, track.meta.title).toEqual(track.meta.gain);
      expect(r?.hasLyrics, track.meta.title).toBe(track.meta.lyrics.length > 0);
      expect((await t.call<Lyrics[]>(`/api/tracks/${r?.id}/lyrics`)).body, track.meta.title).toEqual(track.meta.lyrics);
    }
    expect((await t.call('/api/tracks/99999/lyrics')).status).toBe(404);
  });

  it('replayGain on every song: what is known, never a 0 for the unknown, positive peaks only', async () => {
    const expected: Array<[string, string, Record<string, number>]> = [
      ['Tagged', 'Aimee', { trackGain: -6.5, albumGain: -7.25, trackPeak: 0.9, albumPeak: 0.95 }],
      ['Silent', 'Aimee', {}],
      ['Non, je ne regrette rien', 'Édith Piaf', {}],
      ['Café del Mar', 'Energy 52', { trackGain: 2.4 }],
      ['Cafe Del Mar', 'Someone Else', { trackGain: -4, trackPeak: 0.89 }],
    ];
    for (const [title, artist, gain] of expected) {
      const id = `tr-${await idOf(title, artist)}`;
      const { song: s } = (await checked('getSong', { id })) as { song: { replayGain: unknown } };
      expect(s.replayGain, title).toEqual(gain);
      expect((await client().getSong({ id })).song.replayGain, title).toEqual(gain);
    }
    // Every list of songs carries it too (getAlbum, search3 are validated against the spec's ReplayGain).
    const album = (await checked('getAlbum', { id: `al-${(await remote()).get('Tagged|Aimee')?.albumId}` })) as { album: { song: Array<{ replayGain?: unknown }> } };
    expect(album.album.song.every((x) => x.replayGain !== undefined)).toBe(true);
    await checked('search3', { query: '' });
  });

  it('getLyricsBySongId: every lyrics as structuredLyrics (und when the language is unknown, start only when synced)', async () => {
    const id = `tr-${await idOf('Tagged', 'Aimee')}`;
    const r = await checked('getLyricsBySongId', { id });
    expect(r.lyricsList).toEqual({
      structuredLyrics: [
        {
          displayArtist: 'Aimee', displayTitle: 'Tagged', lang: 'eng', offset: 150, synced: true,
          line: [{ start: 0, value: 'Hello <there> & "you"' }, { start: 1500, value: '' }, { start: 2750, value: 'World' }],
        },
        { displayArtist: 'Aimee', displayTitle: 'Tagged', lang: 'und', offset: 0, synced: false, line: [{ value: 'Hello' }, { value: 'World' }] },
      ],
    });
    // The subsonic-api client reads the same.
    const viaClient = (await client().getLyricsBySongId({ id })) as unknown as { lyricsList: { structuredLyrics: unknown[] } };
    expect(viaClient.lyricsList).toEqual(r.lyricsList);
    expect((await checked('getLyricsBySongId', { id: `tr-${await idOf('Silent', 'Aimee')}` })).lyricsList).toEqual({ structuredLyrics: [] });
    expect(expectFailure(JSON.parse((await rest('getLyricsBySongId', { id: 'tr-99999' })).text))).toBe(70);
    expect(expectFailure(JSON.parse((await rest('getLyricsBySongId', { id: 'al-1' })).text))).toBe(70);
    expect(expectFailure(JSON.parse((await rest('getLyricsBySongId', {})).text))).toBe(10);
  });

  it('getLyrics: by title and artist, case- and accent-insensitively; plain text; nothing found is empty', async () => {
    const energy = await checked('getLyrics', { artist: 'ENERGY 52', title: 'cafe del mar' });
    expect(energy.lyrics).toEqual({ artist: 'Energy 52', title: 'Café del Mar', value: 'Hello\nWorld' });
    // Any credited artist counts; another artist's song of that title is another song.
    expect((await checked('getLyrics', { artist: 'paul schmitz-moormann', title: 'Café del Mar' })).lyrics).toMatchObject({ artist: 'Energy 52' });
    expect((await checked('getLyrics', { artist: 'someone else', title: 'CAFÉ DEL MAR' })).lyrics).toEqual({ artist: 'Someone Else', title: 'Cafe Del Mar', value: 'Rien de rien' });
    // Synced lyrics come as their text, one line per line.
    expect((await checked('getLyrics', { artist: 'aimee', title: 'tagged' })).lyrics).toMatchObject({ value: 'Hello <there> & "you"\n\nWorld' });
    expect((await checked('getLyrics', { title: 'Non, je ne regrette rien' })).lyrics).toMatchObject({ artist: 'Édith Piaf', value: 'Rien de rien' });
    const nothing: Array<Record<string, string>> = [{ artist: 'Nobody', title: 'Tagged' }, { title: 'Silent' }, { artist: 'Aimee' }, {}];
    for (const params of nothing) {
      expect((await checked('getLyrics', params)).lyrics, JSON.stringify(params)).toEqual({ value: '' });
    }
    expect((await client().getLyrics({ artist: 'Édith Piaf', title: 'non, je ne regrette rien' })).lyrics).toEqual({ artist: 'Édith Piaf', title: 'Non, je ne regrette rien', value: 'Rien de rien' });
  });

  it('a re-commit replaces gain and lyrics (nothing of the old ones is left); removing them leaves none', async () => {
    const first = tracks[0] as TestTrack;
    const edited = song(1, { ...first.track.meta, gain: trackOnly, lyrics: [{ ...synced, lines: [{ startMs: 10, text: 'Edited' }] }] });
    expect((await sync(t, [edited])).published).toEqual([1]);
    const id = await idOf('Tagged', 'Aimee');
    expect((await t.call<Lyrics[]>(`/api/tracks/${id}/lyrics`)).body).toEqual([{ ...synced, lines: [{ startMs: 10, text: 'Edited' }] }]);
    expect((await remote()).get('Tagged|Aimee')?.gain).toEqual(trackOnly);
    expect((await checked('getLyrics', { artist: 'Aimee', title: 'Tagged' })).lyrics).toMatchObject({ value: 'Edited' });

    const bare = song(1, { ...first.track.meta, gain: null, lyrics: [] });
    expect((await sync(t, [bare])).published).toEqual([1]);
    const r = (await remote()).get('Tagged|Aimee');
    expect(r).toMatchObject({ id, gain: null, hasLyrics: false });
    expect((await t.call<Lyrics[]>(`/api/tracks/${id}/lyrics`)).body).toEqual([]);
    expect((await checked('getLyrics', { artist: 'Aimee', title: 'Tagged' })).lyrics).toEqual({ value: '' });
  });

  it('refuses lyrics beyond the protocol bounds with a clear error, and takes a manifest without gain or lyrics (an older desktop)', async () => {
    const huge = song(9, { title: 'Huge', lyrics: [{ ...plain, lines: Array.from({ length: 200 }, () => ({ startMs: null, text: 'x'.repeat(1000) })) }] });
    const refused = await t.call<{ error: { status: number; message: string } }>('/api/sync/manifest', { body: { tracks: [huge.track] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/lyrics must hold at most 100000 characters/);
    const { gain: _g, lyrics: _l, ...older } = song(10, { title: 'Older' }).track.meta;
    const legacy = song(10, { title: 'Older' });
    const r = await sync(t, [{ ...legacy, track: { ...legacy.track, meta: older as MirrorTrackMeta } }]);
    expect(r.published).toEqual([10]);
    expect((await remote()).get('Older|Artist')).toMatchObject({ gain: null, hasLyrics: false });
  });
});
