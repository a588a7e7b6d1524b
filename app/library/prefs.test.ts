// The synced pref writer both sides of sync use (the desktop applying the server's journal, the
// mirror taking a push): last writer wins by updatedAt, a tie goes to the side named, and
// favorited_at follows the favorite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncedPrefWriter } from './prefs.ts';
import { fixture, type Fixture } from './testing/fixture.ts';

let f: Fixture;
beforeAll(() => {
  f = fixture([{ title: 'One', artist: 'Ann' }, { title: 'Two', artist: 'Ann' }]);
});
afterAll(() => f.cleanup());

const stored = (id: number) => f.catalog.db.prepare(`SELECT favorite, rating, favorited_at AS favoritedAt, updated_at AS updatedAt
  FROM item_prefs WHERE kind = 'track' AND item_id = ?`).get(id);

describe('createSyncedPrefWriter', () => {
  it.each(['stored', 'incoming'] as const)('a newer pref replaces the stored one, an older one never does; a tie goes to the %s side', (ties) => {
    const id = ties === 'stored' ? f.ids[0]! : f.ids[1]!;
    const write = createSyncedPrefWriter(f.catalog.db, ties);
    expect(write(id, { favorite: true, rating: 4, updatedAt: 1000 })).toBe(true);
    expect(stored(id)).toEqual({ favorite: 1, rating: 4, favoritedAt: 1000, updatedAt: 1000 });
    expect(write(id, { favorite: false, rating: 1, updatedAt: 999 })).toBe(false);
    expect(stored(id)).toEqual({ favorite: 1, rating: 4, favoritedAt: 1000, updatedAt: 1000 });
    // Still a favorite, a new rating: favorited_at keeps when it became one.
    expect(write(id, { favorite: true, rating: 5, updatedAt: 1000 })).toBe(ties === 'incoming');
    expect(write(id, { favorite: true, rating: 2, updatedAt: 2000 })).toBe(true);
    expect(stored(id)).toEqual({ favorite: 1, rating: 2, favoritedAt: 1000, updatedAt: 2000 });
    expect(write(id, { favorite: false, rating: 0, updatedAt: 3000 })).toBe(true);
    expect(stored(id)).toEqual({ favorite: 0, rating: 0, favoritedAt: null, updatedAt: 3000 });
  });
});
