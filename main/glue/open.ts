// Open requests — argv, a second instance, macOS open-file, drag & drop, File › Add Music Folder:
// catalogued files play; folders (or the folders of uncatalogued files) are offered to the library
// first, and their files play once scanned.
import fs from 'node:fs';
import { dialog } from 'electron';
import type { OpenFilesEvent } from '../../app/contract/desktop.ts';
import type { LibraryFolders } from '../../app/contract/index.ts';
import { api } from '../../app/contract/index.ts';
import { channels } from '../ipc.ts';
import { isEmptyRequest, planOpen, type OpenRequest, type PathKind } from '../openRequest.ts';
import { apiFetch, trackIdOf } from './api.ts';
import { log, state } from './state.ts';
import { send, showWindow } from './window.ts';

const pending: OpenRequest[] = [];

export function kindOf(p: string): PathKind {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : 'missing';
}

export function queueOpen(request: OpenRequest): void {
  if (isEmptyRequest(request)) return;
  pending.push(request);
  flushOpens();
}

/** Handles queued requests once the server runs and the window's document has loaded. */
export function flushOpens(): void {
  if (!state.server || !state.rendererReady) return;
  for (const r of pending.splice(0)) void handleOpen(r).catch((err: unknown) => log(`open: ${(err as Error).message}`));
}

async function handleOpen(request: OpenRequest): Promise<void> {
  const { folders: library } = await apiFetch<LibraryFolders>(api.libraryFolders());
  const plan = planOpen(request, library, trackIdOf);
  const offer = [...plan.folders, ...plan.fileFolders];
  let added: string[] = [];
  if (offer.length > 0) {
    const options = {
      type: 'question' as const,
      buttons: ['Add to library', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      message: offer.length === 1 ? `Add “${offer[0]}” to your library?` : `Add ${offer.length} folders to your library?`,
      detail: `Tonearm plays music from its library folders.${offer.length > 1 ? `\n\n${offer.join('\n')}` : ''}`,
    };
    const answer = state.win ? await dialog.showMessageBox(state.win, options) : await dialog.showMessageBox(options);
    if (answer.response === 0) {
      await apiFetch<LibraryFolders>(api.libraryFolders(), { method: 'PUT', body: JSON.stringify({ folders: [...library, ...offer] } satisfies LibraryFolders) });
      added = offer;
    }
  }
  let trackIds = plan.trackIds;
  if (added.length > 0 && request.files.length > 0) trackIds = await idsAfterScan(request.files);
  showWindow();
  send(channels.openFiles, { trackIds, addedFolders: added } satisfies OpenFilesEvent);
}

/** Waits (up to two minutes) for the scan that follows adding folders to catalogue `files`. */
async function idsAfterScan(files: readonly string[]): Promise<number[]> {
  const deadline = Date.now() + 120_000;
  let sawRunning = false;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const ids = files.map(trackIdOf).filter((id): id is number => id !== undefined);
    sawRunning ||= state.lastScan?.running === true;
    if (ids.length === files.length || (sawRunning && state.lastScan?.running === false) || Date.now() > deadline || state.quitting) return ids;
  }
}

/** File › Add Music Folder…: the folder picker, then the same path as "Open with". */
export async function addFolderFromMenu(): Promise<void> {
  const options = { title: 'Add a music folder', properties: ['openDirectory' as const] };
  const r = state.win ? await dialog.showOpenDialog(state.win, options) : await dialog.showOpenDialog(options);
  const folder = r.canceled ? undefined : r.filePaths[0];
  if (folder) queueOpen({ files: [], folders: [folder] });
}
