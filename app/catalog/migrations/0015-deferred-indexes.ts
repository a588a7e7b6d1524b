// Migration 0015: browse indexes a bulk load builds once at its end (app/catalog/bulkLoad.ts). A first
// scan into a new catalog drops them, recording each one's SQL here in the same transaction, and
// makes them again from this table when it is done; a catalog opened with rows here (the scan was
// killed) makes them again before anything else. The sync server's mirror applies it too (it opens
// through the same app/catalog/open.ts).
// Never edit a migration once it has landed; add a new one.
export const sql = /* sql */ `
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
) STRICT;
`;
