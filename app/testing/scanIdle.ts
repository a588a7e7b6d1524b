// Waits until a library server reports no scan running (its scan-events stream sends the current
// state first). Track rows become visible while a scan writes; the search index follows when the
// scan's result is applied, which is when the state says `running: false` again.
import { api, type ScanProgress } from '../contract/index.ts';

/** The server's current scan state (the first event of its stream). */
export async function scanState(base: string, headers: Record<string, string>): Promise<ScanProgress> {
  const res = await fetch(base + api.scanEvents(), { headers });
  const reader = res.body?.getReader();
  if (!reader) throw new Error('the scan-events stream has no body');
  let buffer = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the scan-events stream ended before its first event');
      buffer += new TextDecoder().decode(chunk.value);
      const data = /^data: (.*)$/m.exec(buffer.split('\n\n').slice(0, -1).join('\n\n'))?.[1];
      if (data) return JSON.parse(data) as ScanProgress;
    }
  } finally {
    await reader.cancel();
  }
}

/** Resolves once no scan is running; call it after seeing a scan's effect (e.g. its rows). */
export async function scanIdle(base: string, headers: Record<string, string>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await scanState(base, headers)).running) {
    if (Date.now() > end) throw new Error('timed out waiting for the scan to finish');
    await new Promise((r) => setTimeout(r, 50));
  }
}
