// Mirror migration 0001: the library tables the mirror shares with a desktop catalog, so the same
// read queries (app/catalog/queries), search and listening stores (app/library) run on both. They
// are the catalog's own migrations 0001, 0002, 0003, 0006, 0008, 0009 and 0010, applied as they are
// (never copied). `scan_errors` comes along and stays empty: the catalog's track writes, which the
// mirror uses, clear a file's old error. Never edit a migration once it has landed.
import { libraryMigrations as lib } from '../../../app/catalog/migrations/index.ts';

export const sql = [lib.m0001, lib.m0002, lib.m0003, lib.m0006, lib.m0008, lib.m0009, lib.m0010].join('\n');
