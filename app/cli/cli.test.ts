// The CLI as a user runs it: the installed command (bin/tonearm.js, which runs the CLI's bundle
// while it is current — `npm test` builds it first — else the sources), a child process on Node 24,
// real files, real SQLite.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempDir, until } from '../testing/temp.ts';

const main = fileURLToPath(new URL('../../bin/tonearm.js', import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

describe('tonearm CLI', () => {
  let dir: string;
  let music: string;
  let db: string;
  beforeAll(async () => {
    dir = tempDir();
    music = path.join(dir, 'music');
    db = path.join(dir, 'lib.db');
    await writeTracks(music, [
      { path: 'A/1.mp3', format: 'mp3', tags: { title: 'One', artist: 'Art', album: 'Alb', genre: 'Jazz' } },
      { path: 'A/2.flac', format: 'flac', tags: { title: 'Two', artist: 'Art', album: 'Alb', genre: 'Jazz' } },
    ]);
    fs.writeFileSync(path.join(music, 'A', 'broken.mp3'), 'garbage');
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scan --json ends with one JSON summary line and exits 0 despite per-file errors', () => {
    const r = run('scan', music, '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ tracks: 2, added: 2, updated: 0, removed: 0, moved: 0, unchanged: 0, errors: 1 });
    expect(typeof lastJson(r.stdout).elapsedMs).toBe('number');
    const again = lastJson(run('scan', music, '--db', db, '--json').stdout);
    expect(again).toMatchObject({ tracks: 2, added: 0, unchanged: 2 });
  });

  it('prints plain progress lines when stderr is not a terminal', () => {
    const r = run('scan', music, '--db', db);
    expect(r.stderr).toMatch(/done: 3 found/);
    expect(r.stdout).toMatch(/2 tracks/);
  });

  it('stats and errors read the catalog', () => {
    expect(lastJson(run('stats', '--db', db, '--json').stdout)).toMatchObject({ tracks: 2, albums: 1, artists: 1, genres: 1, errors: 1 });
    const errors = run('errors', '--db', db);
    expect(errors.code).toBe(0);
    expect(errors.stdout).toContain('broken.mp3');
  });

  it.each([
    [['scan', '/definitely/not/here', '--db', 'x.db'], /folder not found: \/definitely\/not\/here/],
    [['scan', '--db', 'x.db'], /name at least one music folder/],
    [['scan', '.'], /missing --db/],
    [['scan', '.', '--db', '/proc/nope/lib.db'], /database folder does not exist/],
    [['scan', '.', '--db', '/dev/full/x.db'], /database folder does not exist|not writable/],
    [['scan', '.', '--db', 'x.db', '--bogus'], /Unknown option '--bogus'/],
    [['stats', '--db', '/tmp/never-made-this.db'], /no catalog at/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('fails clearly for unusable arguments: %j', (args, message) => {
    const r = run(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a read-only database file with one sentence', () => {
    if (process.getuid?.() === 0) {
      // root ignores file permissions; use a file inside a read-only bind instead: /proc is never writable
      const r = run('scan', music, '--db', '/proc/version');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/not writable|cannot (open|use) the database/);
      return;
    }
    const ro = path.join(dir, 'ro.db');
    fs.writeFileSync(ro, '');
    fs.chmodSync(ro, 0o444);
    const r = run('scan', music, '--db', ro);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not writable/);
  });
});

describe('tonearm watch', () => {
  it('starts with a library folder emptied like an unplugged drive: its tracks kept, the others scanned and watched', async () => {
    const dir = tempDir();
    try {
      const [away, here, parked] = ['usb', 'home', 'parked'].map((f) => path.join(dir, f)) as [string, string, string];
      await writeTracks(away, [{ path: 'A/1.mp3', format: 'mp3', tags: { title: 'On the drive' } }]);
      await writeTracks(here, [{ path: 'B/2.mp3', format: 'mp3', tags: { title: 'At home' } }]);
      const db = path.join(dir, 'lib.db');
      expect(run('scan', away, here, '--db', db).code).toBe(0);
      fs.renameSync(path.join(away, 'A'), parked); // the mount point left empty
      await writeTracks(here, [{ path: 'C/3.mp3', format: 'mp3', tags: { title: 'New at home' } }]);

      const child = spawn(process.execPath, [main, 'watch', away, here, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      try {
        await until(() => out.includes('(Ctrl+C to stop)') || child.exitCode !== null, 'tonearm watch to start watching', 30_000);
        expect(out, err).toMatch(/^3 tracks indexed; watching /);
        expect(err).toContain(`library folder ${away} is empty now`);
        child.kill('SIGINT');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      expect(lastJson(run('stats', '--db', db, '--json').stdout)).toMatchObject({ tracks: 3 });
      expect(run('search', 'drive', '--db', db).stdout).toContain('On the drive');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
