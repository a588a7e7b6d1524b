// Mirror migration 0006: the index on track_lyrics(track_id) a desktop catalog got in its migration
// 0013 (Track.hasLyrics answered from small index pages), applied as it is. Never edit a migration
// once it has landed.
export { index as sql } from '../../../app/catalog/migrations/0013-lyrics-digests.ts';
