// A stand-in for the `electron` module, so the built main bundle runs under plain Node (Electron's
// binary cannot be had here). It implements the parts Tonearm uses and records every call (sent
// to the parent process when there is one); it renders nothing. Where behaviour matters to the
// glue it does what Electron does, no more: app events in Electron's order (quit: before-quit →
// windows close, preventable → will-quit, preventable → quit → exit), the single-instance lock
// across processes (a lock symlink and a socket in userData, like Chromium's ProcessSingleton),
// loadURL fetching the document over HTTP through the session's header hook and following
// redirects (will-redirect, preventable), close/closed/window-all-closed. Tests drive it through
// `commands` (main/testing/shell.ts sends them). Loaded by main/testing/register.ts.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

type Fn = (...args: never[]) => unknown;
export interface Call { api: string; args: unknown[] }
export const calls: Call[] = [];
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'function' ? '[function]' : x)) ?? 'null');
/** Without an IPC channel (run as a stand-in executable), records go to this JSONL file if set. */
const recordFile = process.env.TONEARM_STANDIN_RECORD;
function record(api: string, ...args: unknown[]): void {
  const call = { api, args: args.map(plain) };
  calls.push(call);
  if (process.send) process.send({ type: 'call', ...call });
  else if (recordFile) fs.appendFileSync(recordFile, `${JSON.stringify(call)}\n`);
}
const preventable = (extra: object = {}) => ({ ...extra, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

// ---- app ------------------------------------------------------------------------------------------
const entry = process.argv[1] ?? '';
const appName = (() => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', '..', 'package.json'), 'utf8')) as { name: string }).name;
  } catch {
    return 'Electron';
  }
})();
const userData = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), appName);
(process as { defaultApp?: boolean }).defaultApp = true; // as when run as `electron <app>`
let quitting = false;
let handoff: Promise<void> = Promise.resolve();

class App extends EventEmitter {
  commandLine = { appendSwitch: (name: string, value?: string) => record('app.commandLine.appendSwitch', name, value) };
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`stand-in: getPath('${name}') is not implemented`);
    return userData;
  }
  whenReady(): Promise<void> {
    return ready;
  }
  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    fs.mkdirSync(userData, { recursive: true });
    const lock = path.join(userData, 'SingletonLock');
    const socket = path.join(userData, 'SingletonSocket');
    for (;;) {
      try {
        fs.symlinkSync(`${os.hostname()}-${process.pid}`, lock);
        break;
      } catch {
        const pid = Number(fs.readlinkSync(lock).split('-').at(-1));
        if (alive(pid)) {
          handoff = new Promise((resolve) => {
            const c = net.connect(socket, () => c.end(JSON.stringify({ argv: process.argv, cwd: process.cwd() })));
            c.on('close', () => resolve());
            c.on('error', () => resolve());
          });
          return false;
        }
        fs.rmSync(lock, { force: true });
      }
    }
    fs.rmSync(socket, { force: true });
    net.createServer((c) => {
      let text = '';
      c.on('data', (d) => (text += d.toString()));
      c.on('end', () => {
        const { argv, cwd } = JSON.parse(text) as { argv: string[]; cwd: string };
        this.emit('second-instance', preventable(), argv, cwd, null);
      });
    }).listen(socket).unref();
    process.on('exit', () => fs.rmSync(lock, { force: true }));
    return true;
  }
  quit(): void {
    record('app.quit');
    void (async () => {
      await handoff;
      const before = preventable();
      this.emit('before-quit', before);
      if (before.defaultPrevented) return;
      quitting = true;
      for (const w of [...BrowserWindow.windows]) if (!w.close()) return void (quitting = false);
      const will = preventable();
      this.emit('will-quit', will);
      if (will.defaultPrevented) return void (quitting = false);
      this.emit('quit', preventable(), 0);
      exitSoon(0);
    })();
  }
  exit(code = 0): void {
    record('app.exit', code);
    exitSoon(code);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return pid !== process.pid;
  } catch {
    return false;
  }
}

/** Exits once the parent has every record (IPC is asynchronous). */
function exitSoon(code: number): void {
  if (process.send) process.send({ type: 'exit', code }, () => process.exit(code));
  else process.exit(code);
}

export const app = new App();
const ready = new Promise<void>((resolve) => setImmediate(() => {
  app.emit('ready');
  resolve();
}));

// ---- session: the header hook and permission handlers --------------------------------------------
type HeadersListener = (d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
export const hooks: { headers?: HeadersListener; permissionRequest?: Fn; permissionCheck?: Fn } = {};
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (l: HeadersListener) => { record('session.webRequest.onHeadersReceived', l); hooks.headers = l; } },
    setPermissionRequestHandler: (f: Fn) => { record('session.setPermissionRequestHandler', f); hooks.permissionRequest = f; },
    setPermissionCheckHandler: (f: Fn) => { record('session.setPermissionCheckHandler', f); hooks.permissionCheck = f; },
  },
};

/** Response headers as the page sees them: after the session's header hook, as in Chromium. */
export function throughHeaderHook(url: string, headers: Record<string, string[]>): Promise<Record<string, string[]>> {
  const l = hooks.headers;
  if (!l) return Promise.resolve(headers);
  return new Promise((resolve) => l({ url, responseHeaders: headers }, (r) => resolve(r.responseHeaders ?? headers)));
}

// ---- windows ----------------------------------------------------------------------------------------
let nextId = 1;
export class WebContents extends EventEmitter {
  readonly id = nextId++;
  url = '';
  windowOpenHandler?: (d: { url: string }) => { action: string };
  cookies = new Map<string, string>();
  send(channel: string, ...args: unknown[]): void {
    record('webContents.send', channel, ...args);
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    record('webContents.setWindowOpenHandler', h);
    this.windowOpenHandler = h;
  }
  getURL(): string {
    return this.url;
  }
  /** Loads the document (no subresources, no scripts): each hop through the header hook, redirects announced. */
  async load(url: string): Promise<void> {
    this.emit('did-start-loading');
    let next: string | null = url;
    for (let hop = 0; next && hop < 10; hop++) {
      const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res: Response = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      const raw: Record<string, string[]> = {};
      res.headers.forEach((v, k) => (raw[k] = [...(raw[k] ?? []), v]));
      for (const c of res.headers.getSetCookie()) this.cookies.set(c.split('=')[0] ?? '', c.slice(c.indexOf('=') + 1).split(';')[0] ?? '');
      const headers = await throughHeaderHook(next, raw);
      record('load.response', { url: next, status: res.status, headers });
      this.url = next;
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      next = location ? new URL(location, next).href : null;
      if (next) {
        const e = preventable({ url: next });
        this.emit('will-redirect', e);
        if (e.defaultPrevented) return;
      }
    }
    this.emit('did-finish-load');
  }
}

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  readonly webContents = new WebContents();
  private state = { visible: false, minimized: false, maximized: false, destroyed: false, focused: false };
  readonly options: Record<string, unknown>;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    record('new BrowserWindow', options);
    BrowserWindow.windows.push(this);
    app.emit('web-contents-created', preventable(), this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    record('BrowserWindow.loadURL', url);
    await this.webContents.load(url);
    this.emit('ready-to-show');
  }
  show(): void { record('BrowserWindow.show'); Object.assign(this.state, { visible: true, minimized: false, focused: true }); }
  hide(): void { record('BrowserWindow.hide'); Object.assign(this.state, { visible: false, focused: false }); }
  focus(): void { this.state.focused = true; }
  minimize(): void { record('BrowserWindow.minimize'); this.state.minimized = true; }
  restore(): void { this.state.minimized = false; }
  maximize(): void { record('BrowserWindow.maximize'); this.state.maximized = true; }
  unmaximize(): void { record('BrowserWindow.unmaximize'); this.state.maximized = false; }
  isMinimized(): boolean { return this.state.minimized; }
  isMaximized(): boolean { return this.state.maximized; }
  isFullScreen(): boolean { return false; }
  isFocused(): boolean { return this.state.focused; }
  isVisible(): boolean { return this.state.visible; }
  isDestroyed(): boolean { return this.state.destroyed; }
  getNormalBounds() { return { x: Number(this.options.x ?? 0), y: Number(this.options.y ?? 0), width: Number(this.options.width ?? 800), height: Number(this.options.height ?? 600) }; }
  setProgressBar(value: number): void { record('BrowserWindow.setProgressBar', value); }
  /** Returns whether the window really closed (false when `close` was prevented). */
  close(): boolean {
    record('BrowserWindow.close');
    if (this.state.destroyed) return true;
    const e = preventable();
    this.emit('close', e);
    if (e.defaultPrevented) return false;
    this.state.destroyed = true;
    BrowserWindow.windows = BrowserWindow.windows.filter((w) => w !== this);
    this.emit('closed');
    if (BrowserWindow.windows.length === 0 && !quitting) app.emit('window-all-closed');
    return true;
  }
  snapshot() { return { id: this.webContents.id, url: this.webContents.url, ...this.state }; }
}

// ---- IPC, menus, tray, shortcuts, dialogs, shell, images, notifications, screen ------------------
export const ipcMain = {
  handlers: new Map<string, Fn>(),
  listeners: new Map<string, Fn>(),
  handle(channel: string, fn: Fn) { record('ipcMain.handle', channel); this.handlers.set(channel, fn); },
  on(channel: string, fn: Fn) { record('ipcMain.on', channel); this.listeners.set(channel, fn); },
};

export interface MenuItem { id?: string; label?: string; type?: string; checked?: boolean; enabled?: boolean; click?: (item: MenuItem) => void; submenu?: MenuItem[] }
export class Menu {
  readonly items: MenuItem[];
  constructor(items: MenuItem[]) {
    this.items = items;
  }
  static applicationMenu: Menu | null = null;
  static buildFromTemplate(template: MenuItem[]): Menu { return new Menu(template); }
  static setApplicationMenu(menu: Menu | null): void { record('Menu.setApplicationMenu', menu?.items); Menu.applicationMenu = menu; }
}

export class Tray extends EventEmitter {
  static current: Tray | null = null;
  menu: Menu | null = null;
  tooltip = '';
  constructor(image: unknown) {
    super();
    record('new Tray', image);
    Tray.current = this;
  }
  setToolTip(text: string): void { record('Tray.setToolTip', text); this.tooltip = text; }
  setContextMenu(menu: Menu): void { record('Tray.setContextMenu', menu.items); this.menu = menu; }
  destroy(): void { record('Tray.destroy'); Tray.current = null; }
}

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  register(accelerator: string, cb: () => void): boolean { record('globalShortcut.register', accelerator); this.registered.set(accelerator, cb); return true; },
  unregisterAll(): void { record('globalShortcut.unregisterAll'); this.registered.clear(); },
};

/** Answers the next dialogs will give (set by tests); otherwise dialogs are cancelled. */
export const dialogAnswers: { messageBox: number[]; openDialog: string[][] } = { messageBox: [], openDialog: [] };
export const dialog = {
  showErrorBox: (title: string, content: string) => record('dialog.showErrorBox', title, content),
  async showMessageBox(...args: unknown[]) {
    const options = (args.length > 1 ? args[1] : args[0]) as { cancelId?: number };
    record('dialog.showMessageBox', options);
    return { response: dialogAnswers.messageBox.shift() ?? options.cancelId ?? 0, checkboxChecked: false };
  },
  async showOpenDialog(...args: unknown[]) {
    record('dialog.showOpenDialog', args.length > 1 ? args[1] : args[0]);
    const filePaths = dialogAnswers.openDialog.shift();
    return { canceled: !filePaths, filePaths: filePaths ?? [] };
  },
};

export const shell = {
  openExternal: async (url: string) => record('shell.openExternal', url),
  showItemInFolder: (file: string) => record('shell.showItemInFolder', file),
};

export const nativeImage = {
  createFromPath(file: string) {
    const image = { file, empty: !fs.existsSync(file), size: null as unknown, resize: (size: unknown) => ({ ...image, size }), isEmpty: () => image.empty };
    return image;
  },
};

export class Notification {
  static isSupported(): boolean { return true; }
  readonly options: unknown;
  constructor(options: unknown) {
    this.options = options;
  }
  show(): void { record('Notification.show', this.options); }
}

const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = { getPrimaryDisplay: () => display, getAllDisplays: () => [display] };
