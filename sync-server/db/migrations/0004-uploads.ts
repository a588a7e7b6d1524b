// Mirror migration 0004: objects are checked by content. Never edit a migration once it has landed.
export const sql = /* sql */ `
-- Upload URLs handed out, and the bytes each one is bound to: a commit checks what storage holds
-- against this (a SHA-256 the store reports, else the MD5 it reports as the ETag of a single PUT).
CREATE TABLE mirror_uploads (
  key          TEXT PRIMARY KEY,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  md5          TEXT NOT NULL,
  device_id    INTEGER NOT NULL,
  issued_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;
