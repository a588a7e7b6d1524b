// Closing a server without pulling the database from under a request. Once closing begins, new
// requests get a 503, and a contract route's handler whose request was already read no longer
// starts (its socket may be gone: nobody waits for the answer); `drainApp` resolves when the
// handlers that are running have settled, so the caller can then close what they use.
import type { Express, Request, Response } from 'express';
import { sendError } from './errors.ts';

interface DrainState {
  closing: boolean;
  running: number;
  idle: (() => void)[];
}

const key = Symbol('tonearm.drain');
const stateOf = (app: { locals: object }): DrainState | undefined => (app.locals as Record<symbol, DrainState | undefined>)[key];

/** Call first on a new app: from then on `drainApp(app)` can close it gracefully. */
export function installDrain(app: Express): void {
  const state: DrainState = { closing: false, running: 0, idle: [] };
  (app.locals as Record<symbol, DrainState>)[key] = state;
  app.use((_req, res, next) => {
    if (state.closing) refuse(res);
    else next();
  });
}

/** Refuses new requests and handlers; resolves when every running handler has settled. */
export function drainApp(app: Express): Promise<void> {
  const state = stateOf(app);
  if (!state) return Promise.resolve();
  state.closing = true;
  if (state.running === 0) return Promise.resolve();
  return new Promise<void>((resolve) => state.idle.push(resolve));
}

/**
 * Runs `work` counted by the drain of the request's app (when it has one). Returns false without
 * running it once closing began or when the client is gone.
 */
export async function drained(req: Request, work: () => Promise<void>): Promise<boolean> {
  const state = stateOf(req.app);
  if (!state) {
    await work();
    return true;
  }
  if (state.closing || req.socket.destroyed) return false;
  state.running++;
  try {
    await work();
    return true;
  } finally {
    if (--state.running === 0 && state.closing) for (const resolve of state.idle.splice(0)) resolve();
  }
}

/** The answer to a request that came in while the server closes. */
export function refuse(res: Response): void {
  if (res.headersSent || res.destroyed) return;
  res.setHeader('Connection', 'close');
  sendError(res, 503, 'The server is shutting down.');
}
