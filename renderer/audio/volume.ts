// Volume in decibel steps: the slider moves 1 dB at a time from 0 dB (full) down to −60 dB, and one
// step below that is silence. The player keeps a linear gain (what the output applies).

export const VOLUME_MIN_DB = -60;
/** The slider position below VOLUME_MIN_DB: silent. */
export const VOLUME_SILENT = VOLUME_MIN_DB - 1;

/** Linear gain → slider position (whole dB, VOLUME_SILENT for silence). */
export function volumeToDb(linear: number): number {
  if (!(linear > 0)) return VOLUME_SILENT;
  return Math.max(VOLUME_SILENT, Math.min(0, Math.round(20 * Math.log10(linear))));
}

/** Slider position → linear gain. */
export function dbToVolume(db: number): number {
  return db <= VOLUME_SILENT ? 0 : 10 ** (Math.min(0, db) / 20);
}

export function formatVolume(db: number): string {
  return db <= VOLUME_SILENT ? 'silent' : `${db === 0 ? '0' : `−${Math.abs(db)}`} dB`;
}
