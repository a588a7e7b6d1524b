// The main window: bounds restored from last time, the renderer loaded from the in-process
// library server (the entry URL `/?token=…` sets the session cookie and redirects to `/`),
// close-to-tray, and sending to the renderer.
import fs from 'node:fs';
import { BrowserWindow, screen } from 'electron';
import type { DesktopRoute, MediaKey } from '../../app/contract/desktop.ts';
import { channels } from '../ipc.ts';
import { webPreferences } from '../security.ts';
import { minSize, parseWindowState, restoreBounds, serializeWindowState } from '../windowState.ts';
import { flushOpens } from './open.ts';
import { readText, state, windowStateFile, writeText } from './state.ts';

export function createWindow(): void {
  const server = state.server;
  if (!server) return;
  const primary = screen.getPrimaryDisplay();
  const restored = restoreBounds(parseWindowState(readText(windowStateFile())), [
    primary.workArea,
    ...screen.getAllDisplays().filter((d) => d.id !== primary.id).map((d) => d.workArea),
  ]);
  const w = new BrowserWindow({
    ...restored.bounds,
    minWidth: minSize.width,
    minHeight: minSize.height,
    show: false,
    title: 'Tonearm',
    backgroundColor: '#15161a',
    icon: fs.existsSync(state.paths.icon) ? state.paths.icon : undefined,
    webPreferences: webPreferences(state.paths.preload),
  });
  state.win = w;
  if (restored.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  w.webContents.on('did-finish-load', () => {
    state.rendererReady = true;
    flushOpens();
  });
  w.webContents.on('did-start-loading', () => {
    state.rendererReady = false;
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
    if (state.settings.closeToTray && !state.quitting && state.tray) {
      event.preventDefault();
      w.hide();
    }
  });
  w.on('closed', () => {
    state.win = undefined;
  });
  void w.loadURL(server.url);
}

export function showWindow(): void {
  const win = state.win;
  if (!win) {
    createWindow();
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export function send(channel: string, payload: unknown): void {
  const win = state.win;
  if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
}

/** A media key (global shortcut, tray, menu) → the renderer's player (`onMediaKey`). */
export const media = (key: MediaKey) => send(channels.mediaKey, key);

export const navigate = (route: DesktopRoute) => {
  showWindow();
  send(channels.navigate, route);
};
