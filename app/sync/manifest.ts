// From a local track + its rendition plan to the ManifestTrack the server sees, and the list of
// objects that track needs (with where each one's bytes come from).
import path from 'node:path';
import { contentTypeOf } from '../contract/index.ts';
import { coverFile, extensionFor } from '../covers/files.ts';
import { renditionKey } from '../storage/types.ts';
import type { Lyrics } from '../contract/index.ts';
import type { RungPlan } from '../transcoder/types.ts';
import type { LocalTrack } from './localTracks.ts';
import { wireLyrics } from './lyrics.ts';
import type { MakePlan, RenditionMaker } from './maker.ts';
import type { ManifestTrack, MirrorRendition, ObjectRef } from './protocol.ts';
import { revisionOf } from './revision.ts';
import type { ObjectRecord } from './state.ts';
import { displayPath } from '../text/fsPath.ts';

/** Where an object's bytes come from: a rendition made into the cache, or a file used as it is. */
export type ObjectSource =
  | { kind: 'render'; plan: MakePlan; file: string }
  | { kind: 'file'; file: string };

export interface NeededObject {
  ref: ObjectRef;
  source: ObjectSource;
}

export interface PlannedTrack {
  track: LocalTrack;
  manifest: ManifestTrack;
  /** Every object the track needs in storage (renditions, then the cover). */
  objects: NeededObject[];
}

export interface PlanTrackOptions {
  track: LocalTrack;
  plan: readonly RungPlan[];
  maker: Pick<RenditionMaker, 'format' | 'cachePath'>;
  renditionCache: string;
  /**
   * The track's lyrics as stored (`readLyrics`), for a manifest that is sent. Its revision does not
   * depend on them (`track.lyricsDigest` stands for them): [] is enough to compare revisions.
   */
  lyrics: readonly Lyrics[];
  /** Known sizes of objects this device made before (0 for the others until made). */
  known: ReadonlyMap<string, ObjectRecord>;
  coverDir: string;
}

export function planTrack(options: PlanTrackOptions): PlannedTrack {
  const { track, known, maker } = options;
  const renditions: MirrorRendition[] = [];
  const objects: NeededObject[] = [];
  for (const p of options.plan) {
    if (p.action === 'skip') continue;
    const format = maker.format(p, track.source);
    const key = renditionKey(track.fingerprint, p.rung.name, format.extension);
    const bitrate = p.action === 'source'
      ? Math.round(track.source.bitrate ?? p.rung.bitrate)
      : Math.round(Math.min(p.bitrate ?? p.rung.bitrate, p.rung.bitrate));
    const r: MirrorRendition = { key, bytes: known.get(key)?.bytes ?? 0, contentType: format.contentType, rung: p.rung.name, codec: format.codec, bitrate };
    renditions.push(r);
    const file = maker.cachePath(options.renditionCache, track.fingerprint, p.rung.name, format.extension);
    objects.push({ ref: { key, bytes: r.bytes, contentType: r.contentType }, source: { kind: 'render', plan: p, file } });
  }
  let cover: ObjectRef | null = null;
  const coverKey = track.cover ? `covers/${track.cover.hash}.${extensionFor(track.cover.mime)}` : '';
  // Only the image types the server takes as covers (objects are data): another is left out.
  if (track.cover && contentTypeOf(coverKey) === track.cover.mime) {
    cover = { key: coverKey, bytes: track.cover.bytes, contentType: track.cover.mime };
    objects.push({ ref: cover, source: { kind: 'file', file: coverFile(options.coverDir, track.cover.hash, 'full', track.cover.mime) } });
  }
  const meta = { ...track.meta, lyrics: wireLyrics(options.lyrics) };
  // The folder's name groups untagged tracks into albums on the server, as the local catalog does.
  // Paths are lossless keys (app/text/fsPath.ts): the server gets the name as people read it.
  const folder = displayPath(path.basename(path.dirname(track.source.path))).slice(0, 255) || undefined;
  const manifest: ManifestTrack = {
    sourceId: track.sourceId, fingerprint: track.fingerprint, meta, renditions, cover,
    ...(track.copy > 0 ? { copy: track.copy } : {}),
    ...(folder ? { folder } : {}),
    revision: revisionOf({ meta, lyricsDigest: track.lyricsDigest, renditions, cover, ...(folder ? { folder } : {}) }),
  };
  return { track, manifest, objects };
}

/** The same manifest track with sizes filled in from what was made or uploaded. */
export function withSizes(manifest: ManifestTrack, sizes: ReadonlyMap<string, number>): ManifestTrack {
  const size = (ref: ObjectRef): number => sizes.get(ref.key) ?? ref.bytes;
  return {
    ...manifest,
    renditions: manifest.renditions.map((r) => ({ ...r, bytes: size(r) })),
    cover: manifest.cover ? { ...manifest.cover, bytes: size(manifest.cover) } : null,
  };
}
