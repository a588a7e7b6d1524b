// Mirror migration 0005: each mirrored track's Track.gain as its desktop published it (the sync
// protocol's `meta.gain`: tags, or the desktop's measurement with its album's), which the read
// queries answer as they are (app/catalog/gain.ts `publishedGain`). Never edit a migration once it
// has landed.
export const sql = /* sql */ `
CREATE TABLE mirror_gain (
  track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  gain     TEXT NOT NULL              -- TrackGain JSON
) STRICT;
`;
