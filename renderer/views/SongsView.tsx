import { useCallback } from 'react';
import type { Id, SortOrder, TrackSort } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { TrackTable, type TableRow } from '../components/trackTable/TrackTable.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { scrollParent } from '../lib/useElementWidth.ts';
import { songsList, usePagedList } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { toastActions } from '../stores/toasts.ts';

/** Every id of the list in its current order (one request), to play or act on rows not loaded. */
async function allIds(): Promise<Id[]> {
  return (await client.trackIds(songsList.query())).ids;
}

export function SongsView() {
  const total = usePagedList(songsList, (s) => s.total);
  const version = usePagedList(songsList, (s) => s.version);
  const error = usePagedList(songsList, (s) => s.error);
  const query = songsList.query();
  const rowAt = useCallback((i: number): TableRow | undefined => {
    const track = songsList.at(i);
    return track ? { key: track.id, track } : undefined;
  }, []);
  const onRange = useCallback((a: number, b: number) => songsList.ensureRange(a, b), []);
  const idsAt = useCallback(async (indexes: readonly number[]) => {
    const ids = await allIds();
    return indexes.map((i) => ids[i]).filter((id): id is Id => id !== undefined);
  }, []);
  // Play from here: the whole list, in its order, starting at this row — never a cut.
  const onPlay = useCallback((index: number) => {
    allIds().then((ids) => playerActions.playTracks(ids, index), (e: Error) => toastActions.error(e.message));
  }, []);
  const sortBy = (key: TrackSort) => {
    const order: SortOrder = query.sort === key ? (query.order === 'asc' ? 'desc' : 'asc') : key === 'addedAt' ? 'desc' : 'asc';
    songsList.setQuery({ ...query, sort: key, order });
    scrollParent()?.scrollTo({ top: 0 });
  };
  return (
    <div className="view songs-view" data-testid="view-songs">
      <ViewHeader title="Songs" count={{ total, noun: 'song' }} />
      {error ? <div className="placeholder" role="alert">{error}</div> : null}
      <TrackTable
        preset="songs"
        label="Songs"
        count={total ?? 0}
        rowAt={rowAt}
        version={version}
        onRange={onRange}
        idsAt={idsAt}
        onPlay={onPlay}
        sort={{ key: query.sort, order: query.order, onSort: sortBy }}
        testId="songs-table"
        rowTestId="song-row"
      />
    </div>
  );
}
