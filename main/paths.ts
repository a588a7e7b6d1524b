// Where the app's own files are. Three layouts, one rule:
//   the repository (`electron .`)    <repo>/out/main/index.js, everything else beside it;
//   out/main under plain Node        the same (tests, the stand-in shell);
//   a packaged app                   resources/app.asar/out/main/index.js — Electron reads the
//                                    archive like a folder — and, for what must be a real file on
//                                    disk (native modules, worker entries, the demo library the
//                                    scanner walks), resources/app.asar.unpacked/… (asarUnpack in
//                                    electron-builder.yml; checked by main/packaging.test.ts).
// No electron import: the build (scripts/build-main.ts) links `unpackedUrl` into every
// worker URL of the bundle (see scripts/build-main.ts).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const asar = 'app.asar';
const unpackedName = 'app.asar.unpacked';

/** `…/app.asar/x` → `…/app.asar.unpacked/x` (the last `app.asar` segment); other paths unchanged. */
export function unpackedPath(p: string): string {
  const parts = p.split(/([\\/])/);
  const i = parts.lastIndexOf(asar);
  if (i < 0) return p;
  parts[i] = unpackedName;
  return parts.join('');
}

/** The same for a `file:` URL (what `import.meta.url` is); other URLs unchanged. */
export function unpackedUrl(url: string | URL): string {
  const u = new URL(url);
  if (u.protocol !== 'file:') return u.href;
  return pathToFileURL(unpackedPath(fileURLToPath(u))).href;
}

export interface AppPaths {
  /** The app root: the repository, or resources/app.asar. */
  root: string;
  /** The sandboxed preload (read by Electron itself, asar is fine). */
  preload: string;
  /** Window and tray icon (nativeImage reads asar). */
  icon: string;
  /** The built renderer the in-process library server serves (fs reads asar in Electron). */
  rendererDir: string;
  /** The demo library: the scanner walks and watches it, so it must be a real folder. */
  demoDir: string;
}

/** The app's paths, from the directory of the main bundle (`import.meta.dirname` of out/main/index.js). */
export function appPaths(mainDir: string): AppPaths {
  const root = path.resolve(mainDir, '..', '..');
  return {
    root,
    preload: path.join(mainDir, 'preload.cjs'),
    icon: path.join(root, 'resources', 'icon.png'),
    rendererDir: path.join(root, 'dist', 'renderer'),
    demoDir: path.join(unpackedPath(root), 'resources', 'demo'),
  };
}
