// The scanner: turns library folders into catalog rows. See README.md for its phases.
export { scan } from './scan.ts';
export { watch } from './watch.ts';
export type { ScanOptions, ScanProgressEvent, ScanResult, WatchOptions, Watcher } from './types.ts';
