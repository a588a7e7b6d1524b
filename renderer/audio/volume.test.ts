import { describe, expect, it } from 'vitest';
import { dbToVolume, formatVolume, VOLUME_SILENT, volumeToDb } from './volume.ts';

describe('volume in dB steps', () => {
  it('maps whole decibels to linear gain and back', () => {
    expect(dbToVolume(0)).toBe(1);
    expect(dbToVolume(-6)).toBeCloseTo(0.501, 3);
    expect(dbToVolume(-60)).toBeCloseTo(0.001, 6);
    expect(dbToVolume(VOLUME_SILENT)).toBe(0);
    for (let db = -60; db <= 0; db++) expect(volumeToDb(dbToVolume(db))).toBe(db);
    expect(volumeToDb(0)).toBe(VOLUME_SILENT);
    expect(volumeToDb(0.8)).toBe(-2);
    expect(volumeToDb(2)).toBe(0);
  });
  it('says what the step is', () => {
    expect(formatVolume(0)).toBe('0 dB');
    expect(formatVolume(-12)).toBe('−12 dB');
    expect(formatVolume(VOLUME_SILENT)).toBe('silent');
  });
});
