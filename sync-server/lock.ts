// A one-at-a-time lock: commits and garbage collection never interleave, so GC cannot delete an
// object between a commit's HEAD and its publish.
export interface Lock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
