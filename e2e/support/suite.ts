// One resource for every test of a spec file or a describe block: started in its beforeAll, stopped
// in its afterAll (the listening rigs, a server over a big catalog). Playwright's worker fixtures
// would outlive the file and carry its state (settings, counters) into the next one.
import { test } from '@playwright/test';
import { ensureCatalog, type CatalogFacts } from './catalog.ts';
import { startListening, type Listening } from './listen.ts';
import { startServer, type RunningServer } from './server.ts';

export interface SuiteOptions {
  /** How long starting it may take (ms): the beforeAll's timeout. Default: the test timeout. */
  timeout?: number;
}

/**
 * Registers the beforeAll/afterAll pair in the calling scope (the file, or the describe it is called
 * in) and returns the resource's getter; calling the getter before the beforeAll has run throws.
 */
export function perSuite<T>(start: () => Promise<T>, stop: (resource: T) => Promise<void>, options: SuiteOptions = {}): () => T {
  let resource: T | undefined;
  test.beforeAll(async () => {
    if (options.timeout !== undefined) test.setTimeout(options.timeout);
    resource = await start();
  });
  test.afterAll(async () => {
    if (resource !== undefined) await stop(resource);
    resource = undefined;
  });
  return () => {
    if (resource === undefined) throw new Error('perSuite: the resource is used outside the tests of its suite (or did not start)');
    return resource;
  };
}

/** A real `tonearm serve` over the synthetic `tracks`-track catalog (support/catalog.ts) for the calling file's tests. */
export function catalogServer(tracks: number): { facts: CatalogFacts; server: () => RunningServer } {
  const facts = ensureCatalog(tracks);
  return { facts, server: perSuite(() => startServer({ catalog: facts.file }), (s) => s.stop()) };
}

/** The listening rig (support/listen.ts) for the calling file's tests: 3 minutes to start (the albums are made once, then scanned and measured). */
export function listeningRig(): () => Listening {
  return perSuite(() => startListening(), (l) => l.close(), { timeout: 180_000 });
}
