// The desktop app end to end (Playwright's `_electron`): launch the real Electron shell, see the
// library in its window, play a track. Needs Electron's binary (node_modules/electron/dist), which
// cannot be downloaded in CI: so it is not part of `npm test` but its own run, `npm run
// test:electron`, on a machine that has the binary (there it fails, saying why, when the binary is
// missing — it never reports a skip).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectron } from '../main/launch/electron.ts';
import { startServer } from '../app/server/start.ts';
import { ensureLibrary, e2eTracks, repoRoot } from './support/library.ts';
import { currentTitle, expectAudioPlaying } from './support/fixtures.ts';

const lookup = findElectron(repoRoot, process.env);

test.describe('desktop app (Electron)', () => {
  let app: ElectronApplication;
  let home: string;

  test.beforeAll(async () => {
    if (lookup.binary === null) throw new Error(`Electron's binary is not installed here (${lookup.reason ?? 'unknown reason'}): run \`npx electron --version\` on a machine that can download it.`);
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-main.ts')], { cwd: repoRoot, stdio: 'inherit' });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-electron-'));
    // Seed the catalog the app will open ($XDG_DATA_HOME/tonearm/library.db) with the e2e library.
    const library = await ensureLibrary();
    const seed = await startServer({ db: path.join(home, 'data', 'tonearm', 'library.db'), libraries: [library], port: 0, log: () => {} });
    await seed.scanned;
    await seed.close();
    const env: Record<string, string> = { XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') };
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE' && !(k in env)) env[k] = v;
    app = await electron.launch({
      executablePath: lookup.binary!,
      args: [repoRoot, '--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
      cwd: repoRoot,
      env,
    });
  });

  test.afterAll(async () => {
    await app?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('launches securely, shows the library and plays a track', async () => {
    const page = await app.firstWindow();
    // Loaded from the in-process library server on loopback; the token left the address bar.
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(#.*)?$/);
    await expect(page.getByTestId('player-bar')).toBeVisible();
    // The bridge is there (typed, no ipcRenderer), Node is not.
    const bridge = await page.evaluate(() => ({
      keys: Object.keys(window.tonearm ?? {}).sort(),
      desktop: window.tonearm?.desktop,
      node: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(bridge.desktop).toBe(true);
    expect(bridge.keys).not.toContain('ipcRenderer');
    expect(bridge.node).toBe('undefined');
    expect(bridge.process).toBe('undefined');

    await page.getByTestId('nav-albums').click();
    await expect(page.getByTestId('album-card')).toHaveCount(new Set(e2eTracks.map((t) => t.album)).size);
    await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByRole('link').first().click();
    await page.getByTestId('play-album').click();
    await expect(currentTitle(page)).toHaveText('Polar Dawn');
    await expectAudioPlaying(page);

    // main adds the strict Content-Security-Policy to every response of the library server.
    const csp = await page.evaluate(() => fetch('/').then((r) => r.headers.get('content-security-policy')));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    // No new windows: window.open is denied (a file: URL is not even handed to the system).
    expect(await page.evaluate(() => window.open('file:///etc/passwd') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
