// The IPC handlers behind the preload's bridge: every message checked (sender frame and origin,
// zod payload) by ../ipc.ts before it does anything.
import fs from 'node:fs';
import { dialog, ipcMain, shell, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { channels, checkMessage, type BridgeInfo, type Channel } from '../ipc.ts';
import { classifyPaths } from '../openRequest.ts';
import { trackQueries } from './api.ts';
import { kindOf, queueOpen } from './open.ts';
import { log, state } from './state.ts';
import { updateNowPlaying } from './tray.ts';
import { fsPath, nearestPlainPath } from '../../app/text/fsPath.ts';

function frameOf(event: IpcMainEvent | IpcMainInvokeEvent) {
  const f = event.senderFrame;
  return f ? { url: f.url, isMainFrame: f.parent === null } : null;
}

function handle<C extends Channel>(channel: C, fn: (args: ReturnType<typeof checkMessage<C>>, event: IpcMainInvokeEvent) => unknown): void {
  ipcMain.handle(channels[channel], (event, ...args) => fn(checkMessage(channel, frameOf(event), state.serverOrigin, args), event));
}

function on<C extends Channel>(channel: C, fn: (args: ReturnType<typeof checkMessage<C>>, event: IpcMainEvent) => void): void {
  ipcMain.on(channels[channel], (event, ...args) => {
    try {
      fn(checkMessage(channel, frameOf(event), state.serverOrigin, args), event);
    } catch (err) {
      log((err as Error).message);
    }
  });
}

export function registerIpc(): void {
  ipcMain.on(channels.info, (event) => {
    try {
      checkMessage('info', frameOf(event), state.serverOrigin, []);
      event.returnValue = { token: state.server?.token ?? '', platform: process.platform } satisfies BridgeInfo;
    } catch (err) {
      log((err as Error).message);
      event.returnValue = null;
    }
  });
  handle('chooseFolder', async () => {
    const options = { title: 'Add a music folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
    const r = state.win ? await dialog.showOpenDialog(state.win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  handle('revealInFolder', ([trackId]) => {
    const file = trackQueries()?.file(trackId)?.path;
    if (!file || !fs.existsSync(fsPath(file))) return false;
    // Electron takes paths as strings: a name that is not UTF-8 (app/text/fsPath.ts) cannot be
    // selected, so its nearest folder that can be named is opened instead.
    const shown = nearestPlainPath(file);
    if (shown === file) shell.showItemInFolder(file);
    else void shell.openPath(shown);
    return true;
  });
  handle('openPaths', ([paths]) => {
    queueOpen(classifyPaths(paths, kindOf));
  });
  on('nowPlaying', ([np]) => void updateNowPlaying(np));
  on('window', ([action]) => {
    const win = state.win;
    if (!win) return;
    if (action === 'minimize') win.minimize();
    else if (action === 'close') win.close();
    else if (win.isMaximized()) win.unmaximize();
    else win.maximize();
  });
}
