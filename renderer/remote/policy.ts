// Pure decisions of the remote player (no DOM, no fetch): which rendition to stream, when stalls
// justify stepping down, what the offline cache evicts, and how a cached body answers a Range
// request. Shared by the page (renderer/remote/player.ts) and the service worker (renderer/sw.ts).
import { parseByteRange } from '../../app/contract/byteRange.ts';

export type Rung = 'high' | 'medium' | 'low';
/** The user's choice in Settings: `auto` (by throughput), always high, medium, or data saver (= low). */
export type QualityPref = 'auto' | 'high' | 'medium' | 'low';
export const rungs: readonly Rung[] = ['high', 'medium', 'low'];

/** Below 1 Mb/s → low, below 5 Mb/s → medium, else high. */
export function rungForThroughput(bitsPerSecond: number): Rung {
  if (bitsPerSecond < 1_000_000) return 'low';
  if (bitsPerSecond < 5_000_000) return 'medium';
  return 'high';
}

/**
 * The rung to request. `measuredBps`: recent fetch throughput (null when nothing was measured yet);
 * `downlinkMbps`: navigator.connection.downlink when the browser has it. The lower estimate wins
 * (Chromium caps downlink at 10 Mb/s, which still means `high`); with neither, `medium`.
 */
export function chooseRung(pref: QualityPref, measuredBps: number | null, downlinkMbps?: number | null): Rung {
  if (pref !== 'auto') return pref;
  const estimates = [measuredBps, downlinkMbps != null && downlinkMbps > 0 ? downlinkMbps * 1_000_000 : null].filter((x): x is number => x !== null && Number.isFinite(x));
  if (estimates.length === 0) return 'medium';
  return rungForThroughput(Math.min(...estimates));
}

export function stepDown(rung: Rung): Rung {
  return rung === 'high' ? 'medium' : 'low';
}

export interface Sample {
  bytes: number;
  ms: number;
  at: number;
}

/**
 * Throughput of recent fetches: total bytes / total time over the last `keep` samples within
 * `windowMs`. Samples under `minBytes` are mostly latency and are ignored.
 */
export class ThroughputMeter {
  private samples: Sample[] = [];
  private readonly keep: number;
  private readonly windowMs: number;
  private readonly minBytes: number;
  constructor(keep = 6, windowMs = 5 * 60_000, minBytes = 32 * 1024) {
    this.keep = keep;
    this.windowMs = windowMs;
    this.minBytes = minBytes;
  }
  add(bytes: number, ms: number, at: number): void {
    if (bytes < this.minBytes || !(ms > 0)) return;
    this.samples.push({ bytes, ms, at });
    if (this.samples.length > this.keep) this.samples.shift();
  }
  /** Bits per second, or null without recent samples. */
  estimate(now: number): number | null {
    const recent = this.samples.filter((s) => now - s.at <= this.windowMs);
    if (recent.length === 0) return null;
    const bytes = recent.reduce((a, s) => a + s.bytes, 0);
    const ms = recent.reduce((a, s) => a + s.ms, 0);
    return (bytes * 8 * 1000) / Math.max(1, ms);
  }
}

/**
 * Mid-track step-down: `minStalls` stalls (a `waiting` that lasted longer than `stallMs`) within
 * `windowMs` → step down one rung and resume at the same position. After a step-down the history
 * starts over.
 */
export class StallPolicy {
  private waitingSince: number | null = null;
  private stalls: number[] = [];
  private readonly minStalls: number;
  private readonly stallMs: number;
  private readonly windowMs: number;
  constructor(minStalls = 2, stallMs = 2000, windowMs = 30_000) {
    this.minStalls = minStalls;
    this.stallMs = stallMs;
    this.windowMs = windowMs;
  }
  waiting(at: number): void {
    this.waitingSince ??= at;
  }
  /** Playback resumed (`playing`): true when the stall that just ended tips the policy. */
  resumed(at: number): boolean {
    const since = this.waitingSince;
    this.waitingSince = null;
    if (since === null || at - since <= this.stallMs) return false;
    return this.record(at);
  }
  /** Polled while still waiting: a stall that is already long counts without waiting for its end. */
  check(at: number): boolean {
    const since = this.waitingSince;
    if (since === null || at - since <= this.stallMs) return false;
    this.waitingSince = at; // count this stall once; a further wait of stallMs counts again
    return this.record(at);
  }
  reset(): void {
    this.waitingSince = null;
    this.stalls = [];
  }
  private record(at: number): boolean {
    this.stalls = [...this.stalls.filter((t) => at - t <= this.windowMs), at];
    if (this.stalls.length >= this.minStalls) {
      this.stalls = [];
      return true;
    }
    return false;
  }
}

export interface CacheEntry {
  key: string;
  bytes: number;
  lastUsed: number;
  pinned: boolean;
}

/**
 * Keys to evict so that the cache, plus `incoming` bytes, fits in `limit`: least recently used
 * first; pinned entries are never evicted (they may keep the cache above the limit).
 */
export function planEviction(entries: readonly CacheEntry[], limit: number, incoming = 0): string[] {
  let total = entries.reduce((a, e) => a + e.bytes, 0) + incoming;
  if (total <= limit) return [];
  const out: string[] = [];
  for (const e of [...entries].filter((x) => !x.pinned).sort((a, b) => a.lastUsed - b.lastUsed)) {
    if (total <= limit) break;
    out.push(e.key);
    total -= e.bytes;
  }
  return out;
}

/** Status and headers of the answer to a Range request on a cached body of `size` bytes. */
export function rangeAnswer(header: string | null, size: number, contentType: string): { status: 200 | 206 | 416; start: number; end: number; headers: Record<string, string> } {
  const range = parseByteRange(header, size);
  const base = { 'content-type': contentType, 'accept-ranges': 'bytes' };
  if (range === 'unsatisfiable') return { status: 416, start: 0, end: -1, headers: { ...base, 'content-range': `bytes */${size}` } };
  if (range === null) return { status: 200, start: 0, end: size - 1, headers: { ...base, 'content-length': String(size) } };
  return {
    status: 206, start: range.start, end: range.end,
    headers: { ...base, 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${size}` },
  };
}

/** `2025-03`: the key data usage is kept under. */
export function monthKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The stable URL the player asks for (the service worker maps it to a presigned one). */
export function stableRenditionPath(trackId: number, rung: Rung): string {
  return `/cache/renditions/${trackId}/${rung}`;
}

export function parseStablePath(pathname: string): { trackId: number; rung: Rung } | null {
  const m = /^\/cache\/renditions\/(\d+)\/(high|medium|low)$/.exec(pathname);
  return m ? { trackId: Number(m[1]), rung: m[2] as Rung } : null;
}
