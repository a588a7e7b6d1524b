// Playback settings (loudness normalization, crossfade, equalizer) persisted in localStorage, and
// the sleep timer (not persisted). The player store reads them; Settings → Playback edits them.
import { create } from 'zustand';
import { clampBand, defaultEq, EQ_PRESETS, EQ_RANGE_DB, type EqSettings } from '../audio/eq.ts';
import { defaultGainSettings, type GainSettings } from '../audio/gain.ts';

export type SleepMode = 'off' | 'minutes' | 'track' | 'album';

export interface Sleep {
  mode: SleepMode;
  /** Epoch ms when `minutes` ends. */
  endsAt: number | null;
}

interface PlaybackStore {
  gain: GainSettings;
  crossfadeSeconds: number;
  eq: EqSettings;
  sleep: Sleep;
}

const key = 'tonearm.playback.v1';

function load(): Omit<PlaybackStore, 'sleep'> {
  const base = { gain: defaultGainSettings, crossfadeSeconds: 0, eq: defaultEq };
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
    if (!raw) return base;
    const saved = JSON.parse(raw) as Partial<typeof base>;
    return {
      gain: { ...base.gain, ...saved.gain },
      crossfadeSeconds: typeof saved.crossfadeSeconds === 'number' ? saved.crossfadeSeconds : 0,
      eq: { ...base.eq, ...saved.eq },
    };
  } catch {
    return base;
  }
}

export const usePlayback = create<PlaybackStore>(() => ({ ...load(), sleep: { mode: 'off', endsAt: null } }));

function save(): void {
  const { gain, crossfadeSeconds, eq } = usePlayback.getState();
  try {
    localStorage.setItem(key, JSON.stringify({ gain, crossfadeSeconds, eq }));
  } catch { /* storage full or disabled: settings last this session */ }
}

export const playbackActions = {
  setGain(patch: Partial<GainSettings>): void {
    usePlayback.setState((s) => ({ gain: { ...s.gain, ...patch } }));
    save();
  },
  setCrossfade(seconds: number): void {
    usePlayback.setState({ crossfadeSeconds: Math.max(0, Math.min(12, Math.round(seconds))) });
    save();
  },
  setEq(patch: Partial<EqSettings>): void {
    usePlayback.setState((s) => ({ eq: { ...s.eq, ...patch } }));
    save();
  },
  /** A named preset's bands (the pre-amp is left as set). */
  setEqPreset(preset: string): void {
    const gains = EQ_PRESETS[preset];
    if (gains) playbackActions.setEq({ preset, gains: [...gains] });
  },
  /** One band by hand: the curve is now "Custom". */
  setEqBand(index: number, db: number): void {
    const gains = [...usePlayback.getState().eq.gains];
    gains[index] = clampBand(db);
    playbackActions.setEq({ gains, preset: 'Custom' });
  },
  setEqPreamp(db: number): void {
    playbackActions.setEq({ preampDb: Math.max(-EQ_RANGE_DB, Math.min(EQ_RANGE_DB, Math.round(db * 2) / 2)) });
  },
  /** Off, after `minutes` (the last seconds fade out), or at the end of the track / album. */
  setSleep(mode: SleepMode, minutes = 0): void {
    usePlayback.setState({ sleep: { mode, endsAt: mode === 'minutes' ? Date.now() + minutes * 60_000 : null } });
  },
};

export const useGainSettings = (): GainSettings => usePlayback((s) => s.gain);
export const useCrossfade = (): number => usePlayback((s) => s.crossfadeSeconds);
export const useEq = (): EqSettings => usePlayback((s) => s.eq);
export const useSleep = (): Sleep => usePlayback((s) => s.sleep);
