// Placeholder for the Electron shell (filled by a later issue). It deliberately does not import
// `electron` yet (not installed); it only pins down the security posture every window will use,
// so `tsc -b` has something to check in this project.

export interface WebPreferences {
  preload: string;
  contextIsolation: true;
  nodeIntegration: false;
  sandbox: true;
  webSecurity: true;
  spellcheck: boolean;
}

/** BrowserWindow `webPreferences` for the main window: isolated, sandboxed, typed preload only. */
export function webPreferences(preloadPath: string): WebPreferences {
  if (preloadPath.length === 0) throw new Error('preload path is required');
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    sandbox: true,
    webSecurity: true,
    spellcheck: false,
  };
}
