// IPC channel names, shared by main and the preload. No imports: the sandboxed preload bundle
// must not pull in Node built-ins.
export const channels = {
  // renderer → main
  info: 'tonearm:info',
  chooseFolder: 'tonearm:choose-folder',
  revealInFolder: 'tonearm:reveal-in-folder',
  openPaths: 'tonearm:open-paths',
  nowPlaying: 'tonearm:now-playing',
  window: 'tonearm:window',
  // main → renderer
  openFiles: 'tonearm:open-files',
  mediaKey: 'tonearm:media-key',
  navigate: 'tonearm:navigate',
} as const;

/** What the preload learns synchronously at load (`sendSync(channels.info)`). */
export interface BridgeInfo {
  token: string;
  platform: string;
}
