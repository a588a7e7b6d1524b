import { describe, expect, it } from 'vitest';
import { defaultSize, minSize, parseWindowState, restoreBounds, serializeWindowState, type Rect } from './windowState.ts';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('parseWindowState', () => {
  it('round-trips', () => {
    const s = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    expect(parseWindowState(serializeWindowState(s))).toEqual(s);
  });
  it('rejects garbage, missing fields, non-integers and absurd values', () => {
    for (const bad of [undefined, '', 'nope', '[]', '{}', '{"bounds":{"x":0,"y":0,"width":0,"height":10}}',
      '{"bounds":{"x":0.5,"y":0,"width":800,"height":600}}', '{"bounds":{"x":1e9,"y":0,"width":800,"height":600}}']) {
      expect(parseWindowState(bad)).toBeUndefined();
    }
    expect(parseWindowState('{"bounds":{"x":0,"y":0,"width":800,"height":600}}')).toEqual({ bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false });
  });
});

describe('restoreBounds', () => {
  it('centres the default size on the primary display the first time', () => {
    const r = restoreBounds(undefined, [primary]);
    expect(r.bounds).toEqual({ x: (1920 - defaultSize.width) / 2, y: (1040 - defaultSize.height) / 2, ...defaultSize });
    expect(r.maximized).toBe(false);
  });
  it('keeps bounds that are on a display, on the secondary one too, and the maximized flag', () => {
    const onRight = { bounds: { x: 2000, y: 100, width: 1000, height: 700 }, maximized: true };
    expect(restoreBounds(onRight, [primary, right])).toEqual(onRight);
  });
  it('re-centres a window left on a monitor that is gone', () => {
    const r = restoreBounds({ bounds: { x: 2000, y: 100, width: 1000, height: 700 }, maximized: false }, [primary]);
    expect(r.bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });
  it('re-centres a window whose title bar is off screen (above the top)', () => {
    const r = restoreBounds({ bounds: { x: 100, y: -500, width: 1000, height: 700 }, maximized: false }, [primary]);
    expect(r.bounds.y).toBeGreaterThanOrEqual(0);
    expect(r.bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });
  it('pulls a window sticking out back in, and shrinks one larger than its display', () => {
    expect(restoreBounds({ bounds: { x: 1700, y: 900, width: 1000, height: 700 }, maximized: false }, [primary]).bounds)
      .toEqual({ x: 920, y: 340, width: 1000, height: 700 });
    const small: Rect = { x: 0, y: 0, width: 1366, height: 728 };
    expect(restoreBounds({ bounds: { x: 0, y: 0, width: 2500, height: 1400 }, maximized: false }, [small]).bounds)
      .toEqual({ x: 0, y: 0, width: 1366, height: 728 });
  });
  it('never goes below the minimum size unless the display is smaller', () => {
    const r = restoreBounds({ bounds: { x: 0, y: 0, width: 100, height: 100 }, maximized: false }, [primary]);
    expect(r.bounds.width).toBe(minSize.width);
    expect(r.bounds.height).toBe(minSize.height);
    const tiny: Rect = { x: 0, y: 0, width: 640, height: 400 };
    expect(restoreBounds(undefined, [tiny]).bounds).toEqual({ x: 0, y: 0, width: 640, height: 400 });
  });
  it('handles negative coordinates (a display left of the primary)', () => {
    const left: Rect = { x: -1280, y: 0, width: 1280, height: 1000 };
    const s = { bounds: { x: -1200, y: 50, width: 900, height: 600 }, maximized: false };
    expect(restoreBounds(s, [primary, left])).toEqual(s);
  });
});
