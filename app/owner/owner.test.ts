// The owner socket end to end: a real library server (real files, real scanner, real SQLite) owns
// its catalog, and `tonearm scan` (a real child process, or the client in-process) hands scans to it.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { api, type SearchResult } from '../contract/index.ts';
import { scan as realScan } from '../scanner/scan.ts';
import * as scanner from '../scanner/index.ts';
import { useLibraryServer } from '../server/testing/libraryServer.ts';
import { startServer } from '../server/start.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempDir, until } from '../testing/temp.ts';
import { handOverScan } from './client.ts';
import { isOurSocket, ownerProtocol, ownerSocketPath } from './protocol.ts';

const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

function tonearm(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** One request sent raw: every line answered until the owner ends (or drops) the connection. */
function rawRequest(where: string, line: string): Promise<{ lines: string[]; dropped: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    let dropped = false;
    const socket = net.connect(where, () => socket.write(line));
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('error', (err: NodeJS.ErrnoException) => (dropped = err.code === 'ECONNRESET' || err.code === 'EPIPE'));
    socket.on('close', () => resolve({ lines: text.split('\n').filter(Boolean), dropped }));
  });
}

describe('a running Tonearm answers `tonearm scan` of its catalog', () => {
  const lib = useLibraryServer({
    token: 'owner-test-secret',
    specs: [{ path: 'A/01 First.mp3', format: 'mp3', tags: { title: 'First', artist: 'Owner Artist', album: 'Owned' } }],
  });
  const db = () => path.join(lib.dir, 'data', 'library.db');

  it('listens beside the catalog, for this user only', () => {
    const where = ownerSocketPath(fs.realpathSync(db()));
    expect(where).toBe(`${fs.realpathSync(db())}.sock`);
    const st = fs.statSync(where as string);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
  });

  it('scans in the running server: its search finds a new file as soon as the command returns', async () => {
    await writeTracks(lib.music, [{ path: 'B/01 Newcomer.flac', format: 'flac', tags: { title: 'Newcomer Song', artist: 'Owner Artist', album: 'Second' } }]);
    const r = await tonearm('scan', lib.music, '--db', db(), '--json');
    expect(r.code).toBe(0);
    // stderr carries only the scan's progress lines (relayed from the owner).
    expect(r.stderr.split('\n').filter(Boolean).every((l) => /^(walking|parsing|writing|covers|done): \d+ found/.test(l))).toBe(true);
    const summary = JSON.parse(r.stdout.trim()) as { added: number; unchanged: number };
    expect(summary).toMatchObject({ tracks: 2, updated: 0, removed: 0, errors: 0, ownerPid: process.pid });
    // The server watches its folders too: on a loaded machine its watcher can add the new file
    // (750 ms after it was written) before the command's scan runs, which then finds it unchanged.
    // Either way the command returns only once the file is in the catalog and its search.
    expect(summary.added + summary.unchanged).toBe(2);
    expect(summary.added).toBeLessThanOrEqual(1);
    const found = await lib.json<SearchResult>(`${api.search()}?q=newcomer`);
    expect(found.tracks.map((t) => t.title)).toEqual(['Newcomer Song']);

    const text = await tonearm('scan', lib.music, '--db', db());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^2 tracks · 0 added, 0 updated, 0 moved, 0 removed, 2 unchanged · 0 errors · [\d.]+ s · scanned by the running Tonearm \(pid \d+\)\n$/);
  }, 60_000);

  it('relays the progress of the scan it runs', async () => {
    const phases: string[] = [];
    const handed = await handOverScan({ db: db(), roots: [lib.music], onProgress: (p) => phases.push(p.phase) });
    expect(handed).toMatchObject({ pid: process.pid, summary: { tracks: 2, unchanged: 2 } });
    expect(handed?.cpuMs).toBeGreaterThanOrEqual(0);
    expect(phases[0]).toBe('walking');
  });

  it('refuses other folders or another cover folder in one sentence, and scans nothing', async () => {
    const other = tempDir();
    try {
      await writeTracks(other, [{ path: 'X/01 Stray.mp3', format: 'mp3', tags: { title: 'Stray' } }]);
      const r = await tonearm('scan', other, '--db', db());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`tonearm scan: the running Tonearm (pid ${process.pid}) that has ${fs.realpathSync(db())} open scans ${lib.music}: ` +
        'name exactly those folders, or quit it to scan others into this catalog\n');
      const covers = await tonearm('scan', lib.music, '--db', db(), '--covers', other);
      expect(covers.code).toBe(2);
      expect(covers.stderr).toMatch(/keeps its covers in .*: leave out --covers, or run this once it has closed\n$/);
      const found = await lib.json<SearchResult>(`${api.search()}?q=stray`);
      expect(found.totals.tracks).toBe(0);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers a request that is not a scan of its protocol with a refusal, and drops an endless line', async () => {
    const where = ownerSocketPath(fs.realpathSync(db())) as string;
    const garbage = await rawRequest(where, 'hello\n');
    expect(garbage.lines.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'refused', message: `not a scan request of ${ownerProtocol}: the line is not JSON` }]);
    const wrong = await rawRequest(where, `${JSON.stringify({ protocol: ownerProtocol, command: 'delete', roots: [lib.music] })}\n`);
    expect(wrong.lines).toHaveLength(1);
    expect(JSON.parse(wrong.lines[0] as string)).toMatchObject({ type: 'refused', message: expect.stringMatching(/^not a scan request of tonearm-owner\/1: /) as unknown });
    const endless = await rawRequest(where, 'x'.repeat(300 * 1024));
    expect(endless).toEqual({ lines: [], dropped: true });
  });
});

interface OneTrackLibrary {
  music: string;
  /** An empty catalog file (openCatalog takes one), so the catalog's real path exists. */
  db: string;
  /** Where its owner listens. */
  where: string;
}

/** A one-track library in a temp dir, removed after `use`. */
async function withLibrary(use: (lib: OneTrackLibrary) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    const music = path.join(dir, 'music');
    const db = path.join(dir, 'library.db');
    await writeTracks(music, [{ path: 'A/01 One.mp3', format: 'mp3', tags: { title: 'One' } }]);
    fs.writeFileSync(db, '');
    await use({ music, db, where: ownerSocketPath(fs.realpathSync(db)) as string });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the owner socket across owners', () => {
  it('is taken over from an owner that was killed, and a second owner leaves it to the first', () => withLibrary(async ({ music, db, where }) => {
    const logs: string[] = [];
    // A process that listened there and was killed leaves the socket file behind.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(where)}, () => console.log('up'))`]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(fs.statSync(where).isSocket()).toBe(true);
    expect(await handOverScan({ db, roots: [music] })).toBeNull();

    const first = await startServer({ db, libraries: [music], port: 0, log: (m) => logs.push(m) });
    try {
      await first.scanned;
      const second = await startServer({ db, port: 0, scan: false, owner: true, log: (m) => logs.push(`second: ${m}`) });
      await second.close();
      expect(logs).toContain(`second: another running Tonearm already has ${fs.realpathSync(db)} open: "tonearm scan" of it goes to that one`);
      const handed = await handOverScan({ db, roots: [music] });
      expect(handed).toMatchObject({ pid: process.pid, summary: { tracks: 1, unchanged: 1 } });
    } finally {
      await first.close();
    }
    expect(fs.existsSync(where)).toBe(false);
    expect(await handOverScan({ db, roots: [music] })).toBeNull();
  }), 60_000);

  it('neither answers to nor removes what is not its own socket', () => withLibrary(async ({ music, db, where }) => {
    const logs: string[] = [];
    fs.writeFileSync(where, 'not a socket');
    expect(isOurSocket(where)).toBe('foreign');
    expect(await handOverScan({ db, roots: [music] })).toBeNull();
    const server = await startServer({ db, libraries: [music], port: 0, log: (m) => logs.push(m) });
    await server.close();
    expect(logs).toContain(`${where} is in the way of the scan socket (not a socket of this user's): "tonearm scan" of this catalog will open it by itself`);
    expect(fs.readFileSync(where, 'utf8')).toBe('not a socket');
  }), 60_000);

  it('tells the client when it closes before the scan it took is done', () => withLibrary(async ({ music, db }) => {
    let hold: PromiseWithResolvers<void> | undefined;
    const scanStarted = Promise.withResolvers<void>();
    // The real scanner, held at the start of the scan the client asked for.
    const held = {
      ...scanner,
      scan: async (options: Parameters<typeof realScan>[0]) => {
        if (hold) {
          scanStarted.resolve();
          await hold.promise;
        }
        return realScan(options);
      },
    };
    const server = await startServer({ db, libraries: [music], port: 0, scanner: held, log: () => {} });
    await server.scanned;
    hold = Promise.withResolvers<void>();
    const handed = handOverScan({ db, roots: [music] });
    await scanStarted.promise;
    const closed = server.close();
    hold.resolve();
    await expect(handed).rejects.toThrow(`the running Tonearm (pid ${process.pid}) could not finish the scan: the scan was cancelled: Tonearm is closing or its library folders changed`);
    await closed;
  }), 60_000);
});

describe('`tonearm watch` keeps its catalog too', () => {
  it('takes `tonearm scan` of it between its own scans, and gives the socket up when stopped', () => withLibrary(async ({ music, db, where }) => {
    const watcher = spawn(process.execPath, [cli, 'watch', music, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => watcher.once('exit', resolve));
    let out = '';
    watcher.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      watcher.stdout.on('data', (c: string) => {
        out += c;
        if (out.includes('(Ctrl+C to stop)')) resolve();
      });
      watcher.once('exit', (code) => reject(new Error(`tonearm watch exited with ${code}`)));
    });
    await until(() => fs.existsSync(where), 'the watch command to listen for scans');
    await writeTracks(music, [{ path: 'B/01 Two.flac', format: 'flac', tags: { title: 'Two' } }]);
    const r = await tonearm('scan', music, '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ tracks: 2, ownerPid: watcher.pid });
    watcher.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(fs.existsSync(where)).toBe(false);
  }), 60_000);
});

const hold = fileURLToPath(new URL('../scanner/testing/holdAt.ts', import.meta.url));

/** `tonearm <args>`, held while a tag reader opens its first file: its first scan is under way, nothing written yet. */
function heldCommand(args: string[], db: string) {
  const marks = path.join(path.dirname(db), 'hold');
  const child = spawn(process.execPath, ['--import', hold, cli, ...args], {
    env: { ...process.env, TONEARM_HOLD_AT: 'open:1', TONEARM_HOLD_FILE: marks },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  return {
    child,
    output: () => out,
    exited: new Promise<number | null>((resolve) => child.once('exit', resolve)),
    held: () => until(() => fs.existsSync(`${marks}.held`), 'the first scan to be under way'),
    release: () => fs.writeFileSync(`${marks}.release`, ''),
  };
}

describe('`tonearm watch` keeps its catalog from its first scan on', () => {
  it('takes a `tonearm scan` started during its first scan, and runs it after that one', () => withLibrary(async ({ music, db, where }) => {
    const { child: watcher, output, exited, held, release } = heldCommand(['watch', music, '--db', db], db);
    try {
      await held();
      expect(isOurSocket(where)).toBe('ours');
      const accepted = Promise.withResolvers<number>();
      const second = handOverScan({ db, roots: [music], onAccepted: (pid) => accepted.resolve(pid) });
      expect(await accepted.promise).toBe(watcher.pid);
      release();
      // It ran after the first scan had added the track: it found it unchanged.
      expect(await second).toMatchObject({ pid: watcher.pid, summary: { tracks: 1, added: 0, unchanged: 1, errors: 0 } });
      await until(() => output().includes('(Ctrl+C to stop)'), 'the watch command to be watching');
      expect(output()).toMatch(/^1 tracks indexed; watching /);
      watcher.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(fs.existsSync(where)).toBe(false);
    } finally {
      watcher.kill('SIGKILL'); // gone already, unless an expectation failed
    }
  }), 60_000);
});

describe('`tonearm scan` keeps its catalog while it scans', () => {

  it('takes a second `tonearm scan` started meanwhile, and runs it after its own', () => withLibrary(async ({ music, db, where }) => {
    // The first command, held while its scan is under way.
    const { child: first, output, exited, held, release } = heldCommand(['scan', music, '--db', db, '--json'], db);
    try {
      await held();
      expect(isOurSocket(where)).toBe('ours');
      const accepted = Promise.withResolvers<number>();
      const second = handOverScan({ db, roots: [music], onAccepted: (pid) => accepted.resolve(pid) });
      expect(await accepted.promise).toBe(first.pid);
      release();
      // The second scan ran after the first had added the track: it found it unchanged.
      expect(await second).toMatchObject({ pid: first.pid, summary: { tracks: 1, added: 0, unchanged: 1, errors: 0 } });
      expect(await exited).toBe(0);
      expect(JSON.parse(output().trim())).toMatchObject({ tracks: 1, added: 1, errors: 0 });
      expect(fs.existsSync(where)).toBe(false);
    } finally {
      first.kill('SIGKILL'); // gone already, unless an expectation failed
    }
  }), 60_000);

  it('is left to scan by itself when an owner closes without taking its request', () => withLibrary(async ({ music, db, where }) => {
    const closing = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closing.listen(where, resolve));
    try {
      expect(await handOverScan({ db, roots: [music] })).toBeNull();
    } finally {
      await new Promise((resolve) => closing.close(resolve));
    }
  }));
});

describe('where the owner listens', () => {
  it('uses a private folder in the temp dir when the catalog path is too long for a socket', () => {
    const long = `/${'deep/'.repeat(30)}library.db`;
    const where = ownerSocketPath(long, 'linux') as string;
    expect(where).toMatch(new RegExp(`/tonearm-${process.getuid?.() ?? ''}/[0-9a-f]{32}\\.sock$`));
    expect(Buffer.byteLength(where)).toBeLessThanOrEqual(100);
    expect(fs.statSync(path.dirname(where)).mode & 0o777).toBe(0o700);
    expect(ownerSocketPath(long, 'linux')).toBe(where);
    expect(ownerSocketPath('C:\\Music\\library.db', 'win32')).toMatch(/^\\\\\.\\pipe\\tonearm-[0-9a-f]{32}$/);
  });

  it('is no one when the catalog does not exist: the command scans by itself', async () => {
    const dir = tempDir();
    try {
      await expect(handOverScan({ db: path.join(dir, 'none.db'), roots: [dir] })).resolves.toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
