// Playlists, listening history, favorites, ratings, smart playlists and recommendations: the
// HTTP contract's types for them. Re-exported by ./index.ts.
export {};
