// Electron main: the thin glue. Every decision is a pure, tested function in a sibling module
// (security.ts, ipc.ts, openRequest.ts, windowState.ts, menus.ts, scanProgress.ts, settings.ts,
// nowPlaying.ts, paths.ts); glue/ wires them to Electron; this file is the app's lifecycle:
// single instance, start, quit. Bundled to out/main/index.js (ESM); run under plain Node with a
// stand-in electron by main/glue/shell.test.ts.
import crypto from 'node:crypto';
import path from 'node:path';
import { app, dialog, globalShortcut } from 'electron';
import { startServer, userDataDir } from '../app/server/start.ts';
import { argvSkip, classifyPaths, parseOpenRequest } from './openRequest.ts';
import { ffmpegEnv, parseSettings } from './settings.ts';
import { closeReader } from './glue/api.ts';
import { registerIpc } from './glue/bridge.ts';
import { kindOf, queueOpen } from './glue/open.ts';
import { followScanProgress } from './glue/scan.ts';
import { guardAllContents, secureSessions } from './glue/security.ts';
import { log, readText, settingsFile, state } from './glue/state.ts';
import { createTray, registerMediaKeys, updateMenus } from './glue/tray.ts';
import { createWindow, showWindow } from './glue/window.ts';

state.dbFile = path.join(userDataDir(), 'library.db');

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
  guardAllContents();
  app.on('before-quit', () => {
    state.quitting = true;
  });
  app.on('window-all-closed', () => {
    // With close-to-tray the window only hides; otherwise closing it quits (macOS included: the
    // library server lives in this process and there is nothing to do without a window).
    app.quit();
  });
  app.on('activate', showWindow);
  app.on('will-quit', releaseAndQuit);
  queueOpen(parseOpenRequest(process.argv, { cwd: process.cwd(), skip: argvSkip(process.defaultApp), kindOf }));
  app.whenReady().then(start, (err: unknown) => fatal(err));
}

function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log(message);
  dialog.showErrorBox('Tonearm could not start', message);
  app.exit(1);
}

async function start(): Promise<void> {
  state.settings = parseSettings(readText(settingsFile()));
  Object.assign(process.env, ffmpegEnv(state.settings.ffmpegPath, process.env));
  try {
    state.server = await startServer({
      db: state.dbFile,
      host: '127.0.0.1',
      port: 0,
      token: crypto.randomBytes(32).toString('base64url'),
      rendererDir: state.paths.rendererDir,
      demoDir: state.paths.demoDir,
      log,
    });
  } catch (err) {
    fatal(err);
    return;
  }
  state.serverOrigin = new URL(state.server.url).origin;
  state.server.scanned.catch((err: unknown) => log(`scan failed: ${(err as Error).message}`));
  secureSessions();
  registerIpc();
  createWindow();
  createTray();
  updateMenus();
  registerMediaKeys();
  void followScanProgress();
}

// ---- quit: stop scans/watchers, close the server and the database, then really quit -----------
let released = false;
function releaseAndQuit(event: { preventDefault(): void }): void {
  if (released) return;
  event.preventDefault();
  state.quitting = true;
  globalShortcut.unregisterAll();
  state.scanEvents.abort();
  state.tray?.destroy();
  closeReader();
  const closing = state.server ? state.server.close() : Promise.resolve();
  const timeout = new Promise<void>((r) => setTimeout(r, 5000).unref());
  Promise.race([closing, timeout])
    .catch((err: unknown) => log(`shutdown: ${(err as Error).message}`))
    .finally(() => {
      released = true;
      app.quit();
    });
}
