// The 10-band equalizer's settings and presets (ISO octave centres, ±12 dB). The graph applies
// them (output/graph.ts); the Settings page edits them.

export const EQ_FREQUENCIES = [31, 62, 125, 250, 500, 1000, 2000, 4000, 8000, 16000] as const;
export const EQ_RANGE_DB = 12;

export interface EqSettings {
  enabled: boolean;
  preampDb: number;
  /** One gain per band, dB. */
  gains: number[];
  preset: string;
}

export const EQ_PRESETS: Record<string, number[]> = {
  Flat: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  'Bass boost': [6, 5, 4, 2, 0, 0, 0, 0, 0, 0],
  'Bass cut': [-6, -5, -4, -2, 0, 0, 0, 0, 0, 0],
  'Treble boost': [0, 0, 0, 0, 0, 0, 2, 4, 5, 6],
  Loudness: [5, 4, 2, 0, -1, -1, 0, 2, 4, 5],
  Vocal: [-2, -2, -1, 1, 3, 4, 3, 1, 0, -1],
  Rock: [4, 3, 2, 0, -1, -1, 0, 2, 3, 4],
  Jazz: [3, 2, 1, 2, -1, -1, 0, 1, 2, 3],
  Classical: [3, 2, 1, 0, 0, 0, -1, -1, 0, 2],
  Electronic: [5, 4, 1, 0, -2, 1, 0, 1, 4, 5],
};

export const defaultEq: EqSettings = { enabled: false, preampDb: 0, gains: [...(EQ_PRESETS.Flat ?? [])], preset: 'Flat' };

/** A negative pre-amp that keeps the loudest boosted band from clipping (what presets suggest). */
export function headroomFor(gains: readonly number[]): number {
  return -Math.max(0, ...gains);
}

export function clampBand(db: number): number {
  return Math.max(-EQ_RANGE_DB, Math.min(EQ_RANGE_DB, Math.round(db * 2) / 2));
}
