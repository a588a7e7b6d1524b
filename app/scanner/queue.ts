// The files waiting to be read: filled by the walk as it lists each folder (a first scan) or by the
// diff (a rescan), taken a task at a time by the lanes that feed the parse workers. `take` waits
// while the queue is empty and still open, and answers [] once it is closed and drained.
export interface ReadQueue<T> {
  push(items: readonly T[]): void;
  /** No more items will come: takers get what is left, then []. */
  close(): void;
  /** Up to `max` items in the order they came; waits for some while the queue is open. */
  take(max: number): Promise<T[]>;
  /** Closed and every item taken: what is being read now is the last of it. */
  drained(): boolean;
}

export function createReadQueue<T>(): ReadQueue<T> {
  let items: T[] = [];
  let head = 0;
  let closed = false;
  let ready = Promise.withResolvers<void>();
  const wake = (): void => {
    ready.resolve();
    ready = Promise.withResolvers<void>();
  };
  return {
    push(list) {
      for (const item of list) items.push(item);
      if (list.length > 0) wake();
    },
    close() {
      closed = true;
      wake();
    },
    drained: () => closed && head === items.length,
    async take(max) {
      while (head === items.length && !closed) await ready.promise;
      const out = items.slice(head, head + max);
      head += out.length;
      if (head === items.length) {
        items = [];
        head = 0;
      }
      return out;
    },
  };
}
