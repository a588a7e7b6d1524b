// A library folder that goes away while `tonearm serve` runs (a drive unplugged: here, the folder
// renamed away): Settings says so in one sentence, the tracks stay, and once the folder is back the
// sentence goes and the library is watched again. The sentence reads at AA contrast in both themes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { api, type LibraryStats } from '../app/contract/index.ts';
import { contrastFailures } from './support/a11y.ts';
import { ensureBrokenLibrary } from './support/library.ts';
import { startServer, waitForLibrary, type RunningServer } from './support/server.ts';

let server: RunningServer;
let dir: string;
let music: string;
test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-away-'));
  music = path.join(dir, 'Music');
  fs.cpSync(ensureBrokenLibrary(), music, { recursive: true });
  server = await startServer({ library: music });
  await waitForLibrary(server, 3);
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a library folder unplugged: Settings says so, the tracks stay; plugged back, it is watched again', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(server.entry);
  await page.goto(`${server.base}/#/settings`);
  await expect(page.getByTestId('scan-status')).toContainText('Last scan');
  const notice = page.getByTestId('scan-notice');
  await expect(notice).toHaveCount(0);

  fs.renameSync(music, `${music}.unplugged`);
  await expect(notice).toHaveText(`library folder ${music} is not there: its tracks are kept, and it is watched and scanned again when it is back (is the drive mounted?)`, { timeout: 20_000 });
  expect((await server.get<LibraryStats>(api.stats())).tracks).toBe(3);
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await page.evaluate(contrastFailures), `Settings with the notice (${scheme})`).toEqual([]);
  }

  fs.renameSync(`${music}.unplugged`, music);
  await expect(notice).toHaveCount(0, { timeout: 20_000 });
  // Watched again: a file copied in is picked up.
  fs.copyFileSync(path.join(music, 'Odd Formats', '01 Fine Start.mp3'), path.join(music, 'Odd Formats', '04 Copy.mp3'));
  await waitForLibrary(server, 4);
});
