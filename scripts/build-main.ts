// `npm run build:main`: bundles Electron's main process, its worker threads and the preload into
// out/main/ (see main/build/bundle.ts and main/README.md).
import { buildMain } from '../main/build/bundle.ts';

await buildMain();
