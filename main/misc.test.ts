// settings.ts, scanProgress.ts, menus.ts, nowPlaying.ts
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ScanProgress } from '../app/contract/index.ts';
import { appMenuTemplate, trackLabel, trayMenuTemplate, trayTooltip, type MenuActions } from './menus.ts';
import { shouldNotify } from './nowPlaying.ts';
import { createSseParser, progressBarValue } from './scanProgress.ts';
import { defaultSettings, ffmpegEnv, parseSettings } from './settings.ts';

const progress = (p: Partial<ScanProgress>): ScanProgress => ({
  running: true, phase: 'parsing', found: 0, parsed: 0, errors: 0, rate: 0, currentPath: null, startedAt: 1, last: null, notice: null, ...p,
});

describe('settings', () => {
  it('defaults, merges and falls back field by field', () => {
    expect(parseSettings(undefined)).toEqual(defaultSettings);
    expect(parseSettings('garbage')).toEqual(defaultSettings);
    expect(parseSettings('[1]')).toEqual(defaultSettings);
    expect(parseSettings('{"closeToTray":true}')).toEqual({ ...defaultSettings, closeToTray: true });
    expect(parseSettings('{"closeToTray":"yes","notifications":false,"ffmpegPath":""}')).toEqual({ closeToTray: false, notifications: false, ffmpegPath: null });
  });
  it('ffmpeg: the setting becomes FFMPEG_PATH, else the environment is kept', () => {
    expect(ffmpegEnv('/opt/ffmpeg/bin/ffmpeg', { FFMPEG_PATH: '/usr/bin/ffmpeg' })).toEqual({ FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg' });
    expect(ffmpegEnv(null, { FFMPEG_PATH: '/usr/bin/ffmpeg' })).toEqual({ FFMPEG_PATH: '/usr/bin/ffmpeg' });
    expect(ffmpegEnv('ffmpeg', {})).toEqual({});
    expect(ffmpegEnv(null, {})).toEqual({});
  });
});

describe('scan progress', () => {
  it('maps scan states to progress bar values', () => {
    expect(progressBarValue(null)).toBe(-1);
    expect(progressBarValue(progress({ running: false, phase: 'done' }))).toBe(-1);
    expect(progressBarValue(progress({ phase: 'walking', found: 10 }))).toBe(2);
    expect(progressBarValue(progress({ found: 0 }))).toBe(2);
    expect(progressBarValue(progress({ found: 200, parsed: 50 }))).toBe(0.25);
    expect(progressBarValue(progress({ found: 10, parsed: 12 }))).toBe(1);
  });
  it('parses SSE across chunk boundaries, CRLF, comments and other events', () => {
    const seen: ScanProgress[] = [];
    const feed = createSseParser((p) => seen.push(p));
    const a = JSON.stringify(progress({ found: 4, parsed: 1 }));
    const b = JSON.stringify(progress({ running: false, phase: 'done' }));
    feed(': keep-alive\n\nevent: progress\nda');
    feed(`ta: ${a.slice(0, 10)}`);
    feed(`${a.slice(10)}\n\n`);
    feed('event: other\ndata: {"running":true}\n\n');
    feed('event: progress\r\ndata: not json\r\n\r\n');
    feed(`data: ${b}\r\n\r\n`);
    expect(seen.map((p) => [p.running, p.parsed])).toEqual([[true, 1], [false, 0]]);
  });
});

describe('menus', () => {
  const actions = (): MenuActions & Record<string, ReturnType<typeof vi.fn>> => ({
    media: vi.fn(), navigate: vi.fn(), show: vi.fn(), quit: vi.fn(), chooseFolder: vi.fn(), setSetting: vi.fn(),
  }) as never;
  const np = { title: 'Polar Dawn', artist: 'Nordic Lights', playing: true };
  it('labels and tooltips', () => {
    expect(trackLabel(null)).toBe('Nothing playing');
    expect(trackLabel(np)).toBe('Polar Dawn — Nordic Lights');
    expect(trackLabel({ ...np, title: 'x'.repeat(200) }).length).toBe(100);
    expect(trayTooltip(null)).toBe('Tonearm');
    expect(trayTooltip({ ...np, playing: false })).toBe('Tonearm: Polar Dawn — Nordic Lights (paused)');
    expect(trayTooltip({ ...np, title: 'x'.repeat(500) }).length).toBeLessThan(128);
  });
  it('tray: current track, play/pause/next/previous wired to media actions, settings checkboxes', () => {
    const a = actions();
    const t = trayMenuTemplate(np, { ...defaultSettings, closeToTray: true }, a);
    const byId = (id: string) => t.find((i) => i.id === id)!;
    expect(byId('now-playing')).toMatchObject({ label: 'Polar Dawn — Nordic Lights', enabled: false });
    expect(byId('playpause').label).toBe('Pause');
    expect(trayMenuTemplate({ ...np, playing: false }, defaultSettings, a).find((i) => i.id === 'playpause')!.label).toBe('Play');
    for (const [id, key] of [['playpause', 'playpause'], ['next', 'next'], ['previous', 'previous']] as const) {
      (byId(id).click as () => void)();
      expect(a.media).toHaveBeenLastCalledWith(key);
    }
    expect(byId('close-to-tray').checked).toBe(true);
    (byId('notifications').click as (item: { checked: boolean }) => void)({ checked: false });
    expect(a.setSetting).toHaveBeenCalledWith('notifications', false);
    (byId('quit').click as () => void)();
    expect(a.quit).toHaveBeenCalled();
  });
  it('application menu: usual roles and shortcuts per platform', () => {
    const flat = (platform: string) => appMenuTemplate(platform, defaultSettings, actions())
      .flatMap((m) => [m, ...(Array.isArray(m.submenu) ? m.submenu : [])]);
    const linux = flat('linux');
    const mac = flat('darwin');
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'toggleDevTools', 'togglefullscreen', 'windowMenu']) {
      expect(linux.some((i) => i.role === role), role).toBe(true);
    }
    expect(linux.find((i) => i.id === 'quit')?.accelerator).toBe('Ctrl+Q');
    expect(linux.find((i) => i.id === 'settings')?.accelerator).toBe('CmdOrCtrl+,');
    expect(linux.find((i) => i.id === 'add-folder')?.accelerator).toBe('CmdOrCtrl+O');
    expect(mac[0]?.label).toBe('Tonearm');
    expect(mac.some((i) => i.role === 'hide')).toBe(true);
    expect(mac.find((i) => i.id === 'quit')?.accelerator).toBe('Cmd+Q');
    // Space is never a menu accelerator (it would eat spaces typed into search).
    expect([...linux, ...mac].some((i) => i.accelerator === 'Space')).toBe(false);
  });
});

describe('shouldNotify', () => {
  const on = { enabled: true, focused: false };
  it('notifies when a new track starts playing in the background', () => {
    expect(shouldNotify(null, { trackId: 1, playing: true }, on)).toBe(true);
    expect(shouldNotify({ trackId: 1, playing: true }, { trackId: 2, playing: true }, on)).toBe(true);
  });
  it('not for pause/resume, nothing playing, a focused window or the setting off', () => {
    expect(shouldNotify({ trackId: 1, playing: false }, { trackId: 1, playing: true }, on)).toBe(false);
    expect(shouldNotify(null, { trackId: 2, playing: false }, on)).toBe(false);
    expect(shouldNotify(null, { trackId: null, playing: true }, on)).toBe(false);
    expect(shouldNotify(null, { trackId: 2, playing: true }, { enabled: true, focused: true })).toBe(false);
    expect(shouldNotify(null, { trackId: 2, playing: true }, { enabled: false, focused: false })).toBe(false);
  });
});
