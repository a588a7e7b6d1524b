// The remote player's test rig: a sync server serving dist/renderer over a real store — the local
// signature-checking S3 server (app/testing/s3.ts, with or without bucket CORS) or the fs store
// (same origin, `/objects`) — and an album of REAL AAC renditions (ffmpeg, +faststart) published
// through the sync protocol, exactly what the desktop's sync would upload.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { StartS3Options } from '../../app/testing/s3.ts';
import type { ManifestTrack } from '../../app/sync/protocol.ts';
import { meta, startTestServer, sync, type TestServer, type TestTrack } from '../../sync-server/testing/testkit.ts';
import type { SyncServerOptions } from '../../sync-server/start.ts';
import { expectAudioPlaying, type AudioState } from './fixtures.ts';

export interface RemoteTrackSpec {
  title: string;
  seconds: number;
  frequency: number;
}

/** One album; the first track is long (its high rendition ≫ Chromium's 2 MB read-ahead); then short ones to skip through. */
export const remoteTracks: RemoteTrackSpec[] = [
  { title: 'Long Horizon', seconds: 480, frequency: 330 },
  { title: 'Second Wave', seconds: 30, frequency: 392 },
  { title: 'Third Light', seconds: 30, frequency: 440 },
  { title: 'Fourth Step', seconds: 12, frequency: 494 },
  ...Array.from({ length: 8 }, (_, i) => ({ title: `Skip ${i + 5}`, seconds: 40, frequency: 520 + 30 * i })),
];
export const remoteAlbum = 'Remote Sessions';
const rungBitrates = { high: 256_000, medium: 128_000, low: 64_000 } as const;

const audioDir = path.join(os.tmpdir(), 'tonearm-e2e-remote-audio-v1');

/** Encodes (once, cached in the temp dir) every track at the three AAC rungs. */
export function remoteAudio(specs: RemoteTrackSpec[] = remoteTracks): Map<string, Buffer> {
  fs.mkdirSync(audioDir, { recursive: true });
  const out = new Map<string, Buffer>();
  for (const spec of specs) {
    for (const [rung, bitrate] of Object.entries(rungBitrates)) {
      const file = path.join(audioDir, `${spec.frequency}-${spec.seconds}-${rung}.m4a`);
      if (!fs.existsSync(file)) {
        const tmp = `${file}.tmp.m4a`;
        execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${spec.frequency}:sample_rate=44100:duration=${spec.seconds}`,
          '-ac', '2', '-c:a', 'aac', '-b:a', String(bitrate), '-movflags', '+faststart', tmp]);
        fs.renameSync(tmp, file);
      }
      out.set(`${spec.title}/${rung}`, fs.readFileSync(file));
    }
  }
  return out;
}

export function realTracks(specs: RemoteTrackSpec[] = remoteTracks, album = remoteAlbum, firstId = 1): TestTrack[] {
  const audio = remoteAudio(specs);
  return specs.map((spec, i) => {
    const fingerprint = crypto.createHash('sha256').update(`remote-${album}-${spec.title}`).digest('hex').slice(0, 32);
    const bodies = new Map<string, Buffer>();
    const renditions = (['high', 'medium', 'low'] as const).map((rung) => {
      const body = audio.get(`${spec.title}/${rung}`);
      if (!body) throw new Error(`no audio for ${spec.title}/${rung}`);
      const key = `renditions/${fingerprint}/${rung}.m4a`;
      bodies.set(key, body);
      return { key, bytes: body.length, contentType: 'audio/mp4', rung, codec: 'aac', bitrate: rungBitrates[rung] };
    });
    const m = meta({
      title: spec.title, artist: 'Remote Artist', artists: ['Remote Artist'], album, albumArtist: 'Remote Artist', albumArtists: ['Remote Artist'],
      genres: ['Ambient'], trackNo: i + 1, trackTotal: specs.length, durationMs: spec.seconds * 1000, codec: 'FLAC', container: 'FLAC',
    });
    const revision = crypto.createHash('sha256').update(JSON.stringify({ m, renditions })).digest('hex').slice(0, 32);
    const track: ManifestTrack = { sourceId: firstId + i, fingerprint, meta: m, renditions, cover: null, revision };
    return { track, bodies };
  });
}

export interface RemoteRig {
  t: TestServer;
  base: string;
  storageOrigin: string;
  token: string;
  /** Rendition object keys by `title/rung`. */
  keys: Map<string, string>;
  /** Track ids (the mirror's) by title. */
  ids: Map<string, number>;
  close(): Promise<void>;
}

export interface RigStore {
  kind: 'fs' | 's3';
  s3?: StartS3Options;
}

export async function startRemoteRig(options: Partial<SyncServerOptions> = {}, specs: RemoteTrackSpec[] = remoteTracks, store: RigStore = { kind: 's3' }): Promise<RemoteRig> {
  const t = await startTestServer(store.kind, options, store.s3);
  const tracks = realTracks(specs);
  const result = await sync(t, tracks);
  if (result.rejected.length) throw new Error(`publish rejected: ${JSON.stringify(result.rejected)}`);
  const keys = new Map<string, string>();
  for (const [i, spec] of specs.entries()) for (const r of tracks[i]?.track.renditions ?? []) keys.set(`${spec.title}/${r.rung}`, r.key);
  const listed = await t.call<{ items: { id: number; title: string }[] }>('/api/tracks?limit=500');
  const ids = new Map(listed.body.items.map((x) => [x.title, x.id]));
  return {
    t, base: t.server.url, storageOrigin: new URL(t.s3?.endpoint ?? t.server.url).origin, token: t.device.token, keys, ids,
    close: () => t.close(),
  };
}

export interface SignInOptions {
  /** Wait until the service worker controls the page (then its range cache serves the reads). */
  worker?: boolean;
}

/** Opens the sync server's page and signs in with its device token (a RemoteRig's, or a listening rig's). */
export async function signIn(page: Page, rig: { t: TestServer }, { worker = false }: SignInOptions = {}): Promise<void> {
  await page.goto(rig.t.server.url + '/');
  await page.getByTestId('signin-token').fill(rig.t.device.token);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('player-bar').waitFor();
  if (worker) await waitForWorker(page);
}

/** Opens `album` and plays its row `title`; resolves once the audio really plays. */
export async function playFromAlbum(page: Page, title: string, album = remoteAlbum): Promise<AudioState> {
  await openRemoteAlbum(page, album);
  await playRemoteRow(page, title);
  return expectAudioPlaying(page);
}

/** How most remote tests begin: sign in, open the album, play the row `title` (playing when it resolves). */
export async function signInAndPlay(page: Page, rig: { t: TestServer }, title: string, options: SignInOptions & { album?: string } = {}): Promise<AudioState> {
  await signIn(page, rig, options);
  return playFromAlbum(page, title, options.album);
}

export interface RemoteProbe {
  resolves: number;
  recoveries: number;
  stepDowns: number;
  prefetches: { id: number; at: number; ratio: number; remainingMs: number }[];
  sources: { id: number; rung: string; via: string }[];
  reads: Record<string, number>;
  current: { id: number; rung: string; via: string; src: string } | null;
  cors: { state: string; origin: string | null; detail: string | null };
  swActive: boolean;
  usage: { session: number; month: number };
  throughputBps: number | null;
  rung: string;
}

export async function waitForWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => (window.__tonearm?.remote as () => { swActive: boolean } | undefined)?.()?.swActive === true, undefined, { timeout: 15_000 });
}

export async function openRemoteAlbum(page: Page, title = remoteAlbum): Promise<void> {
  await page.getByTestId('nav-albums').click();
  await page.getByTestId('album-card').filter({ hasText: title }).getByRole('link').first().click();
  await page.getByTestId('album-title').filter({ hasText: title }).waitFor();
}

export async function playRemoteRow(page: Page, title: string): Promise<void> {
  await page.getByTestId('album-tracks').getByTestId('track-row').filter({ hasText: title }).first().dblclick();
  await page.getByTestId('current-title').filter({ hasText: title }).waitFor();
}

export function remoteProbe(page: Page): Promise<RemoteProbe> {
  return page.evaluate(() => (window.__tonearm?.remote as () => RemoteProbe)());
}
