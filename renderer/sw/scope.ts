// The service worker's global scope (the renderer's tsconfig has DOM types, not WebWorker ones, so
// the few worker types used are declared here) and its messages to pages.
import type { FromWorker } from '../remote/swProtocol.ts';

export interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
export interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface WorkerClient {
  postMessage(message: FromWorker): void;
}
export interface Scope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: ExtendableEvent & { data: unknown }) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(o?: { includeUncontrolled?: boolean }): Promise<WorkerClient[]> };
  location: Location;
}
export const sw = self as unknown as Scope;

export async function broadcast(message: FromWorker): Promise<void> {
  for (const c of await sw.clients.matchAll({ includeUncontrolled: true })) c.postMessage(message);
}

let pendingBytes = 0;
let bytesTimer: ReturnType<typeof setTimeout> | null = null;

/** Bytes fetched from storage: reported to pages (data usage) at most 4 times a second. */
export function countBytes(n: number): void {
  pendingBytes += n;
  bytesTimer ??= setTimeout(() => {
    bytesTimer = null;
    const total = pendingBytes;
    pendingBytes = 0;
    void broadcast({ type: 'bytes', n: total });
  }, 250);
}
