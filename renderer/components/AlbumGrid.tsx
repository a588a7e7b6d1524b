import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { Album } from '../../app/contract/index.ts';
import { href } from '../lib/router.ts';
import { scrollParent, useElementWidth, useScrollMargin } from '../lib/useElementWidth.ts';
import { menuActions } from '../stores/menus.ts';
import { playerActions } from '../stores/player.ts';
import { Cover } from './Cover.tsx';
import { Icon } from './Icon.tsx';
import './AlbumGrid.css';

export const AlbumCard = memo(function AlbumCard({ album, subtitle }: { album: Album; subtitle?: string }) {
  return (
    <div
      className="album-card"
      data-testid="album-card"
      data-album-id={album.id}
      onContextMenu={(e) => {
        e.preventDefault();
        menuActions.openAddMenu(e.clientX, e.clientY, { albumIds: [album.id], label: album.title });
      }}
    >
      <div className="album-art-wrap">
      <a href={href('album', album.id)} className="album-link" aria-label={`${album.title} by ${album.artist}`}>
        <div className="album-art">
          <Cover coverId={album.coverId} alt={album.title} size="medium" />
        </div>
      </a>
      <button
        className="album-play"
        onClick={() => void playerActions.playAlbum(album.id)}
        aria-label={`Play ${album.title}`}
        data-testid="album-card-play"
        tabIndex={-1}
      >
        <Icon name="play" size={20} />
      </button>
      </div>
      <a href={href('album', album.id)} className="album-title ellipsis" tabIndex={-1}>
        {album.title}
      </a>
      <div className="album-sub ellipsis">
        {subtitle ?? (
          <>
            <a href={href('artist', album.artistId)} tabIndex={-1}>{album.artist}</a>
            {album.year ? ` · ${album.year}` : ''}
          </>
        )}
      </div>
    </div>
  );
});

function SkeletonCard() {
  return (
    <div className="album-card skeleton-card" aria-hidden>
      <div className="album-art" />
      <span className="skeleton" style={{ width: '70%', marginTop: 10 }} />
      <span className="skeleton" style={{ width: '45%', marginTop: 8 }} />
    </div>
  );
}

const MIN_CARD = 168;
const GAP = 22;

function columnsFor(width: number): number {
  return Math.max(2, Math.floor((width + GAP) / (MIN_CARD + GAP)));
}

/** Plain (non-virtual) grid for short lists: an artist's albums. */
export function AlbumGrid({ albums }: { albums: Album[] }) {
  return (
    <div className="album-grid" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${MIN_CARD}px, 1fr))` }}>
      {albums.map((a) => (
        <AlbumCard key={a.id} album={a} />
      ))}
    </div>
  );
}

/** Virtualized grid over a lazily loaded, paged list (Albums, a genre's albums). */
export function VirtualAlbumGrid({ at, total, ensureRange }: {
  at: (index: number) => Album | undefined;
  total: number;
  ensureRange: (start: number, end: number) => void;
  /** Re-renders when rows arrive. */
  version?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const margin = useScrollMargin(ref);
  const columns = columnsFor(width || 900);
  const cardWidth = ((width || 900) - GAP * (columns - 1)) / columns;
  const rowHeight = Math.round(cardWidth + 64);
  const rowCount = Math.ceil(total / columns);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: scrollParent,
    estimateSize: () => rowHeight,
    overscan: 3,
    scrollMargin: margin,
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    ensureRange(first * columns, (last + 1) * columns);
  }, [first, last, columns, ensureRange]);

  return (
    <div ref={ref} className="virtual-grid" style={{ height: virtualizer.getTotalSize() }} data-testid="album-grid">
      {items.map((row) => (
        <div
          key={row.key}
          className="album-grid"
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            right: 0,
            transform: `translateY(${row.start - margin}px)`,
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
          }}
        >
          {Array.from({ length: columns }, (_, c) => {
            const i = row.index * columns + c;
            if (i >= total) return null;
            const album = at(i);
            return album ? <AlbumCard key={album.id} album={album} /> : <SkeletonCard key={`s${i}`} />;
          })}
        </div>
      ))}
    </div>
  );
}
