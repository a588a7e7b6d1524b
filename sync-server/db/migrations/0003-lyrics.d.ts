export { tables as sql } from '../../../app/catalog/migrations/0012-lyrics.ts';
