// The preload: a minimal typed bridge exposed as `window.tonearm` through contextBridge. Runs
// sandboxed (bundled to CommonJS, only `electron` required). ipcRenderer itself is never exposed:
// every function sends one fixed channel with its arguments; main validates sender and payload.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { DesktopRoute, DroppedFile, MediaKey, NowPlaying, OpenFilesEvent, TonearmDesktopApi, Unsubscribe } from '../app/contract/desktop.ts';
import { channels, type BridgeInfo } from './channels.ts';

const info = ipcRenderer.sendSync(channels.info) as BridgeInfo | null;

function subscribe<T>(channel: string, listener: (payload: T) => void): Unsubscribe {
  // The listener never sees the IPC event (it carries `sender`, i.e. ipcRenderer).
  const handler = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const api = {
  desktop: true,
  token: info?.token ?? '',
  platform: info?.platform ?? process.platform,
  chooseFolder: (): Promise<string | null> => ipcRenderer.invoke(channels.chooseFolder),
  revealInFolder: (trackId: number): Promise<boolean> => ipcRenderer.invoke(channels.revealInFolder, trackId),
  openDropped: async (files: readonly DroppedFile[]): Promise<void> => {
    // Electron removed File.path; the path of a dropped file comes from webUtils, here.
    const paths = files.map((f) => webUtils.getPathForFile(f as unknown as Parameters<typeof webUtils.getPathForFile>[0])).filter((p) => p.length > 0);
    if (paths.length > 0) await ipcRenderer.invoke(channels.openPaths, paths);
  },
  nowPlaying: (state: NowPlaying): void => {
    ipcRenderer.send(channels.nowPlaying, { trackId: state.trackId, playing: state.playing });
  },
  window: {
    minimize: (): void => ipcRenderer.send(channels.window, 'minimize'),
    toggleMaximize: (): void => ipcRenderer.send(channels.window, 'toggleMaximize'),
    close: (): void => ipcRenderer.send(channels.window, 'close'),
  },
  onOpenFiles: (listener: (event: OpenFilesEvent) => void): Unsubscribe => subscribe(channels.openFiles, listener),
  onMediaKey: (listener: (key: MediaKey) => void): Unsubscribe => subscribe(channels.mediaKey, listener),
  onNavigate: (listener: (route: DesktopRoute) => void): Unsubscribe => subscribe(channels.navigate, listener),
} as const satisfies TonearmDesktopApi;

/** The bridge's type, derived from the implementation; checked against the contract above. */
export type PreloadApi = typeof api;

if (info) contextBridge.exposeInMainWorld('tonearm', api);
