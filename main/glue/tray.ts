// What plays (the renderer says `{ trackId, playing }`; titles come from the API): the tray's
// tooltip and menu, the application menu, notifications, media keys, the desktop settings toggles.
import fs from 'node:fs';
import { app, globalShortcut, Menu, nativeImage, Notification, Tray } from 'electron';
import type { MediaKey, NowPlaying } from '../../app/contract/desktop.ts';
import type { Track } from '../../app/contract/index.ts';
import { api } from '../../app/contract/index.ts';
import { appMenuTemplate, trayMenuTemplate, trayTooltip, type MenuActions, type NowPlayingInfo } from '../menus.ts';
import { shouldNotify } from '../nowPlaying.ts';
import { apiFetch } from './api.ts';
import { addFolderFromMenu } from './open.ts';
import { log, settingsFile, state, writeText } from './state.ts';
import { media, navigate, showWindow } from './window.ts';

let nowPlaying: NowPlaying | null = null;
let info: NowPlayingInfo | null = null;

export async function updateNowPlaying(next: NowPlaying): Promise<void> {
  const prev = nowPlaying;
  nowPlaying = next;
  if (next.trackId === null) info = null;
  else if (prev?.trackId !== next.trackId || !info) {
    try {
      const t = await apiFetch<Track>(api.track(next.trackId));
      if (nowPlaying?.trackId !== t.id) return; // superseded meanwhile
      info = { title: t.title, artist: t.artist, playing: next.playing };
      if (shouldNotify(prev, next, { enabled: state.settings.notifications, focused: state.win?.isFocused() ?? false }) && Notification.isSupported()) {
        new Notification({ title: t.title, body: [t.artist, t.album].filter(Boolean).join(' — '), silent: true }).show();
      }
    } catch (err) {
      log(`now playing: ${(err as Error).message}`);
      info = null;
    }
  }
  if (info) info = { ...info, playing: next.playing };
  updateMenus();
}

function setSetting(key: 'closeToTray' | 'notifications', value: boolean): void {
  state.settings = { ...state.settings, [key]: value };
  writeText(settingsFile(), `${JSON.stringify(state.settings, null, 2)}\n`);
  updateMenus();
}

const actions: MenuActions = {
  media,
  navigate,
  show: showWindow,
  quit: () => app.quit(),
  chooseFolder: () => void addFolderFromMenu().catch((err: unknown) => log(`add folder: ${(err as Error).message}`)),
  setSetting,
};

export function createTray(): void {
  const icon = state.paths.icon;
  if (!fs.existsSync(icon)) return;
  try {
    const image = nativeImage.createFromPath(icon).resize({ width: process.platform === 'darwin' ? 18 : 24 });
    const tray = new Tray(image);
    tray.on('click', showWindow);
    state.tray = tray;
  } catch (err) {
    log(`no tray: ${(err as Error).message}`);
  }
}

export function updateMenus(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, state.settings, actions)));
  const tray = state.tray;
  if (!tray) return;
  tray.setToolTip(trayTooltip(info));
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(info, state.settings, actions)));
}

export function registerMediaKeys(): void {
  const keys: [string, MediaKey][] = [['MediaPlayPause', 'playpause'], ['MediaNextTrack', 'next'], ['MediaPreviousTrack', 'previous'], ['MediaStop', 'stop']];
  for (const [accelerator, key] of keys) {
    try {
      if (!globalShortcut.register(accelerator, () => media(key))) log(`media key ${accelerator} is taken by another application`);
    } catch (err) {
      log(`media key ${accelerator}: ${(err as Error).message}`);
    }
  }
}
