// Loudness in a sync run: the tracks nothing is known of (no gain tags, no measurement of their
// audio, no failed one) are measured before their manifest, once per audio (a copy elsewhere in
// the library, or an earlier measurement of the same fingerprint, is reused), and stored in the
// catalog as the background job (app/loudness) stores them: gating blocks included, so the job
// does not measure them again, and a file ffmpeg cannot measure remembered, so it is sent without
// gain and not tried again until its audio changes. Then each track's Track.gain as the library
// API answers it, album gain included once the album is complete.
import type { Catalog } from '../catalog/index.ts';
import { readGains, type LocalTrack } from './localTracks.ts';
import type { RenditionMaker } from './maker.ts';

export interface MeasureOptions {
  catalog: Catalog;
  maker: Pick<RenditionMaker, 'loudness'>;
  transcodes: { run<T>(task: () => Promise<T>): Promise<T> };
  signal: AbortSignal | undefined;
  onMeasured: () => void;
}

/** Measures the tracks that need it and updates their `meta.gain`; returns how many it measured. */
export async function measureMissing(tracks: readonly LocalTrack[], o: MeasureOptions): Promise<number> {
  const todo = tracks.filter((t) => t.needsLoudness);
  if (todo.length === 0) return 0;
  const store = o.catalog.loudness;
  const measuring = new Map<string, ReturnType<RenditionMaker['loudness']>>();
  await Promise.all(todo.map(async (t) => {
    const reuse = store.byFingerprint(t.fingerprint);
    let l = reuse?.blocks ? reuse : null;
    if (!l) {
      let p = measuring.get(t.fingerprint);
      if (!p) {
        p = o.transcodes.run(() => o.maker.loudness(t.source.path, o.signal));
        measuring.set(t.fingerprint, p);
      }
      l = await p;
    }
    try {
      if (l) store.put(t.sourceId, t.fingerprint, l);
      else store.fail(t.sourceId, t.fingerprint, 'ffmpeg could not measure its loudness');
    } catch {
      // Removed by a scan meanwhile: nothing to store (it fails to plan, or is gone next run).
    }
    o.onMeasured();
  }));
  store.refreshAlbums();
  const gains = readGains(o.catalog.db, todo.map((t) => t.sourceId));
  for (const t of todo) {
    t.meta = { ...t.meta, gain: gains.get(t.sourceId) ?? null };
    t.needsLoudness = false;
  }
  return todo.length;
}
