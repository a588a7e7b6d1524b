// Scan progress → the taskbar/dock progress bar, from the API's SSE stream (the renderer's too).
import { api } from '../../app/contract/index.ts';
import { createSseParser, progressBarValue } from '../scanProgress.ts';
import { log, state } from './state.ts';

export async function followScanProgress(): Promise<void> {
  const parse = createSseParser((p) => {
    state.lastScan = p;
    const win = state.win;
    if (win && !win.isDestroyed()) win.setProgressBar(progressBarValue(p));
  });
  while (!state.quitting && state.server) {
    try {
      const res = await fetch(state.serverOrigin + api.scanEvents(), {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${state.server.token}` },
        signal: state.scanEvents.signal,
      });
      if (!res.ok || !res.body) throw new Error(`scan events: ${res.status}`);
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parse(decoder.decode(chunk, { stream: true }));
    } catch (err) {
      if (state.quitting) return;
      log(`scan events: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
