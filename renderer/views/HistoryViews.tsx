// Recently played, Most played (week / month / all time), Recently added, Favorites. Every list
// is paged as it scrolls (never cut) and plays as a whole.
import { useEffect } from 'react';
import type { Album, Artist, PlayedTrack, PlayRange, Track } from '../../app/contract/index.ts';
import { historyClient, prefsClient } from '../api/playlists.ts';
import { AlbumCard } from '../components/AlbumGrid.tsx';
import { Cover } from '../components/Cover.tsx';
import { Heart } from '../components/Prefs.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { TrackTable, type TableRow } from '../components/trackTable/TrackTable.tsx';
import { usePagedRows, type PagedRows } from '../components/trackTable/usePagedRows.ts';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { listenTime, timeAgo } from '../lib/when.ts';
import { lookupTrackPrefs } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { prefsActions, useFavoritesGeneration } from '../stores/prefs.ts';
import { toastActions } from '../stores/toasts.ts';
import { useOnPlaysReported } from './ForYouView.tsx';
import './HistoryViews.css';

/** Plays the whole list (every page) from row `index`. */
function playAll<T>(rows: PagedRows<T, TableRow>, index: number, trackOf: (item: T) => Track): void {
  rows.list.loadAll().then((items) => playerActions.playTracks(items.map(trackOf), index), (e: Error) => toastActions.error(e.message));
}

function HistoryTable<T>({ rows, label, testId, extraLabel, trackOf }: { rows: PagedRows<T, TableRow>; label: string; testId: string; extraLabel: string; trackOf: (item: T) => Track }) {
  return (
    <TrackTable
      preset="list"
      label={label}
      count={rows.total ?? 0}
      rowAt={rows.rowAt}
      version={rows.version}
      onRange={rows.onRange}
      onPlay={(i) => playAll(rows, i, trackOf)}
      extraLabel={extraLabel}
      testId={testId}
    />
  );
}

const playedTrack = (p: PlayedTrack) => p.track;
const plainTrack = (t: Track) => t;

export function RecentlyPlayedView() {
  const rows = usePagedRows<PlayedTrack, TableRow>('recent', (offset, limit) => historyClient.recent({ offset, limit }), (p) => ({
    key: p.track.id,
    track: p.track,
    extra: `${p.lastPlayedAt ? timeAgo(p.lastPlayedAt) : ''} · ${plural(p.playCount, 'play')}`,
  }), (items) => lookupTrackPrefs(items.map(playedTrack)));
  useOnPlaysReported(rows.list.reload);
  return (
    <div className="view" data-testid="view-recent">
      <ViewHeader title="Recently played" subtitle="A play counts after 30 s of listening, or half of a short track." />
      {rows.error ? <div className="placeholder" role="alert">{rows.error}</div> : null}
      {rows.total === 0 ? <div className="placeholder">Nothing played yet.</div> : null}
      <HistoryTable rows={rows} label="Recently played" testId="recent-tracks" extraLabel="Last played" trackOf={playedTrack} />
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
  const rows = usePagedRows<PlayedTrack, TableRow>(range, (offset, limit) => historyClient.mostPlayed({ range, offset, limit }), (p) => ({
    key: p.track.id,
    track: p.track,
    extra: `${plural(p.plays, 'play')} · ${listenTime(p.msListened)}`,
  }), (items) => lookupTrackPrefs(items.map(playedTrack)));
  useOnPlaysReported(rows.list.reload);
  return (
    <div className="view" data-testid="view-most-played">
      <ViewHeader title="Most played" count={{ total: rows.total, noun: 'track' }}>
        <Tabs value={range} options={ranges} onChange={(r) => navigate(`${href('most-played')}?range=${r}`, true)} testId="range-tabs" />
      </ViewHeader>
      {rows.error ? <div className="placeholder" role="alert">{rows.error}</div> : null}
      {rows.total === 0 ? <div className="placeholder">No plays in this period.</div> : null}
      <HistoryTable rows={rows} label="Most played" testId="most-played-tracks" extraLabel="Plays" trackOf={playedTrack} />
    </div>
  );
}

export function RecentlyAddedView() {
  const rows = usePagedRows<Track, TableRow>('added', (offset, limit) => historyClient.recentlyAdded({ offset, limit }), (t) => ({
    key: t.id,
    track: t,
    extra: timeAgo(t.addedAt),
  }), lookupTrackPrefs);
  return (
    <div className="view" data-testid="view-recently-added">
      <ViewHeader title="Recently added" count={{ total: rows.total, noun: 'track' }} />
      {rows.error ? <div className="placeholder" role="alert">{rows.error}</div> : null}
      <HistoryTable rows={rows} label="Recently added" testId="recently-added-tracks" extraLabel="Added" trackOf={plainTrack} />
    </div>
  );
}

type FavTab = 'tracks' | 'albums' | 'artists';

function ArtistChip({ a }: { a: Artist }) {
  return (
    <div className="artist-chip" data-testid="favorite-artist">
      <a href={href('artist', a.id)} className="artist-chip-link">
        <Cover coverId={a.coverId} alt="" seed={a.name} size="thumb" className="artist-chip-cover" />
        <span className="ellipsis">{a.name}</span>
      </a>
      <Heart kind="artist" id={a.id} label={a.name} />
    </div>
  );
}

/** Favorite albums or artists: every page, loaded as the list grows (these lists stay small). */
function FavoriteCards<T extends Album | Artist>({ rows, render }: { rows: PagedRows<T, T>; render: (item: T) => React.ReactNode }) {
  const total = rows.total ?? 0;
  useEffect(() => rows.list.ensureRange(0, total), [rows.list, total]);
  const items: T[] = [];
  for (let i = 0; i < total; i++) {
    const it = rows.rowAt(i);
    if (it) items.push(it);
  }
  return <>{items.map(render)}</>;
}

export function FavoritesView({ tab }: { tab: FavTab }) {
  const generation = useFavoritesGeneration();
  const tracks = usePagedRows<Track, TableRow>(`t${generation}`, (offset, limit) => prefsClient.favoriteTracks({ offset, limit }), (t) => ({ key: t.id, track: t }), (items) => prefsActions.markFavorite('track', items.map((t) => t.id)));
  const albums = usePagedRows<Album, Album>(`a${tab}${generation}`, (offset, limit) => (tab === 'albums' ? prefsClient.favoriteAlbums({ offset, limit }) : Promise.resolve({ items: [], total: 0, offset, limit })), (a) => a);
  const artists = usePagedRows<Artist, Artist>(`r${tab}${generation}`, (offset, limit) => (tab === 'artists' ? prefsClient.favoriteArtists({ offset, limit }) : Promise.resolve({ items: [], total: 0, offset, limit })), (a) => a);
  const list = tab === 'tracks' ? tracks : tab === 'albums' ? albums : artists;
  return (
    <div className="view" data-testid="view-favorites">
      <ViewHeader
        title="Favorites"
        subtitle={
          <>
            Press <kbd>L</kbd> to love what is playing.
          </>
        }
      >
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
      </ViewHeader>
      {list.error ? <div className="placeholder" role="alert">{list.error}</div> : null}
      {list.total === 0 ? <div className="placeholder">Nothing loved yet — click a <span aria-hidden>♥</span> anywhere.</div> : null}
      {tab === 'tracks' && tracks.total ? <HistoryTable rows={tracks} label="Favorite songs" testId="favorite-tracks" extraLabel="" trackOf={plainTrack} /> : null}
      {tab === 'albums' && albums.total ? (
        <div className="album-grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(168px, 1fr))' }}>
          <FavoriteCards rows={albums} render={(a) => <AlbumCard key={a.id} album={a} />} />
        </div>
      ) : null}
      {tab === 'artists' && artists.total ? (
        <div className="artist-chips">
          <FavoriteCards rows={artists} render={(a) => <ArtistChip key={a.id} a={a} />} />
        </div>
      ) : null}
    </div>
  );
}
