// Electron main: the thin glue. Every decision is a pure, tested function in a sibling module
// (security.ts, ipc.ts, openRequest.ts, windowState.ts, menus.ts, scanProgress.ts, settings.ts,
// nowPlaying.ts); this file only wires them to Electron. Bundled to out/main/index.js (ESM).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  app, BrowserWindow, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, screen, session, shell, Tray,
  type IpcMainEvent, type IpcMainInvokeEvent,
} from 'electron';
import type { DesktopRoute, MediaKey, NowPlaying, OpenFilesEvent } from '../app/contract/desktop.ts';
import type { LibraryFolders, ScanProgress, Track } from '../app/contract/index.ts';
import { api } from '../app/contract/index.ts';
import { openCatalog, type Catalog } from '../app/catalog/index.ts';
import { createTrackQueries, type TrackQueries } from '../app/catalog/queries/tracks.ts';
import { startServer, userDataDir, type RunningServer } from '../app/server/start.ts';
import { channels, checkMessage, type Channel, type BridgeInfo } from './ipc.ts';
import { appMenuTemplate, trayMenuTemplate, trayTooltip, type MenuActions, type NowPlayingInfo } from './menus.ts';
import { shouldNotify } from './nowPlaying.ts';
import { argvSkip, classifyPaths, isEmptyRequest, parseOpenRequest, planOpen, type OpenRequest, type PathKind } from './openRequest.ts';
import { createSseParser, progressBarValue } from './scanProgress.ts';
import { decideNavigation, decidePermission, vetExternalUrl, webPreferences, withCsp } from './security.ts';
import { appPaths } from './paths.ts';
import { ffmpegEnv, parseSettings, type DesktopSettings } from './settings.ts';
import { minSize, parseWindowState, restoreBounds, serializeWindowState } from './windowState.ts';

// out/main/index.js → the app's files (the repository, or app.asar and app.asar.unpacked when packaged).
const paths = appPaths(import.meta.dirname);
const preloadPath = paths.preload;
const iconPath = paths.icon;
const dbFile = path.join(userDataDir(), 'library.db');

let server: RunningServer | undefined;
let serverOrigin = '';
let win: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;
let settings: DesktopSettings = parseSettings(undefined);
let nowPlaying: NowPlaying | null = null;
let nowPlayingInfo: NowPlayingInfo | null = null;
let lastScan: ScanProgress | null = null;
const pendingOpens: OpenRequest[] = [];
let rendererReady = false;
const scanEvents = new AbortController();

const log = (m: string) => process.stderr.write(`tonearm: ${m}\n`);

// Media keys arrive through globalShortcut (forwarded to the renderer). Chromium's own hardware
// media-key handling would deliver the same key press a second time through MediaSession.
app.commandLine.appendSwitch('disable-features', 'HardwareMediaKeyHandling');

// ---- single instance: a second launch hands its argv to us and exits -------------------------
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    showWindow();
    queueOpen(parseOpenRequest(argv, { cwd, skip: argvSkip(process.defaultApp), kindOf }));
  });
  // macOS delivers "Open with" as events (also before `ready`).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    queueOpen(classifyPaths([file], kindOf));
  });
  queueOpen(parseOpenRequest(process.argv, { cwd: process.cwd(), skip: argvSkip(process.defaultApp), kindOf }));
  app.whenReady().then(start, (err: unknown) => fatal(err));
}

function kindOf(p: string): PathKind {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : 'missing';
}

function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log(message);
  dialog.showErrorBox('Tonearm could not start', message);
  app.exit(1);
}

// ---- settings and window state (JSON files in userData) -------------------------------------
const settingsFile = () => path.join(app.getPath('userData'), 'desktop.json');
const windowStateFile = () => path.join(app.getPath('userData'), 'window-state.json');
const readText = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
function writeText(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  } catch (err) {
    log(`cannot save ${file}: ${(err as Error).message}`);
  }
}
function setSetting(key: 'closeToTray' | 'notifications', value: boolean): void {
  settings = { ...settings, [key]: value };
  writeText(settingsFile(), `${JSON.stringify(settings, null, 2)}\n`);
  updateMenus();
}

// ---- start ------------------------------------------------------------------------------------
async function start(): Promise<void> {
  settings = parseSettings(readText(settingsFile()));
  Object.assign(process.env, ffmpegEnv(settings.ffmpegPath, process.env));
  try {
    server = await startServer({
      db: dbFile,
      host: '127.0.0.1',
      port: 0,
      token: crypto.randomBytes(32).toString('base64url'),
      rendererDir: paths.rendererDir,
      demoDir: paths.demoDir,
      log,
    });
  } catch (err) {
    fatal(err);
    return;
  }
  serverOrigin = new URL(server.url).origin;
  server.scanned.catch((err: unknown) => log(`scan failed: ${(err as Error).message}`));
  secureSessions();
  registerIpc();
  createWindow();
  createTray();
  updateMenus();
  registerMediaKeys();
  void followScanProgress();
}

function secureSessions(): void {
  const s = session.defaultSession;
  s.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withCsp(details.url, serverOrigin, details.responseHeaders);
    callback(responseHeaders ? { responseHeaders } : {});
  });
  s.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(decidePermission({ permission, requestingUrl: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined }, serverOrigin));
  });
  s.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    decidePermission({ permission, requestingUrl: requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : undefined }, serverOrigin),
  );
}

/** THE way a URL leaves the app: vetted (scheme allow-list), then the system's handler. */
function openExternal(url: string): void {
  const vetted = vetExternalUrl(url, serverOrigin);
  if (vetted) void shell.openExternal(vetted);
  else log(`refused to open ${url}`);
}

app.on('web-contents-created', (_event, contents) => {
  const guard = (event: { preventDefault(): void }, url: string) => {
    const d = decideNavigation(url, serverOrigin, 'navigate');
    if (d.action === 'allow') return;
    event.preventDefault();
    if (d.action === 'external') openExternal(d.url);
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const d = decideNavigation(url, serverOrigin, 'new-window');
    if (d.action === 'external') openExternal(d.url);
    return { action: 'deny' };
  });
});

// ---- window -----------------------------------------------------------------------------------
function createWindow(): void {
  if (!server) return;
  const state = restoreBounds(parseWindowState(readText(windowStateFile())), [
    screen.getPrimaryDisplay().workArea,
    ...screen.getAllDisplays().filter((d) => d.id !== screen.getPrimaryDisplay().id).map((d) => d.workArea),
  ]);
  const w = new BrowserWindow({
    ...state.bounds,
    minWidth: minSize.width,
    minHeight: minSize.height,
    show: false,
    title: 'Tonearm',
    backgroundColor: '#15161a',
    icon: fs.existsSync(iconPath) ? iconPath : undefined,
    webPreferences: webPreferences(preloadPath),
  });
  win = w;
  if (state.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  w.webContents.on('did-finish-load', () => {
    rendererReady = true;
    flushOpens();
  });
  w.webContents.on('did-start-loading', () => {
    rendererReady = false;
  });
  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = () => {
    clearTimeout(saveTimer);
    if (w.isDestroyed() || w.isMinimized() || w.isFullScreen()) return;
    writeText(windowStateFile(), serializeWindowState({ bounds: w.getNormalBounds(), maximized: w.isMaximized() }));
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  };
  w.on('resize', saveSoon);
  w.on('move', saveSoon);
  w.on('maximize', saveSoon);
  w.on('unmaximize', saveSoon);
  w.on('close', (event) => {
    saveState();
    if (settings.closeToTray && !quitting && tray) {
      event.preventDefault();
      w.hide();
    }
  });
  w.on('closed', () => {
    win = undefined;
  });
  // The entry URL (`/?token=…`) sets the session cookie and redirects to `/`.
  void w.loadURL(server.url);
}

function showWindow(): void {
  if (!win) {
    createWindow();
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function send(channel: string, payload: unknown): void {
  if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
}
const media = (key: MediaKey) => send(channels.mediaKey, key);
const navigate = (route: DesktopRoute) => {
  showWindow();
  send(channels.navigate, route);
};

// ---- IPC ----------------------------------------------------------------------------------------
function frameOf(event: IpcMainEvent | IpcMainInvokeEvent) {
  const f = event.senderFrame;
  return f ? { url: f.url, isMainFrame: f.parent === null } : null;
}

function handle<C extends Channel>(channel: C, fn: (args: ReturnType<typeof checkMessage<C>>, event: IpcMainInvokeEvent) => unknown): void {
  ipcMain.handle(channels[channel], (event, ...args) => fn(checkMessage(channel, frameOf(event), serverOrigin, args), event));
}
function on<C extends Channel>(channel: C, fn: (args: ReturnType<typeof checkMessage<C>>, event: IpcMainEvent) => void): void {
  ipcMain.on(channels[channel], (event, ...args) => {
    try {
      fn(checkMessage(channel, frameOf(event), serverOrigin, args), event);
    } catch (err) {
      log((err as Error).message);
    }
  });
}

function registerIpc(): void {
  ipcMain.on(channels.info, (event) => {
    try {
      checkMessage('info', frameOf(event), serverOrigin, []);
      event.returnValue = { token: server?.token ?? '', platform: process.platform } satisfies BridgeInfo;
    } catch (err) {
      log((err as Error).message);
      event.returnValue = null;
    }
  });
  handle('chooseFolder', async () => {
    const options = { title: 'Add a music folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  handle('revealInFolder', ([trackId]) => {
    const file = trackQueries()?.file(trackId)?.path;
    if (!file || !fs.existsSync(file)) return false;
    shell.showItemInFolder(file);
    return true;
  });
  handle('openPaths', ([paths]) => {
    queueOpen(classifyPaths(paths, kindOf));
  });
  on('nowPlaying', ([state]) => void updateNowPlaying(state));
  on('window', ([action]) => {
    if (!win) return;
    if (action === 'minimize') win.minimize();
    else if (action === 'close') win.close();
    else if (win.isMaximized()) win.unmaximize();
    else win.maximize();
  });
}

// ---- the library API as a client (same HTTP contract as the renderer) -------------------------
async function apiFetch<T>(route: string, init: RequestInit = {}): Promise<T> {
  if (!server) throw new Error('the library server is not running');
  const res = await fetch(serverOrigin + route, {
    ...init,
    headers: { accept: 'application/json', authorization: `Bearer ${server.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status}`);
  return (await res.json()) as T;
}

let reader: { catalog: Catalog; tracks: TrackQueries } | undefined;
/** A read-only connection to the catalog, for track id → path (reveal) and path → id (open). */
function trackQueries(): TrackQueries | undefined {
  if (!reader) {
    try {
      const catalog = openCatalog({ file: dbFile, readonly: true });
      reader = { catalog, tracks: createTrackQueries(catalog.db) };
    } catch (err) {
      log(`cannot read the catalog: ${(err as Error).message}`);
      return undefined;
    }
  }
  return reader.tracks;
}
function trackIdOf(file: string): number | undefined {
  return trackQueries() ? reader?.catalog.tracks.idsOf([file])[0] : undefined;
}

// ---- open requests: argv, second instance, open-file, drag & drop -----------------------------
function queueOpen(request: OpenRequest): void {
  if (isEmptyRequest(request)) return;
  pendingOpens.push(request);
  flushOpens();
}

function flushOpens(): void {
  if (!server || !rendererReady) return;
  for (const r of pendingOpens.splice(0)) void handleOpen(r).catch((err: unknown) => log(`open: ${(err as Error).message}`));
}

async function handleOpen(request: OpenRequest): Promise<void> {
  const { folders: library } = await apiFetch<LibraryFolders>(api.libraryFolders());
  const plan = planOpen(request, library, trackIdOf);
  const offer = [...plan.folders, ...plan.fileFolders];
  let added: string[] = [];
  if (offer.length > 0) {
    const options = {
      type: 'question' as const,
      buttons: ['Add to library', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      message: offer.length === 1 ? `Add “${offer[0]}” to your library?` : `Add ${offer.length} folders to your library?`,
      detail: `Tonearm plays music from its library folders.${offer.length > 1 ? `\n\n${offer.join('\n')}` : ''}`,
    };
    const answer = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    if (answer.response === 0) {
      await apiFetch<LibraryFolders>(api.libraryFolders(), { method: 'PUT', body: JSON.stringify({ folders: [...library, ...offer] } satisfies LibraryFolders) });
      added = offer;
    }
  }
  let trackIds = plan.trackIds;
  if (added.length > 0 && request.files.length > 0) trackIds = await idsAfterScan(request.files);
  showWindow();
  send(channels.openFiles, { trackIds, addedFolders: added } satisfies OpenFilesEvent);
}

/** Waits (up to two minutes) for the scan that follows adding folders to catalogue `files`. */
async function idsAfterScan(files: readonly string[]): Promise<number[]> {
  const deadline = Date.now() + 120_000;
  let sawRunning = false;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const ids = files.map(trackIdOf).filter((id): id is number => id !== undefined);
    sawRunning ||= lastScan?.running === true;
    if (ids.length === files.length || (sawRunning && lastScan?.running === false) || Date.now() > deadline || quitting) return ids;
  }
}

// ---- now playing: tray, notifications -----------------------------------------------------------
async function updateNowPlaying(next: NowPlaying): Promise<void> {
  const prev = nowPlaying;
  nowPlaying = next;
  if (next.trackId === null) nowPlayingInfo = null;
  else if (prev?.trackId !== next.trackId || !nowPlayingInfo) {
    try {
      const t = await apiFetch<Track>(api.track(next.trackId));
      if (nowPlaying?.trackId !== t.id) return; // superseded meanwhile
      nowPlayingInfo = { title: t.title, artist: t.artist, playing: next.playing };
      if (shouldNotify(prev, next, { enabled: settings.notifications, focused: win?.isFocused() ?? false }) && Notification.isSupported()) {
        new Notification({ title: t.title, body: [t.artist, t.album].filter(Boolean).join(' — '), silent: true }).show();
      }
    } catch (err) {
      log(`now playing: ${(err as Error).message}`);
      nowPlayingInfo = null;
    }
  }
  if (nowPlayingInfo) nowPlayingInfo = { ...nowPlayingInfo, playing: next.playing };
  updateMenus();
}

const menuActions: MenuActions = {
  media,
  navigate,
  show: showWindow,
  quit: () => app.quit(),
  chooseFolder: () => void addFolderFromMenu().catch((err: unknown) => log(`add folder: ${(err as Error).message}`)),
  setSetting,
};

async function addFolderFromMenu(): Promise<void> {
  const options = { title: 'Add a music folder', properties: ['openDirectory' as const] };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const folder = r.canceled ? undefined : r.filePaths[0];
  if (folder) queueOpen({ files: [], folders: [folder] });
}

function createTray(): void {
  if (!fs.existsSync(iconPath)) return;
  try {
    const image = nativeImage.createFromPath(iconPath).resize({ width: process.platform === 'darwin' ? 18 : 24 });
    tray = new Tray(image);
    tray.on('click', showWindow);
  } catch (err) {
    log(`no tray: ${(err as Error).message}`);
  }
}

function updateMenus(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, settings, menuActions)));
  if (!tray) return;
  tray.setToolTip(trayTooltip(nowPlayingInfo));
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(nowPlayingInfo, settings, menuActions)));
}

function registerMediaKeys(): void {
  const keys: [string, MediaKey][] = [['MediaPlayPause', 'playpause'], ['MediaNextTrack', 'next'], ['MediaPreviousTrack', 'previous'], ['MediaStop', 'stop']];
  for (const [accelerator, key] of keys) {
    try {
      if (!globalShortcut.register(accelerator, () => media(key))) log(`media key ${accelerator} is taken by another application`);
    } catch (err) {
      log(`media key ${accelerator}: ${(err as Error).message}`);
    }
  }
}

// ---- scan progress → taskbar/dock progress bar (the API's SSE stream) -------------------------
async function followScanProgress(): Promise<void> {
  const parse = createSseParser((p) => {
    lastScan = p;
    if (win && !win.isDestroyed()) win.setProgressBar(progressBarValue(p));
  });
  while (!quitting && server) {
    try {
      const res = await fetch(serverOrigin + api.scanEvents(), {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${server.token}` },
        signal: scanEvents.signal,
      });
      if (!res.ok || !res.body) throw new Error(`scan events: ${res.status}`);
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parse(decoder.decode(chunk, { stream: true }));
    } catch (err) {
      if (quitting) return;
      log(`scan events: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---- quit: stop scans/watchers, close the server and the database -------------------------------
app.on('before-quit', () => {
  quitting = true;
});
app.on('window-all-closed', () => {
  // With close-to-tray the window only hides; otherwise closing it quits (macOS included: the
  // library server lives in this process and there is nothing to do without a window).
  app.quit();
});
app.on('activate', showWindow);

let cleanedUp = false;
app.on('will-quit', (event) => {
  if (cleanedUp) return;
  event.preventDefault();
  quitting = true;
  globalShortcut.unregisterAll();
  scanEvents.abort();
  tray?.destroy();
  reader?.catalog.close();
  reader = undefined;
  const closing = server ? server.close() : Promise.resolve();
  const timeout = new Promise<void>((r) => setTimeout(r, 5000).unref());
  Promise.race([closing, timeout])
    .catch((err: unknown) => log(`shutdown: ${(err as Error).message}`))
    .finally(() => {
      cleanedUp = true;
      app.quit();
    });
});
