import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Cover } from '../components/Cover.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { scrollParent, useScrollMargin } from '../lib/useElementWidth.ts';
import { artistsList, usePagedList } from '../stores/library.ts';
import './ArtistsView.css';

const ROW = 60;

export function ArtistsView() {
  const total = usePagedList(artistsList, (s) => s.total);
  usePagedList(artistsList, (s) => s.version);
  const error = usePagedList(artistsList, (s) => s.error);
  const ref = useRef<HTMLDivElement>(null);
  const margin = useScrollMargin(ref);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: scrollParent,
    estimateSize: () => ROW,
    overscan: 8,
    scrollMargin: margin,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => artistsList.ensureRange(first, last + 1), [first, last, total]);
  return (
    <div className="view" data-testid="view-artists">
      <ViewHeader title="Artists" count={{ total, noun: 'artist' }} />
      {error ? <div className="placeholder">{error}</div> : null}
      <div ref={ref} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const a = artistsList.at(v.index);
          return (
            <a
              key={v.index}
              className="artist-row"
              href={a ? href('artist', a.id) : undefined}
              style={{ transform: `translateY(${v.start - margin}px)` }}
              data-testid="artist-row"
            >
              <Cover coverId={a?.coverId} alt={a?.name ?? ''} size="thumb" className="artist-avatar" />
              <span className="artist-name ellipsis">{a?.name ?? <span className="skeleton" style={{ width: 160 }} />}</span>
              <span className="muted">{a ? `${plural(a.albumCount, 'album')} · ${plural(a.trackCount, 'track')}` : ''}</span>
            </a>
          );
        })}
      </div>
    </div>
  );
}
