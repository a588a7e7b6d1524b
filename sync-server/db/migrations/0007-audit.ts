// Mirror migration 0007: a mirror that heals. The audit (sync-server/audit.ts) records confirmed
// objects that storage lost or holds other bytes for; the next sync of a desktop that has them
// uploads them again. Never edit a migration once it has landed.
export const sql = /* sql */ `
ALTER TABLE mirror_objects ADD COLUMN problem TEXT CHECK (problem IN ('missing', 'wrong'));
ALTER TABLE mirror_objects ADD COLUMN problem_at INTEGER;
CREATE INDEX mirror_objects_problem ON mirror_objects(problem) WHERE problem IS NOT NULL;
`;
