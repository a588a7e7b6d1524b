// Remote-mode state: whether this page runs against a sync server, the quality preference, the
// offline cache limit, pinned albums/playlists, and data usage (this session / per month). The
// preferences, pins and monthly usage live in localStorage.
import { create } from 'zustand';
import { monthKey, type QualityPref, type Rung } from './policy.ts';

export interface Pin {
  /** `album:12`, `playlist:3`. */
  key: string;
  label: string;
  trackIds: number[];
  /** Tracks already downloaded. */
  done: number;
}

interface RemoteStore {
  remote: boolean;
  /** The service worker controls the page (offline cache available). */
  swActive: boolean;
  online: boolean;
  quality: QualityPref;
  cacheLimitBytes: number;
  cachedBytes: number;
  pins: Record<string, Pin>;
  sessionBytes: number;
  month: string;
  monthBytes: number;
  /** What the player is streaming now (for Settings and the tests). */
  rung: Rung | null;
  throughputBps: number | null;
  /** Whether storage lets this page read audio with fetch (bucket CORS), as detected this session. */
  cors: CorsStatus;
}

export interface CorsStatus {
  state: 'unknown' | 'ok' | 'missing';
  /** The storage origin it was detected for. */
  origin: string | null;
  /** What was seen (missing: which part of the rule is absent). */
  detail: string | null;
}

const prefsKey = 'tonearm.remote.prefs';
const usageKey = 'tonearm.remote.usage';
export const defaultCacheLimit = 1024 ** 3;

function load<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? { ...fallback, ...(JSON.parse(raw) as T) } : fallback;
  } catch {
    return fallback;
  }
}

const prefs = load(prefsKey, { quality: 'auto' as QualityPref, cacheLimitBytes: defaultCacheLimit, pins: {} as Record<string, Pin> });
const usage = load(usageKey, {} as Record<string, number>);
const month = monthKey(Date.now());

export const useRemote = create<RemoteStore>(() => ({
  remote: false,
  swActive: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  quality: prefs.quality,
  cacheLimitBytes: prefs.cacheLimitBytes,
  cachedBytes: 0,
  pins: prefs.pins,
  sessionBytes: 0,
  month,
  monthBytes: usage[month] ?? 0,
  rung: null,
  throughputBps: null,
  cors: { state: 'unknown', origin: null, detail: null },
}));

const set = useRemote.setState;
function savePrefs(): void {
  const s = useRemote.getState();
  try {
    localStorage.setItem(prefsKey, JSON.stringify({ quality: s.quality, cacheLimitBytes: s.cacheLimitBytes, pins: s.pins }));
  } catch { /* storage full or disabled: preferences last this session */ }
}

let usageTimer: ReturnType<typeof setTimeout> | null = null;

export const remoteActions = {
  setRemote(remote: boolean): void {
    set({ remote });
  },
  setQuality(quality: QualityPref): void {
    set({ quality });
    savePrefs();
  },
  setCacheLimit(bytes: number): void {
    set({ cacheLimitBytes: bytes });
    savePrefs();
  },
  setPin(pin: Pin | null, key: string): void {
    const pins = { ...useRemote.getState().pins };
    if (pin) pins[key] = pin;
    else delete pins[key];
    set({ pins });
    savePrefs();
  },
  /** Bytes fetched from storage (service worker downloads, prefetches, direct streams). */
  addBytes(n: number): void {
    if (!(n > 0)) return;
    const s = useRemote.getState();
    const m = monthKey(Date.now());
    set({ sessionBytes: s.sessionBytes + n, month: m, monthBytes: (m === s.month ? s.monthBytes : 0) + n });
    usageTimer ??= setTimeout(() => {
      usageTimer = null;
      const now = useRemote.getState();
      const all = load(usageKey, {} as Record<string, number>);
      all[now.month] = now.monthBytes;
      try {
        localStorage.setItem(usageKey, JSON.stringify(all));
      } catch { /* ignore */ }
    }, 1000);
  },
  set: set as (partial: Partial<RemoteStore>) => void,
};

export const useIsRemote = (): boolean => useRemote((s) => s.remote);
export const isRemote = (): boolean => useRemote.getState().remote;
export const useQuality = (): QualityPref => useRemote((s) => s.quality);
export const usePins = (): Record<string, Pin> => useRemote((s) => s.pins);
export const useUsage = (): { session: number; month: number; monthKey: string } => {
  const session = useRemote((s) => s.sessionBytes);
  const monthBytes = useRemote((s) => s.monthBytes);
  const m = useRemote((s) => s.month);
  return { session, month: monthBytes, monthKey: m };
};
export const useCache = (): { limit: number; used: number; swActive: boolean } => {
  const limit = useRemote((s) => s.cacheLimitBytes);
  const used = useRemote((s) => s.cachedBytes);
  const swActive = useRemote((s) => s.swActive);
  return { limit, used, swActive };
};
export const useCors = (): CorsStatus => useRemote((s) => s.cors);
export const useStreaming = (): { rung: Rung | null; throughputBps: number | null } => {
  const rung = useRemote((s) => s.rung);
  const throughputBps = useRemote((s) => s.throughputBps);
  return { rung, throughputBps };
};
