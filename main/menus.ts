// The tray menu and the application menu as plain templates (Menu.buildFromTemplate in the glue).
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopRoute, MediaKey } from '../app/contract/desktop.ts';
import type { DesktopSettings } from './settings.ts';

export interface NowPlayingInfo {
  title: string;
  artist: string;
  playing: boolean;
}

export interface MenuActions {
  media(key: MediaKey): void;
  navigate(route: DesktopRoute): void;
  show(): void;
  quit(): void;
  chooseFolder(): void;
  setSetting(key: 'closeToTray' | 'notifications', value: boolean): void;
}

/** "Title — Artist", shortened for menus and tooltips (Windows limits tooltips to 127 chars). */
export function trackLabel(np: NowPlayingInfo | null, max = 100): string {
  if (!np) return 'Nothing playing';
  const s = np.artist ? `${np.title} — ${np.artist}` : np.title;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function trayTooltip(np: NowPlayingInfo | null): string {
  return np ? `Tonearm: ${trackLabel(np, 110)}${np.playing ? '' : ' (paused)'}` : 'Tonearm';
}

export function trayMenuTemplate(np: NowPlayingInfo | null, settings: DesktopSettings, a: MenuActions): MenuItemConstructorOptions[] {
  return [
    { id: 'now-playing', label: trackLabel(np), enabled: false },
    { type: 'separator' },
    { id: 'playpause', label: np?.playing ? 'Pause' : 'Play', click: () => a.media('playpause') },
    { id: 'next', label: 'Next', click: () => a.media('next') },
    { id: 'previous', label: 'Previous', click: () => a.media('previous') },
    { type: 'separator' },
    { id: 'show', label: 'Show Tonearm', click: () => a.show() },
    { id: 'close-to-tray', label: 'Keep running in the tray when closed', type: 'checkbox', checked: settings.closeToTray, click: (item) => a.setSetting('closeToTray', item.checked) },
    { id: 'notifications', label: 'Notify on track change', type: 'checkbox', checked: settings.notifications, click: (item) => a.setSetting('notifications', item.checked) },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Tonearm', click: () => a.quit() },
  ];
}

/** The native application menu with the usual roles and shortcuts (macOS gets the app menu). */
export function appMenuTemplate(platform: string, settings: DesktopSettings, a: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const prefs: MenuItemConstructorOptions = { id: 'settings', label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => a.navigate('settings') };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Tonearm',
      submenu: [{ role: 'about' }, { type: 'separator' }, prefs, { type: 'separator' }, { role: 'services' }, { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { id: 'quit', label: 'Quit Tonearm', accelerator: 'Cmd+Q', click: () => a.quit() }],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        { id: 'add-folder', label: 'Add Music Folder…', accelerator: 'CmdOrCtrl+O', click: () => a.chooseFolder() },
        ...(mac ? [] : [{ type: 'separator' } as const, prefs]),
        { type: 'separator' },
        { id: 'close-to-tray', label: 'Keep Running in the Tray When Closed', type: 'checkbox', checked: settings.closeToTray, click: (item) => a.setSetting('closeToTray', item.checked) },
        { id: 'notifications', label: 'Notify on Track Change', type: 'checkbox', checked: settings.notifications, click: (item) => a.setSetting('notifications', item.checked) },
        { type: 'separator' },
        mac ? { role: 'close' } : { id: 'quit', label: 'Quit', accelerator: 'Ctrl+Q', click: () => a.quit() },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
        { type: 'separator' }, { id: 'find', label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => a.navigate('search') }],
    },
    {
      label: '&View',
      submenu: [
        { id: 'now-playing', label: 'Now Playing', accelerator: 'CmdOrCtrl+1', click: () => a.navigate('now-playing') },
        { id: 'queue', label: 'Queue', accelerator: 'CmdOrCtrl+2', click: () => a.navigate('queue') },
        { type: 'separator' },
        { role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Playback',
      submenu: [
        // No accelerator on Space: it would swallow spaces typed into the search field.
        { id: 'playpause', label: 'Play/Pause', click: () => a.media('playpause') },
        { id: 'next', label: 'Next', accelerator: 'CmdOrCtrl+Right', registerAccelerator: false, click: () => a.media('next') },
        { id: 'previous', label: 'Previous', accelerator: 'CmdOrCtrl+Left', registerAccelerator: false, click: () => a.media('previous') },
      ],
    },
    { role: 'windowMenu' },
  );
  return template;
}
