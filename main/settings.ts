// Desktop-only preferences, kept in `<userData>/desktop.json` (the library's own settings live in
// the catalog). Toggled from the tray and the application menu.
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  /** Closing the window hides it to the tray; Quit (menu, tray, Ctrl+Q) really quits. */
  closeToTray: z.boolean().catch(false),
  /** An OS notification when the track changes while the window is not focused. */
  notifications: z.boolean().catch(true),
  /** ffmpeg executable for transcoding; else FFMPEG_PATH, else `ffmpeg` on PATH. */
  ffmpegPath: z.string().min(1).nullable().catch(null),
});

export type DesktopSettings = z.infer<typeof schema>;

export const defaultSettings: DesktopSettings = { closeToTray: false, notifications: true, ffmpegPath: null };

/** Stored settings merged over the defaults; bad fields fall back one by one. */
export function parseSettings(json: string | undefined): DesktopSettings {
  if (json === undefined) return { ...defaultSettings };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ...defaultSettings };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ...defaultSettings };
  return schema.parse({ ...defaultSettings, ...data });
}

/**
 * ffmpeg is resolved by app/transcoder (explicit option, then `FFMPEG_PATH`, then PATH). The
 * desktop setting wins by becoming `FFMPEG_PATH` for this process; without it the environment is
 * left alone. Returns the variables to set.
 */
export function ffmpegEnv(setting: string | null, env: Record<string, string | undefined>): Record<string, string> {
  if (setting && path.isAbsolute(setting)) return { FFMPEG_PATH: setting };
  return env.FFMPEG_PATH ? { FFMPEG_PATH: env.FFMPEG_PATH } : {};
}
