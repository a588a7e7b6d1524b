// The shell's state, shared by the glue modules (one process, one window, one library server),
// and the small JSON files it keeps in Electron's userData.
import fs from 'node:fs';
import path from 'node:path';
import { app, type BrowserWindow, type Tray } from 'electron';
import type { ScanProgress } from '../../app/contract/index.ts';
import type { RunningServer } from '../../app/server/start.ts';
import { appPaths, type AppPaths } from '../paths.ts';
import { parseSettings, type DesktopSettings } from '../settings.ts';

export interface ShellState {
  paths: AppPaths;
  /** The catalog file (the same as `tonearm serve`'s). */
  dbFile: string;
  server: RunningServer | undefined;
  /** `http://127.0.0.1:<port>`: the only origin the window may show and IPC may come from. */
  serverOrigin: string;
  win: BrowserWindow | undefined;
  tray: Tray | undefined;
  quitting: boolean;
  settings: DesktopSettings;
  /** The window's document finished loading (open requests wait for it). */
  rendererReady: boolean;
  lastScan: ScanProgress | null;
  /** Stops following the scan event stream. */
  scanEvents: AbortController;
}

export const state: ShellState = {
  // The main bundle is out/main/index.js: the app's files are found from there.
  paths: appPaths(import.meta.dirname),
  dbFile: '',
  server: undefined,
  serverOrigin: '',
  win: undefined,
  tray: undefined,
  quitting: false,
  settings: parseSettings(undefined),
  rendererReady: false,
  lastScan: null,
  scanEvents: new AbortController(),
};

export const log = (m: string) => process.stderr.write(`tonearm: ${m}\n`);

export const settingsFile = () => path.join(app.getPath('userData'), 'desktop.json');
export const windowStateFile = () => path.join(app.getPath('userData'), 'window-state.json');

export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename); a failure is logged, never thrown. */
export function writeText(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  } catch (err) {
    log(`cannot save ${file}: ${(err as Error).message}`);
  }
}
