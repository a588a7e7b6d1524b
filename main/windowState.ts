// Window size, position and maximized state across launches. Pure: parse/validate the stored
// JSON and fit it to the displays that exist now (a monitor may have been unplugged since).
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const minSize = { width: 720, height: 480 } as const;
export const defaultSize = { width: 1280, height: 820 } as const;
/** How much of the window (title bar included) must be on a display to keep its position. */
const minVisible = { width: 120, height: 60 } as const;

const int = z.number().int().min(-100_000).max(100_000);
const schema = z.object({
  bounds: z.object({ x: int, y: int, width: int.positive(), height: int.positive() }),
  maximized: z.boolean().default(false),
});

/** The stored state, or undefined when it is missing or malformed (then defaults apply). */
export function parseWindowState(json: string | undefined): WindowState | undefined {
  if (json === undefined) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(json));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

function intersection(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const r = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return r > x && bottom > y ? { x, y, width: r - x, height: bottom - y } : undefined;
}

function centered(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.max(Math.min(size.width, area.width), Math.min(minSize.width, area.width));
  const height = Math.max(Math.min(size.height, area.height), Math.min(minSize.height, area.height));
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Bounds to open the window with, given the stored state and the displays' work areas (the
 * primary first). The stored bounds are kept when the window's top strip (its title bar) is
 * visible enough on some display, shrunk to that display if larger; otherwise the window is
 * centred on the primary display with the stored (or default) size.
 */
export function restoreBounds(stored: WindowState | undefined, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return { bounds: stored?.bounds ?? { x: 0, y: 0, ...defaultSize }, maximized: stored?.maximized ?? false };
  if (!stored) return { bounds: centered(defaultSize, primary), maximized: false };
  const b = stored.bounds;
  const titleBar: Rect = { x: b.x, y: b.y, width: b.width, height: Math.min(b.height, 40) };
  const home = workAreas.find((area) => {
    const i = intersection(titleBar, area);
    return i !== undefined && i.width >= Math.min(minVisible.width, b.width) && i.height >= Math.min(minVisible.height, titleBar.height);
  });
  if (!home) return { bounds: centered(b, primary), maximized: stored.maximized };
  const width = Math.max(Math.min(b.width, home.width), Math.min(minSize.width, home.width));
  const height = Math.max(Math.min(b.height, home.height), Math.min(minSize.height, home.height));
  // Keep it on the display: pull it back in where it sticks out.
  const x = Math.min(Math.max(b.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(b.y, home.y), home.y + home.height - height);
  return { bounds: { x, y, width, height }, maximized: stored.maximized };
}
