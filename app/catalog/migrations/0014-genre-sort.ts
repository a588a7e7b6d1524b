// Migration 0014: sorting songs by genre from an index. A track's genre sort key is the smallest
// folded name (`genres.name_key`) of its genres: written with the track (app/catalog/tracks.ts),
// kept by an index with the track id, so a page of the Songs view sorted by genre is an index walk
// instead of a subquery per track and a sort of the whole library. The sync server's mirror applies
// it too (its browse queries are these). Never edit a migration once it has landed; add a new one.

const keyOf = (track: string) => `(SELECT min(g.name_key) FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.track_id = ${track})`;

/** Sets every track's genre key from its genres (the backfill; also for tools that write genres in SQL). */
export const refreshGenreKeys = /* sql */ `UPDATE tracks SET genre_key = ${keyOf('tracks.id')};`;

/** The same for one track (parameter: its id). */
export const refreshGenreKey = /* sql */ `UPDATE tracks SET genre_key = ${keyOf('tracks.id')} WHERE id = ?`;

export const sql = /* sql */ `
ALTER TABLE tracks ADD COLUMN genre_key TEXT;
${refreshGenreKeys}
CREATE INDEX tracks_genre_key ON tracks(genre_key);
`;
