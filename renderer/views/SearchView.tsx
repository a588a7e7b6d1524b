import { useEffect, useRef, useState } from 'react';
import type { Album, Artist, SearchGroup, SearchResult, Track } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { Cover } from '../components/Cover.tsx';
import { RowsTable } from '../components/trackTable/TrackTable.tsx';
import { Icon } from '../components/Icon.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { libraryActions } from '../stores/library.ts';
import { menuActions } from '../stores/menus.ts';
import { playerActions } from '../stores/player.ts';
import { toastActions } from '../stores/toasts.ts';
import './SearchView.css';

const LIMIT = 20;
/** Rows per "show all" page. */
const PAGE = 100;

type Hit = { kind: 'track'; item: Track } | { kind: 'album'; item: Album } | { kind: 'artist'; item: Artist };

function flatten(r: SearchResult | null): Hit[] {
  if (!r) return [];
  return [
    ...r.tracks.slice(0, 1).map((item) => ({ kind: 'track' as const, item })),
    ...r.albums.map((item) => ({ kind: 'album' as const, item })),
    ...r.artists.map((item) => ({ kind: 'artist' as const, item })),
  ];
}

async function playHit(hit: Hit): Promise<void> {
  try {
    if (hit.kind === 'track') playerActions.playNow(hit.item);
    else if (hit.kind === 'album') await playerActions.playAlbum(hit.item.id);
    else {
      const artist = await libraryActions.loadArtist(hit.item.id);
      const ids = (artist.albums.length ? artist.albums : artist.appearsOn).map((a) => a.id);
      await playerActions.playAlbums(ids);
    }
  } catch (e) {
    toastActions.error((e as Error).message);
  }
}

/** A click opens an album or artist; a track plays only on double-click or Enter (one queue entry each). */
function openHit(hit: Hit): void {
  if (hit.kind === 'album') navigate(href('album', hit.item.id));
  else if (hit.kind === 'artist') navigate(href('artist', hit.item.id));
}

export function SearchView({ query }: { query: string }) {
  const sent = useRef(0);
  const shown = useRef(0);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [searched, setSearched] = useState('');
  const [active, setActive] = useState(0);
  // "Show all": one group's every match, loaded a page at a time.
  const [expanded, setExpanded] = useState<SearchGroup | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const hits = flatten(result);
  const hitsRef = useRef(hits);
  hitsRef.current = hits;
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResult(null);
      setSearched('');
      return;
    }
    // Every keystroke asks at once (no debounce) and nothing is cancelled: answers are painted as
    // they arrive, so results follow the typing; one arriving after a newer one is dropped.
    const seq = ++sent.current;
    client.search(q, LIMIT).then(
      (r) => {
        if (seq < shown.current) return;
        shown.current = seq;
        setResult(r);
        setSearched(q);
        setActive(0);
        setExpanded(null);
      },
      (e: Error) => {
        if (seq >= shown.current) toastActions.error(`Search: ${e.message}`);
      },
    );
  }, [query]);

  /** Loads the next page of one group and appends it to the results shown. */
  const showMore = (group: SearchGroup): void => {
    if (!result || loadingMore) return;
    const have = result[group].length;
    const seq = shown.current;
    setLoadingMore(true);
    client.searchGroup(searched, group, have, PAGE).then(
      (page) => {
        if (seq !== shown.current) return; // a newer query replaced these results
        setResult((r) => (r ? { ...r, [group]: [...r[group], ...page[group]] } : r));
        setExpanded(group);
      },
      (e: Error) => toastActions.error(`Search: ${e.message}`),
    ).finally(() => setLoadingMore(false));
  };
  const more = (group: SearchGroup, label: string) => {
    if (!result) return null;
    const left = result.totals[group] - result[group].length;
    if (left <= 0) return null;
    return (
      <button className="show-all" disabled={loadingMore} onClick={() => showMore(group)} data-testid={`show-all-${group}`}>
        {expanded === group ? `Show ${Math.min(left, PAGE)} more` : `Show all ${result.totals[group]} ${label}`}
      </button>
    );
  };

  // Arrow keys and Enter typed in the search box drive the results (combobox style).
  useEffect(() => {
    const onKey = (e: Event) => {
      const key = (e as CustomEvent<string>).detail;
      const list = hitsRef.current;
      if (!list.length) return;
      if (key === 'ArrowDown' && activeRef.current === 0 && list[0]?.kind === 'track') {
        // Into the songs table: its rows move with the arrow keys from there.
        document.querySelector<HTMLElement>('[data-testid="search-tracks"] [role="grid"]')?.focus();
      } else if (key === 'ArrowDown') setActive((a) => Math.min(list.length - 1, a + 1));
      else if (key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
      else if (key === 'Enter') {
        const hit = list[activeRef.current];
        if (hit) void playHit(hit);
      }
    };
    window.addEventListener('tonearm:search-key', onKey);
    return () => window.removeEventListener('tonearm:search-key', onKey);
  }, []);

  useEffect(() => {
    document.getElementById(`hit-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (!query.trim()) {
    return (
      <div className="view" data-testid="view-search">
        <div className="placeholder">Type to search your library. Typos are fine.</div>
      </div>
    );
  }

  // Hit 0 is the first song (played by Enter in the box) when there are songs; albums and artists follow.
  let n = hits[0]?.kind === 'track' ? 0 : -1;
  const row = (hit: Hit, content: React.ReactNode) => {
    n++;
    const i = n;
    return (
      <div
        key={`${hit.kind}-${hit.item.id}`}
        id={`hit-${i}`}
        className={`hit${i === active ? ' active' : ''}`}
        role="option"
        aria-selected={i === active}
        onMouseEnter={() => setActive(i)}
        onClick={() => openHit(hit)}
        onDoubleClick={() => void playHit(hit)}
        onContextMenu={(e) => {
          if (hit.kind === 'artist') return;
          e.preventDefault();
          setActive(i);
          if (hit.kind === 'track') menuActions.openTrackMenu(e.clientX, e.clientY, [hit.item]);
          else menuActions.openAddMenu(e.clientX, e.clientY, { albumIds: [hit.item.id], label: hit.item.title });
        }}
        data-testid={`search-${hit.kind}`}
        data-active={i === active}
      >
        {content}
        <button
          className="icon-btn hit-play"
          onClick={(e) => {
            e.stopPropagation();
            void playHit(hit);
          }}
          aria-label="Play"
        >
          <Icon name="play" size={14} />
        </button>
      </div>
    );
  };

  const empty = result && hits.length === 0;
  return (
    <div className="view search-view" data-testid="view-search" role="listbox" aria-label="Search results">
      <ViewHeader
        title={`Results for “${searched || query}”`}
        subtitle={
          result
            ? `${result.totals.tracks + result.totals.albums + result.totals.artists} results · ${Math.round(result.elapsedMs)} ms · ↑↓ to move, Enter to play`
            : undefined
        }
      />
      {empty ? <div className="placeholder">Nothing matches “{searched}”.</div> : null}
      {result?.tracks.length ? (
        <section>
          <h2 className="section-title">Songs</h2>
          <RowsTable
            preset="search"
            label="Songs found"
            rows={result.tracks.map((t) => ({ key: t.id, track: t }))}
            onPlay={(i) => {
              const t = result.tracks[i];
              if (t) void playHit({ kind: 'track', item: t });
            }}
            testId="search-tracks"
            rowTestId="search-track"
          />
          {more('tracks', 'songs')}
        </section>
      ) : null}
      {result?.albums.length ? (
        <section>
          <h2 className="section-title">Albums</h2>
          {result.albums.map((a) =>
            row(
              { kind: 'album', item: a },
              <>
                <Cover coverId={a.coverId} alt={a.title} size="thumb" className="hit-cover" />
                <div className="hit-text">
                  <div className="ellipsis hit-title">{a.title}</div>
                  <div className="ellipsis muted">
                    {a.artist}
                    {a.year ? ` · ${a.year}` : ''}
                  </div>
                </div>
                <span className="muted hit-extra">Album</span>
              </>,
            ),
          )}
          {more('albums', 'albums')}
        </section>
      ) : null}
      {result?.artists.length ? (
        <section>
          <h2 className="section-title">Artists</h2>
          {result.artists.map((a) =>
            row(
              { kind: 'artist', item: a },
              <>
                <Cover coverId={a.coverId} alt={a.name} size="thumb" className="hit-cover round" />
                <div className="hit-text">
                  <div className="ellipsis hit-title">{a.name}</div>
                  <div className="ellipsis muted">
                    {plural(a.albumCount, 'album')} · {plural(a.trackCount, 'track')}
                  </div>
                </div>
                <span className="muted hit-extra">Artist</span>
              </>,
            ),
          )}
          {more('artists', 'artists')}
        </section>
      ) : null}
    </div>
  );
}
