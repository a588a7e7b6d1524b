import { useCallback, useEffect, useRef } from 'react';
import type { Id, Track } from '../../app/contract/index.ts';
import { AddToPlaylistButton } from '../components/AddToPlaylistButton.tsx';
import { Icon } from '../components/Icon.tsx';
import { TrackTable, type TableRow } from '../components/trackTable/TrackTable.tsx';
import { ViewActions, ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { libraryActions, useLibrary } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { queueActions, useQueueIds, useQueueIndex } from '../stores/queue.ts';

/** A queue entry whose track left the library (its file was removed). */
function goneTrack(id: Id): Track {
  return {
    id, title: 'Not in the library any more', artist: '', artists: [], albumId: null, album: null, albumArtist: null, albumArtistId: null,
    trackNo: null, discNo: null, year: null, durationMs: 0, genres: [], container: null, codec: null, lossless: false, bitrate: null,
    sampleRate: null, bitDepth: null, channels: null, size: 0, coverId: null, addedAt: 0, gain: null, hasLyrics: false,
  } satisfies Track;
}

/** Row keys: the track id and which copy of it this is (a queue may hold a track twice). */
function queueKeys(ids: readonly Id[]): string[] {
  const seen = new Map<Id, number>();
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return `${id}#${n}`;
  });
}

export function QueueView() {
  const ids = useQueueIds();
  const index = useQueueIndex();
  const version = useLibrary((s) => s.version);
  const keys = useRef<{ ids: readonly Id[]; keys: string[] }>({ ids: [], keys: [] });
  if (keys.current.ids !== ids) keys.current = { ids, keys: queueKeys(ids) };
  const rowAt = useCallback(
    (i: number): TableRow | undefined => {
      const id = ids[i];
      if (id === undefined) return undefined;
      const lib = useLibrary.getState();
      const track = lib.tracks.get(id) ?? (lib.gone.has(id) ? goneTrack(id) : undefined);
      return track ? { key: keys.current.keys[i] ?? `${id}`, track } : undefined;
    },
    [ids],
  );
  const onRange = useCallback((a: number, b: number) => void libraryActions.ensureTracks(ids.slice(Math.max(0, a - 20), b + 20)), [ids]);
  useEffect(() => onRange(0, 50), [onRange]);
  return (
    <div className="view" data-testid="view-queue">
      <ViewHeader title="Queue" subtitle={ids.length ? `${plural(ids.length, 'track')} · drag to reorder · Alt+↑↓ moves, Del removes` : 'Nothing queued'}>
        {ids.length ? (
          <ViewActions>
            <AddToPlaylistButton target={() => ({ trackIds: ids.slice(), label: 'the queue' })} label="Save as playlist…" testId="queue-save-playlist" />
            <button className="btn" onClick={queueActions.clear} data-testid="queue-clear">
              <Icon name="trash" size={14} /> Clear
            </button>
          </ViewActions>
        ) : null}
      </ViewHeader>
      {ids.length === 0 ? (
        <div className="placeholder">
          The queue is empty. Play an album, or use <Icon name="playNext" size={14} /> and <Icon name="plus" size={14} /> on any song.
        </div>
      ) : (
        <TrackTable
          preset="queue"
          label="Queue"
          count={ids.length}
          rowAt={rowAt}
          version={`${version}:${index}`}
          onRange={onRange}
          onPlay={(i) => playerActions.jumpTo(i)}
          currentIndex={index}
          playedBefore={index}
          onRemove={(idx) => queueActions.removeAt(idx)}
          removeLabel="Remove from queue"
          onMove={(idx, before) => queueActions.moveMany(idx, before)}
          menuExtra={(idx) =>
            idx.length === 1 && idx[0] !== index
              ? [{ label: 'Play after the current track', icon: 'playNext', onSelect: () => queueActions.playNextFrom(idx[0] ?? 0) }]
              : []
          }
          testId="queue-list"
          rowTestId="queue-item"
        />
      )}
    </div>
  );
}
