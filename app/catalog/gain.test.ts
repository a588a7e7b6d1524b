import { describe, expect, it } from 'vitest';
import { toTrackGain, type GainColumns } from './gain.ts';

const none: GainColumns = { gTagTrack: null, gTagTrackPeak: null, gTagAlbum: null, gTagAlbumPeak: null, gMeasured: 0, gLufs: null, gPeakDb: null, gAlbumMeasured: 0, gAlbumLufs: null, gAlbumPeakDb: null, gPublished: null };

describe('Track.gain', () => {
  it('is null when nothing is known', () => expect(toTrackGain(none)).toBeNull());
  it('tags win over a measurement', () => {
    expect(toTrackGain({ ...none, gTagTrack: -3, gMeasured: 1, gLufs: -10, gPeakDb: 0 }))
      .toEqual({ trackGainDb: -3, trackPeak: null, albumGainDb: null, albumPeak: null, source: 'tags' });
  });
  it('an album gain tag alone counts as tags', () => expect(toTrackGain({ ...none, gTagAlbum: -2, gMeasured: 1, gLufs: -10 })?.source).toBe('tags'));
  it('converts measured loudness to the -18 LUFS reference and the true peak to linear', () => {
    expect(toTrackGain({ ...none, gMeasured: 1, gLufs: -9.5, gPeakDb: -6.0206 }))
      .toEqual({ trackGainDb: -8.5, trackPeak: 0.5, albumGainDb: null, albumPeak: null, source: 'measured' });
  });
  it('adds the album measured as a whole', () => {
    expect(toTrackGain({ ...none, gMeasured: 1, gLufs: -9.5, gPeakDb: 0, gAlbumMeasured: 1, gAlbumLufs: -11, gAlbumPeakDb: 0 }))
      .toEqual({ trackGainDb: -8.5, trackPeak: 1, albumGainDb: -7, albumPeak: 1, source: 'measured' });
  });
  it('digital silence: no gain, peak 0', () => {
    expect(toTrackGain({ ...none, gMeasured: 1, gLufs: null, gPeakDb: null })).toEqual({ trackGainDb: null, trackPeak: 0, albumGainDb: null, albumPeak: null, source: 'measured' });
  });
  it('a gain stored as published (the mirror) wins as it is', () => {
    const published = { trackGainDb: -6.25, trackPeak: 0.9, albumGainDb: -7.5, albumPeak: 0.95, source: 'measured' as const };
    expect(toTrackGain({ ...none, gTagTrack: -3, gPublished: JSON.stringify(published) })).toEqual(published);
  });
});
