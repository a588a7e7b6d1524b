// The Songs table at 100,000 tracks, in Chromium, on a real `tonearm serve` over a synthetic
// 100,000-track catalog (e2e/support/catalog.ts): frame times and placeholder spells while the
// list is flung (wheel, CDP synthesized) and dragged (the scrollbar thumb, mouse) end to end.
//
//   npm run bench:ui            (FLING_PX_PER_S, DRAG_SECONDS, TRACKS to change the run)
//
// Frames are measured in the page from requestAnimationFrame (the interval between frames: 16.7 ms
// at 60 fps) and Long Animation Frames; a placeholder spell is a stretch of frames in which the
// viewport shows at least one row whose page has not arrived (and, separately, only such rows).
// The anchor is the same page idle for 3 s in the same run (its p95 is what this machine gives a
// page doing nothing); the machine's load average is printed with the results.
import { chromium, type CDPSession, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumLaunch } from '../playwright.config.ts';
import globalSetup from './global-setup.ts';
import { ensureCatalog } from './support/catalog.ts';
import { repoRoot } from './support/library.ts';
import { startServer } from './support/server.ts';

const TRACKS = Number(process.env.TRACKS ?? 100_000);
const FLING_PX_PER_S = Number(process.env.FLING_PX_PER_S ?? 400_000);
const DRAG_SECONDS = Number(process.env.DRAG_SECONDS ?? 12);

interface PhaseResult {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over17: number;
  over50: number;
  longAnimationFrames: number;
  longestLoafMs: number;
  /** Longest stretch with any placeholder row in view / with nothing but placeholders in view. */
  longestPlaceholderMs: number;
  longestAllPlaceholderMs: number;
  /** From the end of the motion until the viewport held no placeholder. */
  settleMs: number;
  rowsPassed: number;
  requests: number;
  aborted: number;
  loaded: number;
  pagesHeld: number;
  heapMB: number | null;
}

/** Installs the frame and placeholder recorder in the page (idempotent). */
async function installRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Rec = { frames: number[]; loafs: number[]; spells: number[]; allSpells: number[]; spellStart: number | null; allStart: number | null; last: number; lastPlaceholderAt: number; running: boolean };
    const w = window as unknown as { __bench?: Rec };
    const rec: Rec = { frames: [], loafs: [], spells: [], allSpells: [], spellStart: null, allStart: null, last: performance.now(), lastPlaceholderAt: 0, running: false };
    w.__bench = rec;
    try {
      new PerformanceObserver((list) => {
        if (rec.running) for (const e of list.getEntries()) rec.loafs.push(e.duration);
      }).observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      /* LoAF unsupported: rAF intervals still tell */
    }
    const content = document.getElementById('content');
    const tick = (now: number) => {
      if (rec.running) {
        rec.frames.push(now - rec.last);
        const view = content?.getBoundingClientRect();
        let placeholders = 0;
        let rows = 0;
        if (view) {
          for (const el of document.querySelectorAll<HTMLElement>('.tt-row')) {
            const r = el.getBoundingClientRect();
            if (r.bottom <= view.top || r.top >= view.bottom) continue;
            rows++;
            if (el.classList.contains('tt-loading')) placeholders++;
          }
        }
        // A viewport with no row in it at all (rendered a frame late) is as empty as one of placeholders.
        if (rows === 0) placeholders = 1;
        if (placeholders > 0) {
          rec.lastPlaceholderAt = now;
          rec.spellStart ??= now;
        } else if (rec.spellStart !== null) {
          rec.spells.push(now - rec.spellStart);
          rec.spellStart = null;
        }
        if (placeholders > 0 && placeholders >= rows) rec.allStart ??= now;
        else if (rec.allStart !== null) {
          rec.allSpells.push(now - rec.allStart);
          rec.allStart = null;
        }
      }
      rec.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function startPhase(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rec = (window as unknown as { __bench: { frames: number[]; loafs: number[]; spells: number[]; allSpells: number[]; spellStart: number | null; allStart: number | null; running: boolean } }).__bench;
    Object.assign(rec, { frames: [], loafs: [], spells: [], allSpells: [], spellStart: null, allStart: null, running: true });
    return document.getElementById('content')?.scrollTop ?? 0;
  });
}

async function endPhase(page: Page, cdp: CDPSession, startTop: number, motionEndedAt: number): Promise<PhaseResult> {
  // Let the last pages arrive (the viewport fills), then stop recording.
  await page.waitForFunction(() => document.querySelectorAll('.tt-loading').length === 0, undefined, { timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(300);
  const raw = await page.evaluate(() => {
    const rec = (window as unknown as { __bench: { frames: number[]; loafs: number[]; spells: number[]; allSpells: number[]; spellStart: number | null; allStart: number | null; running: boolean; lastPlaceholderAt: number } }).__bench;
    rec.running = false;
    const now = performance.now();
    if (rec.spellStart !== null) rec.spells.push(now - rec.spellStart);
    if (rec.allStart !== null) rec.allSpells.push(now - rec.allStart);
    const stats = (window.__tonearm?.songsStats as () => { requests: number; aborted: number; loaded: number; pages: number })();
    const top = document.getElementById('content')?.scrollTop ?? 0;
    return { frames: rec.frames.slice(1), loafs: rec.loafs, spells: rec.spells, allSpells: rec.allSpells, lastPlaceholderAt: rec.lastPlaceholderAt, now, stats, top, timeOrigin: performance.timeOrigin };
  });
  const heap = await cdp.send('Runtime.getHeapUsage').catch(() => null);
  const sorted = raw.frames.slice().sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const settle = Math.max(0, raw.timeOrigin + raw.lastPlaceholderAt - motionEndedAt);
  return {
    frames: sorted.length,
    p50: round(q(0.5)),
    p95: round(q(0.95)),
    max: round(sorted[sorted.length - 1] ?? 0),
    over17: sorted.filter((f) => f > 17).length,
    over50: sorted.filter((f) => f > 50).length,
    longAnimationFrames: raw.loafs.length,
    longestLoafMs: round(Math.max(0, ...raw.loafs)),
    longestPlaceholderMs: round(Math.max(0, ...raw.spells)),
    longestAllPlaceholderMs: round(Math.max(0, ...raw.allSpells)),
    settleMs: round(settle),
    rowsPassed: Math.round(Math.abs(raw.top - startTop) / 36),
    requests: raw.stats.requests,
    aborted: raw.stats.aborted,
    loaded: raw.stats.loaded,
    pagesHeld: raw.stats.pages,
    heapMB: heap ? round(heap.usedSize / 1048576) : null,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

async function resetCounters(page: Page): Promise<{ requests: number; aborted: number; loaded: number }> {
  return page.evaluate(() => (window.__tonearm?.songsStats as () => { requests: number; aborted: number; loaded: number })());
}

function minus(r: PhaseResult, before: { requests: number; aborted: number; loaded: number }): PhaseResult {
  return { ...r, requests: r.requests - before.requests, aborted: r.aborted - before.aborted, loaded: r.loaded - before.loaded };
}

await globalSetup();
const facts = ensureCatalog(TRACKS);
const loadBefore = os.loadavg();
const server = await startServer({ catalog: facts.file });
// Headless Chromium hides scrollbars by default: the drag needs the real one.
const browser = await chromium.launch({ ...chromiumLaunch, ignoreDefaultArgs: ['--hide-scrollbars'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(server.entry);
  await page.goto(`${server.base}/#/songs`);
  await page.getByTestId('song-row').first().waitFor({ timeout: 120_000 });
  await installRecorder(page);
  const box = await page.locator('#content').boundingBox();
  if (!box) throw new Error('no #content');
  const results: Record<string, PhaseResult> = {};

  // Anchor: the page idle.
  let before = await resetCounters(page);
  let top = await startPhase(page);
  await page.waitForTimeout(3000);
  results.idle = minus(await endPhase(page, cdp, top, Date.now()), before);

  // Fling: a wheel gesture through the whole list, top to bottom, then back up.
  for (const [name, dy] of [['fling down', -1], ['fling up', 1]] as const) {
    before = await resetCounters(page);
    top = await startPhase(page);
    const distance = TRACKS * 36;
    await cdp.send('Input.synthesizeScrollGesture', {
      x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2),
      yDistance: dy * distance, speed: FLING_PX_PER_S, gestureSourceType: 'mouse', preventFling: false,
    });
    results[name] = minus(await endPhase(page, cdp, top, Date.now()), before);
  }

  // Drag: the scrollbar thumb from the top to the bottom, at a steady hand's pace.
  await page.evaluate(() => document.getElementById('content')?.scrollTo({ top: 0 }));
  await page.waitForFunction(() => document.querySelectorAll('.tt-loading').length === 0);
  before = await resetCounters(page);
  top = await startPhase(page);
  const x = box.x + box.width - 6;
  const y0 = box.y + 24;
  const y1 = box.y + box.height - 24;
  await page.mouse.move(x, y0);
  await page.mouse.down();
  const steps = Math.round(DRAG_SECONDS * 60);
  const t0 = Date.now();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x, y0 + ((y1 - y0) * i) / steps);
    const wait = t0 + (i * DRAG_SECONDS * 1000) / steps - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await page.mouse.up();
  results.drag = minus(await endPhase(page, cdp, top, Date.now()), before);

  const loadAfter = os.loadavg();
  const report = {
    date: new Date().toISOString(),
    catalog: { tracks: facts.tracks, albums: facts.albums },
    flingPxPerS: FLING_PX_PER_S,
    dragSeconds: DRAG_SECONDS,
    machine: { cpus: os.cpus().length, loadavg: { before: loadBefore.map(round), after: loadAfter.map(round) } },
    anchorIdleP95: results.idle?.p95,
    results,
    ratioToIdleP95: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, round(r.p95 / (results.idle?.p95 || 16.7))])),
  };
  console.log(JSON.stringify(report, null, 2));
  const out = path.join(repoRoot, '.cache/bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `ui-${Date.now()}.json`), JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await server.stop();
}
