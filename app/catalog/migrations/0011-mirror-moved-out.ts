// Migration 0011: the sync server's mirror has its own database and migrations now
// (sync-server/db/), so the mirror tables of migrations 0004 and 0007 leave the desktop catalog,
// which never used them. Never edit a migration once it has landed; add a new one.
export const sql = /* sql */ `
DROP TABLE IF EXISTS mirror_renditions;
DROP TABLE IF EXISTS mirror_tracks;
DROP TABLE IF EXISTS mirror_objects;
DROP TABLE IF EXISTS mirror_covers;
DROP TABLE IF EXISTS mirror_devices;
DROP TABLE IF EXISTS mirror_changes;
DROP TABLE IF EXISTS mirror_tombstones;
DROP TABLE IF EXISTS mirror_listening_changes;
DROP TABLE IF EXISTS mirror_pushed_events;
`;
