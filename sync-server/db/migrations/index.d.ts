/** The mirror database's numbered migrations (its own sequence, not the desktop catalog's). */
export declare const mirrorMigrations: readonly string[];
