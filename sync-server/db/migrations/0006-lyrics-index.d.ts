export { index as sql } from '../../../app/catalog/migrations/0013-lyrics-digests.ts';
