// Migration 0008: crash-consistent scans. Never edit a migration once it has landed; add a new one.
export const sql = /* sql */ `
-- Folders whose tracks were written, moved, removed or re-pointed at another cover but whose albums
-- have not been regrouped yet. Rows are added in the same transaction as the track writes and deleted
-- in the regroup transaction, so a scan killed in between leaves the mark for the next scan to finish.
CREATE TABLE dirty_folders (
  folder_id INTEGER PRIMARY KEY REFERENCES folders(id) ON DELETE CASCADE
) STRICT;
`;
