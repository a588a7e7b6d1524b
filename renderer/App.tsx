import { PlayerBar } from './components/PlayerBar.tsx';
import { Sidebar } from './components/Sidebar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { TopBar } from './components/TopBar.tsx';
import { EmptyLibrary } from './components/EmptyLibrary.tsx';
import { Overlays } from './components/Overlays.tsx';
import { useRoute } from './lib/router.ts';
import { useLibraryEmpty, useOffline } from './stores/settings.ts';
import { AlbumsView } from './views/AlbumsView.tsx';
import { AlbumView } from './views/AlbumView.tsx';
import { ArtistsView } from './views/ArtistsView.tsx';
import { ArtistView } from './views/ArtistView.tsx';
import { GenresView } from './views/GenresView.tsx';
import { GenreView } from './views/GenreView.tsx';
import { FoldersView } from './views/FoldersView.tsx';
import { NowPlayingView } from './views/NowPlayingView.tsx';
import { QueueView } from './views/QueueView.tsx';
import { SearchView } from './views/SearchView.tsx';
import { SongsView } from './views/SongsView.tsx';
import { SettingsView } from './views/SettingsView.tsx';
import { ForYouView } from './views/ForYouView.tsx';
import { FavoritesView, MostPlayedView, RecentlyAddedView, RecentlyPlayedView } from './views/HistoryViews.tsx';
import { MixView } from './views/MixView.tsx';
import { PlaylistsView } from './views/PlaylistsView.tsx';
import { PlaylistView } from './views/PlaylistView.tsx';
import { SimilarView } from './views/SimilarView.tsx';
import { SmartPlaylistsView, SmartPlaylistView } from './views/SmartPlaylistsView.tsx';
import { StatsView } from './views/StatsView.tsx';
import { layoutActions, useNavOpen } from './stores/layout.ts';
import './App.css';


function View() {
  const { parts, params } = useRoute();
  const empty = useLibraryEmpty();
  const [name = 'albums', arg] = parts;
  const id = arg === undefined ? NaN : Number(arg);
  if (name === 'settings') return <SettingsView />;
  if (name === 'queue') return <QueueView />;
  if (name === 'now-playing') return <NowPlayingView />;
  if (empty) return <EmptyLibrary />;
  switch (name) {
    case 'songs':
      return <SongsView />;
    case 'album':
      return Number.isFinite(id) ? <AlbumView key={id} id={id} /> : <AlbumsView />;
    case 'artists':
      return <ArtistsView />;
    case 'artist':
      return Number.isFinite(id) ? <ArtistView key={id} id={id} /> : <ArtistsView />;
    case 'genres':
      return <GenresView />;
    case 'genre':
      return Number.isFinite(id) ? <GenreView key={id} id={id} /> : <GenresView />;
    case 'folders':
      return <FoldersView id={Number.isFinite(id) ? id : null} />;
    case 'search':
      return <SearchView query={params.get('q') ?? ''} />;
    case 'home':
      return <ForYouView />;
    case 'playlists':
      return <PlaylistsView />;
    case 'playlist':
      return Number.isFinite(id) ? <PlaylistView key={id} id={id} /> : <PlaylistsView />;
    case 'smart':
      return Number.isFinite(id) ? <SmartPlaylistView key={id} id={id} /> : <SmartPlaylistsView />;
    case 'mix':
      return <MixView key={id} id={id} />;
    case 'similar':
      return <SimilarView key={arg ?? 'now'} id={Number.isFinite(id) ? id : null} />;
    case 'recent':
      return <RecentlyPlayedView />;
    case 'most-played': {
      const range = params.get('range');
      return <MostPlayedView range={range === 'week' || range === 'month' || range === 'year' ? range : 'all'} />;
    }
    case 'recently-added':
      return <RecentlyAddedView />;
    case 'favorites': {
      const tab = params.get('tab');
      return <FavoritesView tab={tab === 'albums' || tab === 'artists' ? tab : 'tracks'} />;
    }
    case 'stats':
      return <StatsView />;
    default:
      return <AlbumsView />;
  }
}

/** Moves keyboard focus to the view, past the sidebar (the hash is the router's: no #content link). */
function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#content"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById('content')?.focus();
      }}
      data-testid="skip-link"
    >
      Skip to content
    </a>
  );
}

export function App() {
  const offline = useOffline();
  const navOpen = useNavOpen();
  return (
    <div className={`app${navOpen ? ' nav-open' : ''}`}>
      <SkipLink />
      <Sidebar />
      {navOpen ? <div className="nav-scrim" onClick={layoutActions.closeNav} aria-hidden /> : null}
      <div className="main">
        <TopBar />
        {offline ? (
          <div className="banner" role="alert" data-testid="offline-banner">
            Can't reach the library: {offline}
          </div>
        ) : null}
        <main className="content" id="content" tabIndex={-1}>
          <View />
        </main>
      </div>
      <PlayerBar />
      <Toasts />
      <Overlays />
    </div>
  );
}
