// One result group (tracks, albums or artists) after the fields were scored: its candidates come
// from the values matched by its rarest word (or the compact form), each is checked against every
// word through its links, and ranked in tiers — a field that is exactly the query, then a field
// holding every query word whole, then the rest — each tier by score × field factor × boost.
// Only the page asked for is sorted; the total counts every match.
import { exactBoosts, wholeBoosts } from './options.ts';
import type { Group, Link } from './engine.ts';
import type { Matched } from './match.ts';

export interface GroupPage {
  /** Catalog ids, best first, of `[offset, offset + limit)`. */
  ids: number[];
  total: number;
}

let query = 0;
// Candidate buffers, grown as needed and reused by every query.
let slots = new Uint32Array(1024);
let keys = new Float64Array(1024);

export function rankGroup(group: Group, m: Matched, offset: number, limit: number, boost?: (id: number) => number): GroupPage {
  query = (query + 1) >>> 0 || 1;
  const stamp = query;
  let count = 0;
  const consider = (e: number): void => {
    if (group.seen[e] === stamp) return;
    group.seen[e] = stamp;
    const key = evaluate(group, e, m, boost);
    if (key < 0) return;
    if (count === slots.length) grow();
    slots[count] = e;
    keys[count++] = key;
  };
  const from = generator(group, m);
  for (const bit of from) {
    for (const link of group.links) {
      const f = link.field;
      for (let i = 0; i < f.touchedCount; i++) {
        const v = f.touched[i] as number;
        if ((f.mask[v]! & bit) === 0) continue;
        if (link.reverse === null) consider(v);
        else for (let j = link.reverse.start[v] as number; j < (link.reverse.start[v + 1] as number); j++) consider(link.reverse.items[j] as number);
      }
    }
  }
  return { ids: page(group.ids, count, offset, limit), total: count };
}

/** The bits whose values generate candidates: the rarest word (every match has it), and the compact form. */
function generator(group: Group, m: Matched): number[] {
  const out: number[] = [];
  if (m.allBits !== 0) {
    // Estimated entities per word: values holding it × entities per value, over the links.
    let best = 0;
    let bestReach = Infinity;
    for (let bits = m.allBits; bits !== 0; bits &= bits - 1) {
      const bit = bits & -bits;
      const index = 31 - Math.clz32(bit);
      let reach = 0;
      for (const link of group.links) reach += (link.field.perWord[index] as number) * link.fanOut;
      if (reach < bestReach) {
        best = bit;
        bestReach = reach;
      }
    }
    if (bestReach > 0) out.push(best);
  }
  if (m.compactBit !== 0) out.push(m.compactBit);
  return out;
}

// What evaluate() accumulates for one entity (module state: no allocation per candidate).
let eMask = 0;
let eTier = 0;
let eFactor = 1;
let linkScore = 0;
let linkWhole = 0;

/** The entity's sort key (tier × 1e6 + score), or -1 when it does not match every word nor the compact form. */
function evaluate(group: Group, e: number, m: Matched, boost?: (id: number) => number): number {
  eMask = 0;
  eTier = 0;
  eFactor = 1;
  let score = 0;
  for (const link of group.links) {
    linkScore = 0;
    linkWhole = 0;
    const fw = link.forward;
    if (fw.kind === 'self') visit(link, e, m);
    else if (fw.kind === 'one') {
      const v = fw.of[e] as number;
      if (v >= 0) visit(link, v, m);
    } else {
      for (let i = fw.of.start[e] as number; i < (fw.of.start[e + 1] as number); i++) visit(link, fw.of.items[i] as number, m);
    }
    if (linkScore === 0) continue;
    score += link.boost * linkScore;
    if (m.allBits !== 0 && (linkWhole & m.allBits) === m.allBits) {
      if (eTier < 1) eTier = 1;
      eFactor = Math.max(eFactor, wholeBoosts[link.name]);
    }
  }
  if (!((m.allBits !== 0 && (eMask & m.allBits) === m.allBits) || (eMask & m.compactBit) !== 0)) return -1;
  const id = group.ids[e] as number;
  return eTier * 1e6 + Math.min(999_999, score * eFactor * (boost ? boost(id) : 1));
}

function visit(link: Link, v: number, m: Matched): void {
  const f = link.field;
  const bits = f.mask[v] as number;
  if (bits === 0) return;
  eMask |= bits;
  linkScore += f.score[v] as number;
  const whole = f.whole[v] as number;
  linkWhole |= whole;
  // Exact: the value holds every word whole and has no more words than the query (or is the compact form).
  if ((m.allBits !== 0 && (whole & m.allBits) === m.allBits && (f.words[v] as number) <= m.allWords) || (whole & m.compactBit) !== 0) {
    eTier = 2;
    eFactor = Math.max(eFactor, exactBoosts[link.name]);
  }
}

let pageIds: Float64Array = new Float64Array(0);

/** Candidate a ranks before b: higher key, then lower id. */
function better(a: number, b: number): boolean {
  const ka = keys[a] as number;
  const kb = keys[b] as number;
  return ka > kb || (ka === kb && (pageIds[slots[a] as number] as number) < (pageIds[slots[b] as number] as number));
}

const byRank = (a: number, b: number): number => (better(a, b) ? -1 : better(b, a) ? 1 : 0);

/** Ids of candidates [offset, offset + limit) by key, then id: a bounded heap when the page is small. */
function page(ids: Float64Array, count: number, offset: number, limit: number): number[] {
  const need = Math.min(count, offset + limit);
  if (need <= offset) return [];
  pageIds = ids;
  let order: number[];
  if (need * 4 >= count) {
    order = Array.from({ length: count }, (_, i) => i).sort(byRank);
  } else {
    // A heap of the best `need` candidates with the worst on top.
    const heap = new Int32Array(need);
    let size = 0;
    for (let c = 0; c < count; c++) {
      if (size < need) {
        let i = size++;
        heap[i] = c;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!better(heap[p] as number, heap[i] as number)) break;
          const t = heap[p] as number;
          heap[p] = heap[i] as number;
          heap[i] = t;
          i = p;
        }
      } else if (better(c, heap[0] as number)) {
        heap[0] = c;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let worst = i;
          if (l < size && better(heap[worst] as number, heap[l] as number)) worst = l;
          if (r < size && better(heap[worst] as number, heap[r] as number)) worst = r;
          if (worst === i) break;
          const t = heap[worst] as number;
          heap[worst] = heap[i] as number;
          heap[i] = t;
          i = worst;
        }
      }
    }
    order = Array.from(heap).sort(byRank);
  }
  return order.slice(offset, need).map((c) => ids[slots[c] as number] as number);
}

function grow(): void {
  const s = new Uint32Array(slots.length * 2);
  s.set(slots);
  slots = s;
  const k = new Float64Array(keys.length * 2);
  k.set(keys);
  keys = k;
}
