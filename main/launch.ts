// `npm start`: find Electron's binary without `require('electron')` (which tries to download it),
// and decide between the desktop app and the web-mode fallback. No electron import.
import path from 'node:path';

export interface ElectronLookup {
  /** The executable, when present. */
  binary: string | null;
  /** One sentence on why it is missing (null when found). */
  reason: string | null;
}

/**
 * Where the `electron` npm package put its binary: `node_modules/electron/path.txt` names the
 * executable inside `dist/` (or `ELECTRON_OVERRIDE_DIST_PATH`). The package installs without it
 * when the download is skipped (`ELECTRON_SKIP_BINARY_DOWNLOAD=1`) or install scripts don't run.
 */
export function findElectron(
  root: string,
  env: Record<string, string | undefined>,
  fsx: { exists(file: string): boolean; read(file: string): string | undefined },
): ElectronLookup {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fsx.exists(path.join(pkg, 'package.json'))) return { binary: null, reason: 'the electron package is not installed' };
  const name = fsx.read(path.join(pkg, 'path.txt'))?.trim();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, name || 'electron') : name ? path.join(pkg, 'dist', name) : null;
  if (binary && fsx.exists(binary)) return { binary, reason: null };
  return { binary: null, reason: "Electron's binary was not downloaded (node_modules/electron/dist is missing)" };
}

/** The ONE sentence `npm start` prints before falling back to web mode. */
export function fallbackMessage(reason: string): string {
  return `tonearm: ${reason}, so Tonearm starts in web mode instead — open the URL printed below in a browser.`;
}
