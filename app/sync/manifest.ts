// From a local track + its rendition plan to the ManifestTrack the server sees, and the list of
// objects that track needs (with where each one's bytes come from).
import path from 'node:path';
import { coverFile, extensionFor } from '../covers/files.ts';
import { renditionKey } from '../storage/types.ts';
import type { Loudness, Rung, RungPlan } from '../transcoder/types.ts';
import type { LocalTrack } from './localTracks.ts';
import type { ManifestTrack, MirrorRendition, ObjectRef } from './protocol.ts';
import { revisionOf } from './revision.ts';
import type { ObjectRecord } from './state.ts';

/** Where an object's bytes come from. */
export type ObjectSource =
  | { kind: 'encode'; rung: Rung }
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

const sourceTypes: Record<string, string> = {
  mp3: 'audio/mpeg', m4a: 'audio/mp4', mp4: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', oga: 'audio/ogg',
  opus: 'audio/ogg', webm: 'audio/webm', flac: 'audio/flac', wav: 'audio/wav',
};

export function sourceContentType(file: string): string {
  return sourceTypes[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

export interface PlanTrackOptions {
  track: LocalTrack;
  plan: readonly RungPlan[];
  /** Measured loudness; null when unmeasurable or not measured. */
  loudness: Loudness | null;
  /** Known sizes of objects this device made before. */
  known: ReadonlyMap<string, ObjectRecord>;
  coverDir: string;
}

export function planTrack(options: PlanTrackOptions): PlannedTrack {
  const { track, known } = options;
  const renditions: MirrorRendition[] = [];
  const objects: NeededObject[] = [];
  for (const p of options.plan) {
    if (p.action === 'skip') continue;
    if (p.action === 'source') {
      const ext = path.extname(track.source.path).slice(1).toLowerCase();
      const key = renditionKey(track.fingerprint, p.rung.name, ext);
      const r: MirrorRendition = {
        key, bytes: track.size, contentType: sourceContentType(track.source.path), rung: p.rung.name,
        codec: (track.source.codec ?? ext).toLowerCase(), bitrate: track.source.bitrate ?? p.rung.bitrate,
      };
      renditions.push(r);
      objects.push({ ref: { key, bytes: r.bytes, contentType: r.contentType }, source: { kind: 'file', file: track.source.path } });
    } else {
      const key = renditionKey(track.fingerprint, p.rung.name, p.rung.extension);
      const r: MirrorRendition = {
        key, bytes: known.get(key)?.bytes ?? 0, contentType: p.rung.contentType, rung: p.rung.name,
        codec: p.rung.codec, bitrate: p.rung.bitrate,
      };
      renditions.push(r);
      objects.push({ ref: { key, bytes: r.bytes, contentType: r.contentType }, source: { kind: 'encode', rung: p.rung } });
    }
  }
  let cover: ObjectRef | null = null;
  if (track.cover) {
    cover = { key: `covers/${track.cover.hash}.${extensionFor(track.cover.mime)}`, bytes: track.cover.bytes, contentType: track.cover.mime };
    objects.push({ ref: cover, source: { kind: 'file', file: coverFile(options.coverDir, track.cover.hash, 'full', track.cover.mime) } });
  }
  const meta = { ...track.meta, loudnessLufs: options.loudness?.integratedLufs ?? null, truePeakDb: options.loudness?.truePeakDb ?? null };
  const manifest: ManifestTrack = {
    sourceId: track.sourceId, fingerprint: track.fingerprint, meta, renditions, cover,
    revision: revisionOf({ meta, renditions, cover }),
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
