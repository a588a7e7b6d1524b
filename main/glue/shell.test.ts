// The shell's glue end to end, without Electron: the built main bundle runs as its own process
// under plain Node with the stand-in electron (main/testing/electron.ts), which records what the
// glue asks of Electron and lets the test act as the user, the OS and the renderer. The library
// API, the catalog, the scanner and the files are real.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Track } from '../../app/contract/index.ts';
import { writeTracks } from '../../app/testing/audio.ts';
import { tempDir } from '../../app/testing/temp.ts';
import { channels } from '../channels.ts';
import { makeAppLayout, type AppLayout } from '../testing/appLayout.ts';
import { launchShell, type ShellProcess } from '../testing/shell.ts';

let layout: AppLayout;
let home: string;
let music: string;
let elsewhere: string;
let shell: ShellProcess;
let origin = '';
let token = '';
let env: Record<string, string | undefined>;

const auth = () => ({ authorization: `Bearer ${token}` });
const api = (route: string, init: RequestInit = {}) => fetch(origin + route, { ...init, headers: { ...auth(), 'content-type': 'application/json', ...init.headers } });
const sent = (channel: string, from = 0) => shell.calls.slice(from).filter((c) => c.api === 'webContents.send' && c.args[0] === channel).map((c) => c.args[1]);

async function tracks(): Promise<Track[]> {
  const res = await api('/api/tracks?limit=100');
  return ((await res.json()) as Page<Track>).items;
}

async function waitForTracks(n: number): Promise<Track[]> {
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const items = await tracks();
    if (items.length >= n) return items;
  }
  throw new Error(`the library never reached ${n} tracks`);
}

const launched: ShellProcess[] = [];
function launch(argv: string[] = []): ShellProcess {
  const s = launchShell({ mainDir: layout.mainDir, argv, env });
  launched.push(s);
  return s;
}

/** The entry URL the window was told to load, split into origin and secret. */
async function entry(s: ShellProcess): Promise<{ url: string; origin: string; token: string }> {
  const url = (await s.waitFor('BrowserWindow.loadURL')).args[0] as string;
  const u = new URL(url);
  return { url, origin: u.origin, token: u.searchParams.get('token') ?? '' };
}

beforeAll(async () => {
  layout = await makeAppLayout({ rendererHtml: '<!doctype html><title>Tonearm</title><p>renderer</p>\n' });
  home = tempDir('tonearm-shell-');
  music = path.join(home, 'Music');
  elsewhere = path.join(home, 'Downloads', 'Single');
  await writeTracks(music, [
    { path: 'Aurora/Polar/01 Dawn.mp3', format: 'mp3', seconds: 1, tags: { title: 'Polar Dawn', artist: 'Aurora', album: 'Polar' } },
    { path: 'Aurora/Polar/02 Dusk.mp3', format: 'mp3', seconds: 1, tags: { title: 'Polar Dusk', artist: 'Aurora', album: 'Polar' } },
  ]);
  await writeTracks(elsewhere, [{ path: '01 Stray.mp3', format: 'mp3', seconds: 1, tags: { title: 'Stray', artist: 'Nomad', album: 'Single' } }]);
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ELECTRON_')));
  env = { ...base, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') };
  shell = launch();
  ({ origin, token } = await entry(shell));
  await shell.waitFor('load.response', (a) => (a[0] as { status: number }).status === 200);
  expect((await api('/api/library/folders', { method: 'PUT', body: JSON.stringify({ folders: [music] }) })).status).toBe(200);
  await waitForTracks(2);
}, 120_000);

afterAll(async () => {
  // Whatever a failed test left running.
  for (const s of launched) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  layout?.remove();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('start', () => {
  it('starts the API on loopback with a fresh secret; the window loads it with that secret, and the API answers with it', async () => {
    const { url } = await entry(shell);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const hops = shell.calls.filter((c) => c.api === 'load.response').map((c) => c.args[0] as { url: string; status: number; headers: Record<string, string[]> });
    expect(hops.map((h) => [h.url, h.status])).toEqual([[url, 302], [`${origin}/`, 200]]);
    expect(hops[0]?.headers['set-cookie']?.join(';')).toMatch(/HttpOnly/i);
    expect((await fetch(`${origin}/api/library/folders`, { headers: auth() })).status).toBe(200);
    expect((await fetch(`${origin}/api/library/folders`)).status).toBe(401);
    expect((await fetch(`${origin}/api/library/folders`, { headers: { authorization: 'Bearer not-the-secret' } })).status).toBe(401);
    const state = await shell.command<{ windows: { url: string; visible: boolean }[] }>({ op: 'state' });
    expect(state.windows).toEqual([expect.objectContaining({ url: `${origin}/`, visible: true })]);
  });

  it('the window is isolated, sandboxed, without Node, with the bundled preload; the CSP is on every response of the library server and only there', async () => {
    const options = (await shell.waitFor('new BrowserWindow')).args[0] as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
    expect(options.webPreferences.preload).toBe(path.join(layout.mainDir, 'preload.cjs'));
    expect(fs.existsSync(options.webPreferences.preload as string)).toBe(true);
    const document = shell.calls.filter((c) => c.api === 'load.response').map((c) => c.args[0] as { headers: Record<string, string[]> }).at(-1);
    expect(document?.headers['Content-Security-Policy']?.[0]).toMatch(/script-src 'self'.*object-src 'none'/);
    const ours = await shell.command<Record<string, string[]>>({ op: 'headers', url: `${origin}/api/tracks`, headers: { 'content-security-policy': ["default-src *"] } });
    expect(ours['Content-Security-Policy']?.[0]).toContain("frame-ancestors 'none'");
    expect(ours['content-security-policy']).toBeUndefined();
    const theirs = await shell.command<Record<string, string[]>>({ op: 'headers', url: 'https://example.com/', headers: { 'x-a': ['1'] } });
    expect(theirs).toEqual({ 'x-a': ['1'] });
  });
});

describe('what leaves the app', () => {
  it('navigation and new windows outside the app origin are refused; external links go through the one vetted path', async () => {
    const from = shell.calls.length;
    const nav = (event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string) => shell.command<{ prevented: boolean }>({ op: 'navigate', event, url });
    expect(await nav('will-navigate', `${origin}/albums`)).toEqual({ prevented: false });
    expect(await nav('will-navigate', 'https://example.com/docs')).toEqual({ prevented: true });
    expect(await nav('will-navigate', 'file:///etc/passwd')).toEqual({ prevented: true });
    expect(await nav('will-redirect', 'http://127.0.0.1:9/steal')).toEqual({ prevented: true });
    expect(await nav('will-attach-webview', `${origin}/`)).toEqual({ prevented: true });
    for (const url of ['https://example.com/new', 'javascript:alert(1)', `${origin}/`, 'mailto:someone@example.com']) {
      expect(await shell.command({ op: 'windowOpen', url })).toEqual({ action: 'deny' });
    }
    const opened = shell.calls.slice(from).filter((c) => c.api === 'shell.openExternal').map((c) => c.args[0]);
    expect(opened).toEqual(['https://example.com/docs', 'https://example.com/new', 'mailto:someone@example.com']);
  });

  it('permissions: audio only, from the app origin only', async () => {
    const ask = (permission: string, url: string, mediaTypes?: string[]) => shell.command<boolean>({ op: 'permission', permission, url, mediaTypes });
    expect(await ask('media', `${origin}/`, ['audio'])).toBe(true);
    expect(await ask('media', `${origin}/`, ['video'])).toBe(false);
    expect(await ask('notifications', `${origin}/`)).toBe(false);
    expect(await ask('media', 'https://example.com/', ['audio'])).toBe(false);
  });

  it('IPC answers only the app page (main frame, app origin) and only valid payloads', async () => {
    const info = (frameUrl?: string, mainFrame?: boolean) => shell.command({ op: 'ipc', kind: 'sendSync', channel: channels.info, args: [], frameUrl, mainFrame });
    expect(await info()).toEqual({ token, platform: process.platform });
    expect(await info('https://evil.example/')).toBeNull();
    expect(await info(`${origin}/`, false)).toBeNull();
    await expect(shell.command({ op: 'ipc', kind: 'invoke', channel: channels.revealInFolder, args: ['1'] })).rejects.toThrow(/invalid payload/);
    const [first] = await tracks();
    const from = shell.calls.length;
    expect(await shell.command({ op: 'ipc', kind: 'invoke', channel: channels.revealInFolder, args: [first?.id] })).toBe(true);
    expect(shell.calls.slice(from).find((c) => c.api === 'shell.showItemInFolder')?.args[0]).toMatch(/Music\/Aurora\/Polar\/0[12] /);
  });
});

describe('the player', () => {
  it('media keys and the tray drive the player through the bridge; what plays comes back from the API into the tray', async () => {
    const from = shell.calls.length;
    for (const key of ['MediaPlayPause', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop']) expect(await shell.command({ op: 'shortcut', accelerator: key })).toBe(true);
    await shell.command({ op: 'menu', menu: 'tray', item: 'next' });
    await shell.command({ op: 'menu', menu: 'app', item: 'playpause' });
    expect(sent(channels.mediaKey, from)).toEqual(['playpause', 'next', 'previous', 'stop', 'next', 'playpause']);

    const dawn = (await tracks()).find((t) => t.title === 'Polar Dawn');
    const mark = shell.calls.length;
    await shell.command({ op: 'ipc', kind: 'send', channel: channels.nowPlaying, args: [{ trackId: dawn?.id, playing: true }] });
    await shell.waitFor('Tray.setToolTip', (a) => a[0] === 'Tonearm: Polar Dawn — Aurora', mark);
    const state = await shell.command<{ tray: { menu: { id?: string; label?: string }[] } }>({ op: 'state' });
    expect(state.tray.menu.find((i) => i.id === 'playpause')?.label).toBe('Pause');
    await shell.command({ op: 'ipc', kind: 'send', channel: channels.nowPlaying, args: [{ trackId: dawn?.id, playing: false }] });
    await shell.waitFor('Tray.setToolTip', (a) => a[0] === 'Tonearm: Polar Dawn — Aurora (paused)', mark);
  });
});

describe('open with', () => {
  it('a second instance hands its arguments (a file to open) to the first and exits; a catalogued file plays', async () => {
    const dusk = (await tracks()).find((t) => t.title === 'Polar Dusk');
    const from = shell.calls.length;
    const second = launch([path.join(music, 'Aurora/Polar/02 Dusk.mp3')]);
    expect(await second.exited).toBe(0);
    expect(second.calls.map((c) => c.api)).toEqual(['app.commandLine.appendSwitch', 'app.requestSingleInstanceLock', 'app.quit']);
    await shell.waitFor('webContents.send', (a) => a[0] === channels.openFiles, from);
    expect(sent(channels.openFiles, from)).toEqual([{ trackIds: [dusk?.id], addedFolders: [] }]);
  });

  it('a file outside the library: its folder is offered, added on consent, scanned, then it plays', async () => {
    await shell.command({ op: 'answers', messageBox: [0] });
    const from = shell.calls.length;
    const second = launch([path.join(elsewhere, '01 Stray.mp3'), '--some-chromium-switch']);
    expect(await second.exited).toBe(0);
    const asked = await shell.waitFor('dialog.showMessageBox', () => true, from);
    expect(asked.args[0]).toMatchObject({ message: `Add “${elsewhere}” to your library?`, buttons: ['Add to library', 'Cancel'] });
    await shell.waitFor('webContents.send', (a) => a[0] === channels.openFiles, from);
    const stray = (await tracks()).find((t) => t.title === 'Stray');
    expect(sent(channels.openFiles, from)).toEqual([{ trackIds: [stray?.id], addedFolders: [elsewhere] }]);
    expect(await (await api('/api/library/folders')).json()).toEqual({ folders: [music, elsewhere] });
  });
});

describe('closing and quitting', () => {
  const db = () => path.join(home, 'data', 'tonearm', 'library.db');

  it('close-to-tray hides the window and keeps serving; quit releases the database and the port', async () => {
    await shell.command({ op: 'menu', menu: 'tray', item: 'close-to-tray' });
    expect(JSON.parse(fs.readFileSync(path.join(home, 'config', 'tonearm', 'desktop.json'), 'utf8'))).toMatchObject({ closeToTray: true });
    expect(await shell.command({ op: 'close' })).toEqual({ closed: false });
    const hidden = await shell.command<{ windows: { visible: boolean }[] }>({ op: 'state' });
    expect(hidden.windows).toEqual([expect.objectContaining({ visible: false })]);
    expect((await api('/api/library/folders')).status).toBe(200);
    expect(fs.existsSync(`${db()}-wal`)).toBe(true); // the catalog is open (WAL mode)

    const from = shell.calls.length;
    await shell.command({ op: 'menu', menu: 'tray', item: 'quit' });
    expect(await shell.exited).toBe(0);
    const order = shell.calls.slice(from).map((c) => c.api);
    expect(order).toEqual(expect.arrayContaining(['app.quit', 'BrowserWindow.close', 'globalShortcut.unregisterAll', 'Tray.destroy']));
    await expect(fetch(`${origin}/api/health`)).rejects.toThrow();
    // SQLite removes the WAL file only when the last connection closes cleanly: the server's and main's read-only one.
    expect(fs.existsSync(`${db()}-wal`)).toBe(false);
    const check = new Database(db());
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('the next launch gets a fresh secret and the same library; closing the window (no tray setting) quits', async () => {
    shell = launch();
    const next = await entry(shell);
    expect(next.token).not.toBe(token);
    ({ origin, token } = next);
    expect(await (await api('/api/library/folders')).json()).toEqual({ folders: [music, elsewhere] });
    await shell.waitFor('load.response', (a) => (a[0] as { status: number }).status === 200);
    await shell.command({ op: 'menu', menu: 'app', item: 'close-to-tray' });
    expect(await shell.command({ op: 'close' })).toEqual({ closed: true });
    expect(await shell.exited).toBe(0);
    await expect(fetch(`${origin}/api/health`)).rejects.toThrow();
  });
});
