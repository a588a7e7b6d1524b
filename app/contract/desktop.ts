// The desktop bridge: what Electron's preload exposes as `window.tonearm` (desktop mode only).
// Types only. main/preload.ts implements it (`satisfies TonearmDesktopApi`); the renderer imports
// it from here because it may not import main/. In web mode `window.tonearm` is undefined, so the
// renderer feature-detects every use.
import type { Id } from './library.ts';

/** Media actions from global media keys, the tray and the application menu. */
export type MediaKey = 'playpause' | 'next' | 'previous' | 'stop';

/** Views the application menu can open. */
export type DesktopRoute = 'settings' | 'search' | 'now-playing' | 'queue';

/**
 * Files or folders handed to Tonearm (Open with…, a second launch, drag & drop), after main has
 * looked them up in the catalog and, with the user's consent, added their folders to the library.
 */
export interface OpenFilesEvent {
  /** Catalogued tracks among the opened files, in the order given: play these. */
  trackIds: Id[];
  /** Folders just added to the library. */
  addedFolders: string[];
}

/** Sent by the renderer when the current track or play/pause changes (tray, notifications). */
export interface NowPlaying {
  trackId: Id | null;
  playing: boolean;
}

/** A dropped file: structurally a DOM `File` (this folder has no DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

export type Unsubscribe = () => void;

export interface TonearmDesktopApi {
  readonly desktop: true;
  /** The per-launch secret of the library API (the cookie already carries it; sent as bearer). */
  readonly token: string;
  /** process.platform of the desktop app ('darwin', 'win32', 'linux', …). */
  readonly platform: string;
  /** Native folder picker: an absolute path, or null when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Shows the track's file in the system file manager; main resolves the id through the catalog. */
  revealInFolder(trackId: Id): Promise<boolean>;
  /** Opens dropped files/folders as if opened with Tonearm; answers through `onOpenFiles`. */
  openDropped(files: readonly DroppedFile[]): Promise<void>;
  /** Tells main what plays (tray tooltip, menu, notifications). */
  nowPlaying(state: NowPlaying): void;
  readonly window: {
    minimize(): void;
    toggleMaximize(): void;
    close(): void;
  };
  onOpenFiles(listener: (event: OpenFilesEvent) => void): Unsubscribe;
  onMediaKey(listener: (key: MediaKey) => void): Unsubscribe;
  onNavigate(listener: (route: DesktopRoute) => void): Unsubscribe;
}
