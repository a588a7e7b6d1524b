// The OpenSubsonic tests' harness: a sync server (fs or s3 store) with a small published library
// and one Subsonic user, the subsonic-api client, raw requests, and `checked` (an endpoint's JSON
// validated against the spec and its XML compared to it). `setup` registers beforeAll/afterAll in
// the calling describe block.
import sharp from 'sharp';
import SubsonicAPI from 'subsonic-api';
import { afterAll, beforeAll, expect } from 'vitest';
import { makeTrack, startTestServer, sync, type TestServer, type TestTrack } from '../../testing/testkit.ts';
import { restClient, tokenAuth as tokenAuthOf } from './rest.ts';

export const password = 'sesame-secret-1';
/** MusicBrainz ids tagged on Abbey Road (the release) and Come Together (the recording). */
export const mbAbbeyRoad = 'a9f1eb9e-5ee3-4d4f-9e1e-42a2e9a7c6d1';
export const mbComeTogether = '0b2a7d11-5a4b-4a56-8d3b-64dce3f0e4aa';

async function library(): Promise<{ tracks: TestTrack[]; coverA: Buffer; coverB: Buffer }> {
  const coverA = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c33' } }).jpeg().toBuffer();
  const coverB = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#33c' } }).jpeg().toBuffer();
  const beatles = { artist: 'The Beatles', artists: ['The Beatles'], album: 'Abbey Road', year: 1969, date: '1969', genres: ['Rock'], mbAlbumId: mbAbbeyRoad };
  const miles = { artist: 'Miles Davis', artists: ['Miles Davis'], album: 'Kind of Blue', year: 1959, date: '1959', genres: ['Jazz'] };
  const tracks = [
    makeTrack(1, { meta: { ...beatles, title: 'Come Together', trackNo: 1, durationMs: 259_000, mbRecordingId: mbComeTogether }, cover: coverA, size: 40_000 }),
    makeTrack(2, { meta: { ...beatles, title: 'Something', trackNo: 2 }, cover: coverA, size: 30_000 }),
    makeTrack(3, { meta: { ...miles, title: 'So What', trackNo: 1 }, cover: coverB, size: 20_000 }),
    makeTrack(4, { meta: { ...miles, title: 'Blue in Green', trackNo: 3, composers: ['Miles Davis', 'Bill Evans'] }, cover: coverB }),
    makeTrack(5, {
      meta: { title: 'Non, je ne <regrette> rien & "plus"', artist: 'Édith Piaf', artists: ['Édith Piaf'], album: 'Chanson française', year: 1960, date: '1960', genres: ['Chanson'], trackNo: 1 },
    }),
  ];
  return { tracks, coverA, coverB };
}

export function setup(kind: 'fs' | 's3') {
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
  const tokenAuth = (user = 'alice', pw = password) => tokenAuthOf(user, pw);
  const { rest, checked } = restClient(() => state.t.server.url, () => tokenAuth());

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

  /** The id of the song titled `title`, found with the client's search3. */
  const songId = async (title: string): Promise<string> => {
    const r = await client().search3({ query: title, songCount: 5, artistCount: 0, albumCount: 0 });
    const hit = r.searchResult3.song?.find((s) => s.title === title);
    if (!hit) throw new Error(`no song ${title}`);
    return hit.id;
  };

  return { state, rest, checked, client, tokenAuth, body, songId };
}
