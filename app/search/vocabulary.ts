// Every indexed term, so a query only pays for typo tolerance on words the library doesn't contain.
export interface Vocabulary {
  add(term: string): void;
  has(term: string): boolean;
  /** True when some indexed term starts with `prefix`. */
  hasPrefix(prefix: string): boolean;
  terms(): string[];
}

export function createVocabulary(initial: Iterable<string> = []): Vocabulary {
  const set = new Set<string>(initial);
  let sorted: string[] | null = null;
  return {
    add(term) {
      if (!set.has(term)) {
        set.add(term);
        sorted = null;
      }
    },
    has: (term) => set.has(term),
    hasPrefix(prefix) {
      sorted ??= [...set].sort();
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] ?? '') < prefix) lo = mid + 1;
        else hi = mid;
      }
      return (sorted[lo] ?? '').startsWith(prefix);
    },
    terms: () => [...set],
  };
}
