import { useCallback, useEffect } from 'react';
import type { AlbumSort, SortOrder } from '../../app/contract/index.ts';
import { VirtualAlbumGrid } from '../components/AlbumGrid.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { albumsList, usePagedList } from '../stores/library.ts';

const sorts: [AlbumSort, string][] = [
  ['artist', 'Artist'],
  ['title', 'Title'],
  ['year', 'Year'],
  ['addedAt', 'Recently added'],
];

export function AlbumsView() {
  const total = usePagedList(albumsList, (s) => s.total);
  const version = usePagedList(albumsList, (s) => s.version);
  const error = usePagedList(albumsList, (s) => s.error);
  const query = albumsList.query();
  useEffect(() => albumsList.ensureRange(0, 1), []);
  const ensureRange = useCallback((a: number, b: number) => albumsList.ensureRange(a, b), []);
  const at = useCallback((i: number) => albumsList.at(i), []);
  const setSort = (sort: AlbumSort) => {
    const order: SortOrder = sort === 'addedAt' || sort === 'year' ? 'desc' : 'asc';
    albumsList.setQuery({ sort, order });
  };
  return (
    <div className="view" data-testid="view-albums">
      <ViewHeader title="Albums" count={{ total, noun: 'album' }}>
        <label className="muted">
          Sort by{' '}
          <select className="text-input" value={query.sort} onChange={(e) => setSort(e.target.value as AlbumSort)} data-testid="album-sort">
            {sorts.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </ViewHeader>
      {error ? <div className="placeholder">{error}</div> : null}
      {total === 0 ? <div className="placeholder">No albums yet.</div> : null}
      {total ? <VirtualAlbumGrid at={at} total={total} ensureRange={ensureRange} version={version} /> : null}
    </div>
  );
}
