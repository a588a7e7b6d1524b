// The run-time part of app/contract the renderer uses, without zod: the route tables as `{ method,
// path }` and the contract's plain constants, generated from the contract at build time
// (vite.config.ts, contractForBrowser; declared in env.d.ts), plus its zod-free modules (path
// builders, pathOf, queryString). The route tables keep the contract's declared types, so
// `call(route)` infers the request and answer types as before; their schemas are NOT there at run
// time (nothing in the renderer validates with them; contract.test.ts checks the tables against
// the contract). Renderer code imports values from here, and types from app/contract/index.ts.
import * as generated from 'virtual:tonearm-contract';
import type * as C from '../../app/contract/index.ts';

export { api } from '../../app/contract/paths.ts';
export { pathOf, queryString } from '../../app/contract/route.ts';

/** The generated value, typed as the contract declares it. */
const typed = <K extends keyof typeof C>(_name: K, value: unknown): (typeof C)[K] => value as (typeof C)[K];

export const browseRoutes = typed('browseRoutes', generated.browseRoutes);
export const controlRoutes = typed('controlRoutes', generated.controlRoutes);
export const listeningRoutes = typed('listeningRoutes', generated.listeningRoutes);
export const loudnessRoutes = typed('loudnessRoutes', generated.loudnessRoutes);
export const remoteRoutes = typed('remoteRoutes', generated.remoteRoutes);

export const scanEventName = typed('scanEventName', generated.scanEventName);
export const syncEventName = typed('syncEventName', generated.syncEventName);
export const loudnessEventName = typed('loudnessEventName', generated.loudnessEventName);
export const smartSortKeys = typed('smartSortKeys', generated.smartSortKeys);
export const maxPrefsBatch = typed('maxPrefsBatch', generated.maxPrefsBatch);
