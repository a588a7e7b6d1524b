// Gain and lyrics through the real sync path: a real desktop catalog (real files: ReplayGain and
// R128 tags, untagged tracks the sync measures, a .lrc sidecar, embedded lyrics) synced by sync()
// to the real sync server (a child process) over the fs store and over a signature-checking S3
// server. Remote mode answers Track.gain, Track.hasLyrics and GET /api/tracks/:id/lyrics exactly as
// the desktop does, a Subsonic app (the `subsonic-api` client) gets replayGain and lyrics, and an
// edited .lrc or a loudness measurement finished later re-syncs as metadata only: no audio upload.
import fs from 'node:fs';
import path from 'node:path';
import SubsonicAPI from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueries } from '../catalog/queries/index.ts';
import type { Lyrics, Page, Track, TrackGain } from '../contract/index.ts';
import { createLoudnessJob } from '../loudness/job.ts';
import { writeTracks, type ToneSpec } from '../testing/audio.ts';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { sync, type SyncOptions } from './client.ts';
import { startRealSyncServer, type RealSyncServer } from './testing/realServer.ts';

const lrc = '[ar:Aimee]\n[la:eng]\n[offset:+150]\n[00:00.00]Hello\n[00:01.50]World\n';
const library: ToneSpec[] = [
  {
    path: 'Tags/01 Tagged.flac', format: 'flac',
    tags: { title: 'Tagged', artist: 'Aimee', album: 'Tags', REPLAYGAIN_TRACK_GAIN: '-6.50 dB', REPLAYGAIN_TRACK_PEAK: '0.900000', REPLAYGAIN_ALBUM_GAIN: '-7.25 dB', REPLAYGAIN_ALBUM_PEAK: '0.950000' },
  },
  { path: 'Opus/01 Five.opus', format: 'opus', tags: { title: 'Five', artist: 'Sea', album: 'Opus', R128_TRACK_GAIN: '-2560' } },
  { path: 'Measured/01 One.flac', format: 'flac', seconds: 3, frequency: 330, tags: { title: 'One', artist: 'Bea', album: 'Measured', track: '1', LYRICS: 'Line one\nLine two' } },
  { path: 'Measured/02 Two.flac', format: 'flac', seconds: 3, frequency: 660, tags: { title: 'Two', artist: 'Bea', album: 'Measured', track: '2' } },
];

/** What OpenSubsonic's replayGain says for a Track.gain: what is known, positive peaks. */
function replayGainOf(g: TrackGain | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (g?.trackGainDb != null) out.trackGain = g.trackGainDb;
  if (g?.albumGainDb != null) out.albumGain = g.albumGainDb;
  if (g?.trackPeak != null && g.trackPeak > 0) out.trackPeak = g.trackPeak;
  if (g?.albumPeak != null && g.albumPeak > 0) out.albumPeak = g.albumPeak;
  return out;
}

describe.each(['fs', 's3'] as const)('gain and lyrics through sync (%s store)', (kind) => {
  let lib: TempLibrary;
  let s3: TestS3 | undefined;
  let server: RealSyncServer;
  let options: SyncOptions;
  let subsonic: SubsonicAPI;

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, library);
    fs.writeFileSync(path.join(lib.music, 'Tags/01 Tagged.lrc'), lrc);
    await lib.scan();
    if (kind === 's3') s3 = await startTestS3();
    server = await startRealSyncServer(s3 ? { s3 } : {});
    options = { catalog: lib.catalog, server: server.url, token: server.token, renditionCache: path.join(lib.dir, 'renditions'), coverDir: lib.coverDir };
    const user = await server.admin<{ apiKey: string }>('/api/admin/subsonic/users', { body: { name: 'ann' } });
    expect(user.status).toBe(201);
    subsonic = new SubsonicAPI({ url: server.url, auth: { apiKey: user.body.apiKey } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    lib?.cleanup();
  });

  const desktop = (): Map<string, Track> =>
    new Map(createQueries(lib.catalog).tracks.page({ offset: 0, limit: 1000, sort: 'title', order: 'asc' }).items.map((t) => [t.title, t]));
  const desktopLyrics = (title: string): Lyrics[] => createQueries(lib.catalog).tracks.lyrics(desktop().get(title)?.id ?? -1) ?? [];
  const remote = async (): Promise<Map<string, Track>> =>
    new Map((await server.get<Page<Track>>('/api/tracks?limit=1000')).items.map((t) => [t.title, t]));
  const objectKeys = async (): Promise<Set<string>> => {
    const out = new Set<string>();
    for await (const o of server.store.list('')) out.add(o.key);
    return out;
  };

  /** Every track: remote mode answers gain, hasLyrics and lyrics as the desktop; Subsonic too. */
  async function expectMirrored(): Promise<void> {
    const local = desktop();
    const mirrored = await remote();
    expect([...mirrored.keys()].sort()).toEqual([...local.keys()].sort());
    for (const [title, t] of local) {
      const r = mirrored.get(title);
      expect(r?.gain, title).toEqual(t.gain);
      expect(r?.hasLyrics, title).toBe(t.hasLyrics);
      expect(await server.get<Lyrics[]>(`/api/tracks/${r?.id}/lyrics`), title).toEqual(desktopLyrics(title));
      const song = (await subsonic.getSong({ id: `tr-${r?.id}` })).song;
      expect(song.replayGain, title).toEqual(replayGainOf(t.gain));
      const list = (await subsonic.getLyricsBySongId({ id: `tr-${r?.id}` })) as unknown as { lyricsList: { structuredLyrics: Array<{ line: unknown[] }> } };
      expect(list.lyricsList.structuredLyrics.map((l) => l.line.length), title).toEqual(desktopLyrics(title).map((l) => l.lines.length));
    }
  }

  it('publishes Track.gain (tags, R128, measured with the album) and lyrics (sidecar, embedded), answered by remote mode and Subsonic as on the desktop', async () => {
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 4, published: 4, failed: 0 });
    const local = desktop();
    expect(local.get('Tagged')?.gain).toEqual({ trackGainDb: -6.5, trackPeak: 0.9, albumGainDb: -7.25, albumPeak: 0.95, source: 'tags' });
    expect(local.get('Five')?.gain).toMatchObject({ trackGainDb: -5, source: 'tags' });
    for (const title of ['One', 'Two']) {
      expect(local.get(title)?.gain, title).toMatchObject({ source: 'measured', trackGainDb: expect.any(Number), albumGainDb: expect.any(Number) });
    }
    expect(local.get('Tagged')?.hasLyrics).toBe(true);
    expect(local.get('One')?.hasLyrics).toBe(true);
    await expectMirrored();

    const tagged = (await remote()).get('Tagged');
    const structured = (await subsonic.getLyricsBySongId({ id: `tr-${tagged?.id}` })) as unknown as { lyricsList: unknown };
    expect(structured.lyricsList).toEqual({
      structuredLyrics: [{ displayArtist: 'Aimee', displayTitle: 'Tagged', lang: 'eng', offset: 150, synced: true, line: [{ start: 0, value: 'Hello' }, { start: 1500, value: 'World' }] }],
    });
    expect((await subsonic.getLyrics({ artist: 'bea', title: 'one' })).lyrics).toEqual({ artist: 'Bea', title: 'One', value: 'Line one\nLine two' });
  }, 180_000);

  it('an edited .lrc re-syncs as metadata only', async () => {
    const before = s3 ? s3.requests.length : 0;
    const keys = await objectKeys();
    const file = path.join(lib.music, 'Tags/01 Tagged.lrc');
    fs.writeFileSync(file, '[la:deu]\n[00:00.50]Hallo\n[00:02.00]Welt\n[00:03.00]Wieder\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await lib.scan();
    expect(desktopLyrics('Tagged')[0]).toMatchObject({ lang: 'deu', lines: [{ startMs: 500, text: 'Hallo' }, { startMs: 2000, text: 'Welt' }, { startMs: 3000, text: 'Wieder' }] });
    const r = await sync(options);
    expect(r).toMatchObject({ uploaded: 0, bytes: 0, published: 1, failed: 0 });
    expect(await objectKeys()).toEqual(keys);
    if (s3) expect(s3.requests.slice(before).filter((q) => q.startsWith('PUT '))).toEqual([]);
    await expectMirrored();
    expect((await subsonic.getLyrics({ artist: 'Aimee', title: 'Tagged' })).lyrics.value).toBe('Hallo\nWelt\nWieder');

    // A sidecar removed: the lyrics leave the mirror too.
    fs.rmSync(file);
    await lib.scan();
    expect(await sync(options)).toMatchObject({ uploaded: 0, published: 1, failed: 0 });
    expect((await remote()).get('Tagged')?.hasLyrics).toBe(false);
    await expectMirrored();
  }, 120_000);

  it('a measurement the loudness job finishes later re-syncs as metadata only (only new audio is uploaded)', async () => {
    // A third track joins the measured album: the job measures it and the album's gain changes for all three.
    await writeTracks(lib.music, [{ path: 'Measured/03 Three.flac', format: 'flac', seconds: 3, frequency: 990, tags: { title: 'Three', artist: 'Bea', album: 'Measured', track: '3' } }]);
    await lib.scan();
    const albumBefore = (await remote()).get('One')?.gain?.albumGainDb;
    const job = createLoudnessJob({ catalog: lib.catalog, concurrency: 1 });
    job.start();
    await job.idle();
    await job.close();
    expect(desktop().get('Three')?.gain).toMatchObject({ source: 'measured' });
    expect(desktop().get('One')?.gain?.albumGainDb).not.toBe(albumBefore);

    const keys = await objectKeys();
    const r = await sync(options);
    expect(r).toMatchObject({ published: 3, failed: 0 });
    const three = lib.catalog.db.prepare<[], string>("SELECT fingerprint FROM tracks WHERE title = 'Three'").pluck().get();
    const added = [...await objectKeys()].filter((k) => !keys.has(k));
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((k) => !k.includes(`renditions/${three}/`))).toEqual([]);
    await expectMirrored();
  }, 120_000);

  it('a track the sync measures updates its album mates in the same run, as metadata only', async () => {
    await writeTracks(lib.music, [1, 2].map((n) => ({
      path: `Split/0${n} Part ${n}.flac`, format: 'flac' as const, seconds: 2, frequency: 200 + 50 * n, tags: { title: `Part ${n}`, artist: 'Cy', album: 'Split', track: String(n) },
    })));
    await lib.scan();
    // One track per request: the first is published before the second is measured, then again with the album's gain.
    expect(await sync({ ...options, chunkSize: 1 })).toMatchObject({ published: 2, failed: 0 });
    expect(desktop().get('Part 1')?.gain?.albumGainDb).toEqual(expect.any(Number));
    await expectMirrored();
    expect(await sync(options)).toMatchObject({ uploaded: 0, published: 0, failed: 0 });

    // A third part: measured by the sync; the album's gain changes for the first two, re-sent as metadata.
    await writeTracks(lib.music, [{ path: 'Split/03 Part 3.flac', format: 'flac', seconds: 2, frequency: 350, tags: { title: 'Part 3', artist: 'Cy', album: 'Split', track: '3' } }]);
    await lib.scan();
    const albumBefore = desktop().get('Part 1')?.gain?.albumGainDb;
    const keys = await objectKeys();
    expect(await sync(options)).toMatchObject({ published: 3, failed: 0 });
    expect(desktop().get('Part 1')?.gain?.albumGainDb).not.toBe(albumBefore);
    const part3 = lib.catalog.db.prepare<[], string>("SELECT fingerprint FROM tracks WHERE title = 'Part 3'").pluck().get();
    expect([...await objectKeys()].filter((k) => !keys.has(k) && !k.includes(`renditions/${part3}/`))).toEqual([]);
    await expectMirrored();
    expect(await sync(options)).toMatchObject({ uploaded: 0, published: 0, failed: 0 });
  }, 180_000);
});
