// Mirror migration 0008: the genre sort key of tracks and its index (catalog migration 0014, applied
// as it is: the mirror's browse queries sort by it). Never edit a migration once it has landed.
export { sql } from '../../../app/catalog/migrations/0014-genre-sort.ts';
