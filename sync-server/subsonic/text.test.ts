// Characters no Subsonic answer carries (text.ts) are removed from the JSON and JSONP answers the
// same as from the XML ones: tags with U+0000, other control characters and U+FFFE/U+FFFF, through
// a real sync server. Tab, LF and CR stay (in lyrics they mean something).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lyrics } from '../../app/contract/index.ts';
import { makeTrack, startTestServer, sync, type TestServer } from '../testing/testkit.ts';
import { restClient } from './testing/rest.ts';

const lyrics: Lyrics = { synced: true, lang: 'eng', offsetMs: 0, source: 'sidecar', lines: [{ startMs: 0, text: 'Bell\u0007 and\ttab' }, { startMs: 900, text: 'line\r\nbreak\u001b[0m' }] };
const tracks = [
  makeTrack(1, { meta: { title: 'Nul\u0000l title', artist: 'Es\u001bcape', artists: ['Es\u001bcape'], album: 'Form\u000cfeed\uffff', albumArtist: 'Es\u001bcape', genres: ['Ro\u0001ck'], trackNo: 1, lyrics: [lyrics] } }),
  makeTrack(2, { meta: { title: 'Clean', artist: 'Es\u001bcape', artists: ['Es\u001bcape'], album: 'Form\u000cfeed\uffff', albumArtist: 'Es\u001bcape', trackNo: 2 } }),
];
// What a client reads back: the same text without them.
const stripped = { title: 'Null title', artist: 'Escape', album: 'Formfeed', genre: 'Rock' };
// Any of them, raw or as a JSON escape (\u0000, \b, \f, \u001b; lone surrogates as \udXXX).
const unsafe = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\\u00(0[0-8bce-f]|1[0-9a-f])|\\[bf]|\\ud[89a-f]/i;

describe('Subsonic JSON answers carry no character XML 1.0 forbids', () => {
  let t: TestServer;
  let rest: ReturnType<typeof restClient>['rest'];
  let checked: ReturnType<typeof restClient>['checked'];
  let songId: string;

  beforeAll(async () => {
    t = await startTestServer('fs');
    expect((await sync(t, tracks)).rejected).toEqual([]);
    const apiKey = (await t.call<{ apiKey: string }>('/api/admin/subsonic/users', { body: { name: 'ann' }, token: t.adminToken })).body.apiKey;
    ({ rest, checked } = restClient(() => t.server.url, () => ({ apiKey })));
    const all = (await rest('search3', { query: '', songCount: '10' })).json as { 'subsonic-response': { searchResult3: { song: Array<{ id: string; track: number }> } } };
    songId = all['subsonic-response'].searchResult3.song.find((s) => s.track === 1)?.id ?? '';
  }, 60_000);
  afterAll(async () => t?.close());

  it('strips them from a song\'s title, artist, album and genre (JSON, JSONP and XML alike)', async () => {
    const json = await rest('getSong', { id: songId });
    expect(json.text).toContain('"title":"Null title"');
    expect(json.text).not.toMatch(unsafe);
    expect((await checked('getSong', { id: songId })).song).toMatchObject(stripped);
    const jsonp = await rest('getSong', { id: songId, callback: 'cb' }, { f: 'jsonp' });
    expect(jsonp.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(jsonp.text).toMatch(/^\/\*\*\/cb\(\{"subsonic-response".*\}\);$/s);
    expect(jsonp.text).not.toMatch(unsafe);
    expect(jsonp.text).toContain('"title":"Null title"');
  });

  it('strips them from every answer that lists them: album, search, artists, genres', async () => {
    for (const [name, params] of [['search3', { query: '' }], ['getArtists', {}], ['getGenres', {}], ['getAlbumList2', { type: 'newest' }]] as const) {
      const json = await rest(name, params);
      expect(json.status, name).toBe(200);
      expect(json.text, name).not.toMatch(unsafe);
      expect(json.text, name).toContain(name === 'getGenres' ? '"Rock"' : '"Escape"');
    }
    const albumId = ((await checked('getSong', { id: songId })).song as { albumId: string }).albumId;
    const album = (await checked('getAlbum', { id: albumId })).album as { name: string; song: Array<{ title: string }> };
    expect(album.name).toBe('Formfeed');
    expect(album.song.map((s) => s.title)).toEqual(['Null title', 'Clean']);
  });

  it('keeps tab, LF and CR in lyrics, and strips the rest', async () => {
    const json = await rest('getLyricsBySongId', { id: songId });
    expect(json.text).not.toMatch(unsafe);
    const r = await checked('getLyricsBySongId', { id: songId });
    const lines = (r.lyricsList as { structuredLyrics: Array<{ line: Array<{ value: string }> }> }).structuredLyrics[0]?.line.map((l) => l.value);
    expect(lines).toEqual(['Bell and\ttab', 'line\r\nbreak[0m']);
  });
});
