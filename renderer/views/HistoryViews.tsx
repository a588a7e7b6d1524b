// Recently played, Most played (week / month / all time), Recently added, Favorites.
import { useCallback, useEffect, useState } from 'react';
import type { Album, Artist, Page, PlayRange, Track } from '../../app/contract/index.ts';
import { historyClient, prefsClient } from '../api/playlists.ts';
import { AlbumGrid } from '../components/AlbumGrid.tsx';
import { Cover } from '../components/Cover.tsx';
import { Heart } from '../components/Prefs.tsx';
import { TrackTable, type TrackRow } from '../components/TrackTable.tsx';
import { plural } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { listenTime, timeAgo } from '../lib/when.ts';
import { playerActions } from '../stores/player.ts';
import { prefsActions, useFavoritesGeneration } from '../stores/prefs.ts';
import { useOnPlaysReported } from './ForYouView.tsx';
import './HistoryViews.css';

const PAGE = 200;

/** A list fetched page by page ("Show more"), reset when `key` changes. */
function usePaged<T>(fetch: (offset: number, limit: number) => Promise<Page<T>>, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [gen, setGen] = useState(0);
  const load = useCallback(
    async (offset: number) => {
      try {
        const page = await fetch(offset, PAGE);
        setTotal(page.total);
        setItems((prev) => (offset === 0 ? page.items : [...(prev ?? []), ...page.items]));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => {
    void load(0);
  }, [load, gen]);
  const reload = useCallback(() => setGen((g) => g + 1), []);
  return { items, total, error, more: () => void load(items?.length ?? 0), reload };
}

function More({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  if (shown >= total) return null;
  return (
    <div className="hv-more">
      <button className="btn" onClick={onMore}>
        Show more ({(total - shown).toLocaleString()} left)
      </button>
    </div>
  );
}

function Tabs<K extends string>({ value, options, onChange, testId }: { value: K; options: [K, string][]; onChange: (k: K) => void; testId: string }) {
  return (
    <div className="tabs" role="tablist" data-testid={testId}>
      {options.map(([k, label]) => (
        <button key={k} role="tab" aria-selected={k === value} className={`tab${k === value ? ' active' : ''}`} onClick={() => onChange(k)} data-testid={`tab-${k}`}>
          {label}
        </button>
      ))}
    </div>
  );
}

const playFrom = (tracks: Track[], i: number) => playerActions.playTracks(tracks, i);

export function RecentlyPlayedView() {
  const list = usePaged((offset, limit) => historyClient.recent({ offset, limit }), 'recent');
  useOnPlaysReported(list.reload);
  const items = list.items ?? [];
  const rows: TrackRow[] = items.map((p) => ({
    key: p.track.id,
    track: p.track,
    extra: (
      <span>
        {p.lastPlayedAt ? timeAgo(p.lastPlayedAt) : ''} · {plural(p.playCount, 'play')}
      </span>
    ),
  }));
  return (
    <div className="view" data-testid="view-recent">
      <div className="view-header">
        <div>
          <h1 className="view-title">Recently played</h1>
          <div className="view-subtitle">A play counts after 30 s of listening, or half of a short track.</div>
        </div>
      </div>
      {list.error ? <div className="placeholder">{list.error}</div> : null}
      {list.items && !items.length ? <div className="placeholder">Nothing played yet.</div> : null}
      <TrackTable rows={rows} onPlay={(i) => playFrom(items.map((p) => p.track), i)} testId="recent-tracks" />
      <More shown={items.length} total={list.total} onMore={list.more} />
    </div>
  );
}

const ranges: [PlayRange, string][] = [
  ['week', 'This week'],
  ['month', 'This month'],
  ['year', 'This year'],
  ['all', 'All time'],
];

export function MostPlayedView({ range }: { range: PlayRange }) {
  const list = usePaged((offset, limit) => historyClient.mostPlayed({ range, offset, limit }), range);
  useOnPlaysReported(list.reload);
  const items = list.items ?? [];
  const rows: TrackRow[] = items.map((p) => ({
    key: p.track.id,
    track: p.track,
    extra: `${plural(p.plays, 'play')} · ${listenTime(p.msListened)}`,
  }));
  return (
    <div className="view" data-testid="view-most-played">
      <div className="view-header">
        <div>
          <h1 className="view-title">Most played</h1>
          <div className="view-subtitle">{list.items ? plural(list.total, 'track') : '\u00a0'}</div>
        </div>
        <Tabs value={range} options={ranges} onChange={(r) => navigate(`${href('most-played')}?range=${r}`, true)} testId="range-tabs" />
      </div>
      {list.error ? <div className="placeholder">{list.error}</div> : null}
      {list.items && !items.length ? <div className="placeholder">No plays in this period.</div> : null}
      <TrackTable rows={rows} onPlay={(i) => playFrom(items.map((p) => p.track), i)} testId="most-played-tracks" />
      <More shown={items.length} total={list.total} onMore={list.more} />
    </div>
  );
}

export function RecentlyAddedView() {
  const list = usePaged((offset, limit) => historyClient.recentlyAdded({ offset, limit }), 'added');
  const items = list.items ?? [];
  return (
    <div className="view" data-testid="view-recently-added">
      <div className="view-header">
        <div>
          <h1 className="view-title">Recently added</h1>
          <div className="view-subtitle">{list.items ? plural(list.total, 'track') : '\u00a0'}</div>
        </div>
      </div>
      {list.error ? <div className="placeholder">{list.error}</div> : null}
      <TrackTable rows={items.map((t) => ({ key: t.id, track: t, extra: `added ${timeAgo(t.addedAt)}` }))} onPlay={(i) => playFrom(items, i)} testId="recently-added-tracks" />
      <More shown={items.length} total={list.total} onMore={list.more} />
    </div>
  );
}

type FavTab = 'tracks' | 'albums' | 'artists';

function ArtistChips({ artists }: { artists: Artist[] }) {
  return (
    <div className="artist-chips">
      {artists.map((a) => (
        <div key={a.id} className="artist-chip" data-testid="favorite-artist">
          <a href={href('artist', a.id)} className="artist-chip-link">
            <Cover coverId={a.coverId} alt={a.name} size="thumb" className="artist-chip-cover" />
            <span className="ellipsis">{a.name}</span>
          </a>
          <Heart kind="artist" id={a.id} label={a.name} />
        </div>
      ))}
    </div>
  );
}

export function FavoritesView({ tab }: { tab: FavTab }) {
  const generation = useFavoritesGeneration();
  const tracks = usePaged((offset, limit) => prefsClient.favoriteTracks({ offset, limit }), `t${tab}`);
  const albums = usePaged<Album>((offset, limit) => (tab === 'albums' ? prefsClient.favoriteAlbums({ offset, limit }) : Promise.resolve({ items: [], total: 0, offset, limit })), `a${tab}`);
  const artists = usePaged<Artist>((offset, limit) => (tab === 'artists' ? prefsClient.favoriteArtists({ offset, limit }) : Promise.resolve({ items: [], total: 0, offset, limit })), `r${tab}`);
  // A heart toggled anywhere: refresh (after the PUT had time to land).
  useEffect(() => {
    if (generation === 0) return;
    const t = setTimeout(() => {
      tracks.reload();
      albums.reload();
      artists.reload();
    }, 400);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);
  useEffect(() => {
    if (tracks.items) prefsActions.markFavorite('track', tracks.items.map((t) => t.id));
  }, [tracks.items]);
  const list = tab === 'tracks' ? tracks : tab === 'albums' ? albums : artists;
  return (
    <div className="view" data-testid="view-favorites">
      <div className="view-header">
        <div>
          <h1 className="view-title">Favorites</h1>
          <div className="view-subtitle">Press <kbd>L</kbd> to love what is playing.</div>
        </div>
        <Tabs
          value={tab}
          options={[
            ['tracks', 'Songs'],
            ['albums', 'Albums'],
            ['artists', 'Artists'],
          ]}
          onChange={(t) => navigate(`${href('favorites')}?tab=${t}`, true)}
          testId="favorite-tabs"
        />
      </div>
      {list.error ? <div className="placeholder">{list.error}</div> : null}
      {list.items && !list.items.length ? <div className="placeholder">Nothing loved yet — click a <span aria-hidden>♥</span> anywhere.</div> : null}
      {tab === 'tracks' ? (
        <>
          <TrackTable rows={(tracks.items ?? []).map((t) => ({ key: t.id, track: t }))} onPlay={(i) => playFrom(tracks.items ?? [], i)} testId="favorite-tracks" />
          <More shown={tracks.items?.length ?? 0} total={tracks.total} onMore={tracks.more} />
        </>
      ) : null}
      {tab === 'albums' && albums.items?.length ? <AlbumGrid albums={albums.items} /> : null}
      {tab === 'artists' && artists.items?.length ? <ArtistChips artists={artists.items} /> : null}
    </div>
  );
}
