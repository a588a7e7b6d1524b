// The index's own data, in typed arrays: what is persisted and what updates rewrite. Every entity
// has a slot (its position); texts are indexed once per entity — a track's title, an album's
// title, an artist's name, a genre's name — and tracks reach the others through links by slot
// (album, credited artists, genres), so a name shared by a thousand tracks is one entry, not a
// thousand. Term ids are ranks in the sorted term list (dictionary.ts).

/** The terms of one kind of text, one entry per entity (CSR: entity i's terms are terms[start[i]..start[i+1]]). */
export interface FieldTerms {
  start: Uint32Array;
  terms: Uint32Array;
  /** Words per value, stop words included, capped at 255. */
  words: Uint8Array;
}

/** Entity → slots of another table (CSR), e.g. a track's credited artists. */
export interface Links {
  start: Uint32Array;
  items: Uint32Array;
}

export interface IndexData {
  /** Sorted, unique. */
  terms: string[];
  tracks: { ids: Float64Array; title: FieldTerms; album: Int32Array; artists: Links; genres: Links };
  albums: { ids: Float64Array; title: FieldTerms; artist: Int32Array };
  artists: { ids: Float64Array; name: FieldTerms };
  genres: { ids: Float64Array; name: FieldTerms };
}

/** Assigns provisional term ids while values are added; `finish` sorts the terms and gives each id its rank. */
export class TermInterner {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly fromOld: Int32Array;
  private readonly old: readonly string[];

  /** `old`: the terms of the index being updated (their ids can be carried over without a lookup). */
  constructor(old: readonly string[] = []) {
    this.old = old;
    this.fromOld = new Int32Array(old.length).fill(-1);
  }

  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(term);
      this.ids.set(term, id);
    }
    return id;
  }

  /** The provisional id of term `oldId` of the old index. */
  carry(oldId: number): number {
    let id = this.fromOld[oldId] ?? -1;
    if (id < 0) {
      id = this.intern(this.old[oldId] ?? '');
      this.fromOld[oldId] = id;
    }
    return id;
  }

  /** The sorted terms and, per provisional id, its final id. */
  finish(): { terms: string[]; rank: Uint32Array } {
    const order = Array.from(this.list.keys()).sort((a, b) => {
      const x = this.list[a] as string;
      const y = this.list[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const rank = new Uint32Array(order.length);
    order.forEach((provisional, final) => { rank[provisional] = final; });
    return { terms: order.map((i) => this.list[i] as string), rank };
  }
}

/** Collects a FieldTerms value by value (provisional term ids until `build`). */
export class FieldBuilder {
  private readonly start: number[] = [0];
  private readonly terms: number[] = [];
  private readonly words: number[] = [];

  add(termIds: Iterable<number>, words: number): void {
    const from = this.terms.length;
    for (const id of termIds) {
      let seen = false;
      for (let i = from; i < this.terms.length; i++) if (this.terms[i] === id) seen = true;
      if (!seen) this.terms.push(id);
    }
    this.start.push(this.terms.length);
    this.words.push(Math.min(255, words));
  }

  build(rank: Uint32Array): FieldTerms {
    const terms = new Uint32Array(this.terms.length);
    for (let i = 0; i < terms.length; i++) terms[i] = rank[this.terms[i] ?? 0] ?? 0;
    return { start: Uint32Array.from(this.start), terms, words: Uint8Array.from(this.words) };
  }
}

/** Collects Links entity by entity. */
export class LinksBuilder {
  private readonly start: number[] = [0];
  private readonly items: number[] = [];

  add(slots: Iterable<number>): void {
    for (const s of slots) this.items.push(s);
    this.start.push(this.items.length);
  }

  build(): Links {
    return { start: Uint32Array.from(this.start), items: Uint32Array.from(this.items) };
  }
}

/** Slots by id, for ids sorted or not. */
export function slotsById(ids: Float64Array): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) out.set(ids[i] as number, i);
  return out;
}
