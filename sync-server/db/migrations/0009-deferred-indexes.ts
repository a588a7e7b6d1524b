// Mirror migration 0009: the record of browse indexes deferred by a bulk load (catalog migration
// 0015, applied as it is). Both databases open through app/catalog/open.ts, which makes deferred
// indexes again before anything else, so the mirror carries the same table. Never edit a migration
// once it has landed.
export { sql } from '../../../app/catalog/migrations/0015-deferred-indexes.ts';
