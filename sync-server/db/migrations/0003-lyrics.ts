// Mirror migration 0003: the lyrics tables the library read queries use (catalog migration 0012's
// tables, applied as they are). Never edit a migration once it has landed.
export { tables as sql } from '../../../app/catalog/migrations/0012-lyrics.ts';
