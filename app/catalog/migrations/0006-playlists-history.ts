// Migration 0006: reserved; filled by the work that owns it before it lands.
export const sql = /* sql */ ``;
