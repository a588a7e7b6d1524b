// The shell in a packaged layout: the built bundle runs from resources/app.asar (a folder standing
// for the archive) with app.asar.unpacked holding only what asarUnpack selects. The scan's worker
// and the recommender's worker start from app.asar.unpacked, the demo library is found there, and
// For You computes: what the packaged desktop app would do.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryFolders, Page, RecommendationStatus, SimilarTracks, Track } from '../../app/contract/index.ts';
import { tempDir } from '../../app/testing/temp.ts';
import { makeAppLayout, type AppLayout } from '../testing/appLayout.ts';
import { launchShell, type ShellProcess } from '../testing/shell.ts';

let layout: AppLayout;
let home: string;
let shell: ShellProcess;
let origin = '';
let token = '';

const api = async <T>(route: string, init: RequestInit = {}): Promise<T> => {
  const res = await fetch(origin + route, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  expect(res.ok, `${route}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
};

beforeAll(async () => {
  layout = await makeAppLayout({ asar: true });
  home = tempDir('tonearm-packaged-');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ELECTRON_')));
  shell = launchShell({ mainDir: layout.mainDir, env: { ...env, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') } });
  const u = new URL((await shell.waitFor('BrowserWindow.loadURL')).args[0] as string);
  origin = u.origin;
  token = u.searchParams.get('token') ?? '';
}, 120_000);

afterAll(async () => {
  if (shell?.child.exitCode === null) {
    await shell.command({ op: 'quit' });
    await shell.exited;
  }
  layout?.remove();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('packaged layout', () => {
  it('loads the demo library from app.asar.unpacked and scans it with the unpacked parse worker', async () => {
    const demo = path.join(layout.unpacked!, 'resources', 'demo');
    expect(await api<LibraryFolders>('/api/library/demo', { method: 'POST' })).toEqual({ folders: [demo] });
    const files = fs.readdirSync(demo, { recursive: true }).filter((f) => /\.(mp3|flac|ogg|opus|m4a)$/.test(String(f))).length;
    // A first scan writes tracks as they are read: wait for all of them, not for the first.
    let tracks: Track[] = [];
    for (const end = Date.now() + 60_000; tracks.length < files && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      tracks = (await api<Page<Track>>('/api/tracks?limit=100')).items;
    }
    expect(tracks.length).toBe(files);
    expect(tracks.every((t) => t.title.length > 0 && t.durationMs > 0)).toBe(true);
  });

  it('For You computes in the unpacked recommender worker', async () => {
    const tracks = (await api<Page<Track>>('/api/tracks?limit=100')).items;
    const [a, b] = tracks;
    expect(a && b).toBeTruthy();
    const start = Date.now() - 86_400_000;
    const plays = [a, b, a, b, a, b].map((t, i) => ({
      clientEventId: `p${i}`, trackId: t!.id, startedAt: start + i * 300_000, msListened: 120_000, completed: true, source: 'queue' as const,
      endedAt: start + i * 300_000 + 120_000,
    }));
    await api('/api/history/plays', { method: 'POST', body: JSON.stringify({ plays }) });
    const status = await api<RecommendationStatus>('/api/recommendations/refresh?wait=1', { method: 'POST' });
    expect(status.computedAt).not.toBeNull();
    expect(status.events).toBe(6);
    // Similar tracks come from the model the worker computed (empty before the first computation).
    const similar = await api<SimilarTracks>(`/api/recommendations/similar/${a!.id}?limit=5`);
    expect(similar.status.computedAt).toBe(status.computedAt);
    expect(similar.tracks.length).toBeGreaterThan(0);
    expect(similar.tracks.map((t) => t.track.id)).not.toContain(a!.id);
    expect(shell.stderr()).not.toMatch(/worker|Cannot find/i);
  });
});
