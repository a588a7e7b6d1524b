import { href, useRoute } from '../lib/router.ts';
import { menuActions } from '../stores/menus.ts';
import { playlistsActions, usePlaylistSummaries } from '../stores/playlists.ts';
import { playerActions } from '../stores/player.ts';
import { trackDropTarget } from './trackTable/tableActions.ts';
import { useQueueIds } from '../stores/queue.ts';
import { useIsRemote } from '../remote/store.ts';
import { Icon, type IconName } from './Icon.tsx';
import './Sidebar.css';

const library: [string, string, IconName][] = [
  ['albums', 'Albums', 'album'],
  ['songs', 'Songs', 'songs'],
  ['artists', 'Artists', 'artist'],
  ['genres', 'Genres', 'genre'],
  ['folders', 'Folders', 'folder'],
];
const discover: [string, string, IconName][] = [
  ['home', 'For you', 'sparkle'],
  ['recent', 'Recently played', 'history'],
  ['most-played', 'Most played', 'chart'],
  ['favorites', 'Favorites', 'heart'],
  ['stats', 'Listening stats', 'clock'],
];
const player: [string, string, IconName][] = [
  ['now-playing', 'Now Playing', 'nowPlaying'],
  ['queue', 'Queue', 'queue'],
];

function active(route: string, current: string): boolean {
  if (route === current) return true;
  return `${route}`.replace(/s$/, '') === current; // albums ↔ album, artists ↔ artist, ...
}

export function Sidebar() {
  const { parts } = useRoute();
  const current = parts[0] ?? 'albums';
  const queueLength = useQueueIds().length;
  // Remote mode: the folder tree is the desktop's disk layout; hidden.
  const remote = useIsRemote();
  const link = ([route, label, icon]: [string, string, IconName]) => (
    <a
      key={route}
      href={href(route)}
      className={`nav-link${active(route, current) ? ' active' : ''}`}
      data-testid={`nav-${route}`}
      aria-current={active(route, current) ? 'page' : undefined}
      title={label}
      {...(route === 'queue' ? trackDropTarget((ids) => playerActions.addToQueue(ids)) : {})}
    >
      <Icon name={icon} />
      <span className="nav-label">{label}</span>
      {route === 'queue' && queueLength > 0 ? <span className="nav-count">{queueLength}</span> : null}
    </a>
  );
  return (
    <nav className="sidebar" id="sidebar" aria-label="Main" data-testid="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <svg viewBox="0 0 32 32" width="26" height="26">
            <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" strokeWidth="2.5" />
            <circle cx="16" cy="16" r="4" fill="currentColor" />
            <path d="M27 4 L20 14" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
          </svg>
        </span>
        <span className="brand-name">Tonearm</span>
      </div>
      <div className="nav-group">
        <div className="nav-heading">Library</div>
        {library.filter(([route]) => !(remote && route === 'folders')).map(link)}
      </div>
      <div className="nav-group">
        <div className="nav-heading">Discover</div>
        {discover.map(link)}
      </div>
      <div className="nav-group">
        <div className="nav-heading">Playback</div>
        {player.map(link)}
      </div>
      <PlaylistNav current={current} currentId={parts[1]} />
      <div className="nav-spacer" />
      {link(['settings', 'Settings', 'settings'])}
    </nav>
  );
}

function PlaylistNav({ current, currentId }: { current: string; currentId: string | undefined }) {
  const playlists = usePlaylistSummaries();
  return (
    <div className="nav-group" data-testid="nav-playlists-group">
      <div className="nav-heading nav-heading-row">
        <a href={href('playlists')} className="nav-heading-link" data-testid="nav-playlists">Playlists</a>
        <button className="icon-btn nav-add" onClick={() => menuActions.openDialog({ kind: 'new-playlist' })} aria-label="New playlist" title="New playlist" data-testid="nav-new-playlist">
          <Icon name="plus" size={14} />
        </button>
      </div>
      <a href={href('smart')} className={`nav-link${current === 'smart' ? ' active' : ''}`} data-testid="nav-smart">
        <Icon name="smart" />
        <span className="nav-label">Smart playlists</span>
      </a>
      {playlists?.map((p) => {
        const on = current === 'playlist' && currentId === String(p.id);
        return (
          <a
            key={p.id}
            href={href('playlist', p.id)}
            className={`nav-link nav-playlist${on ? ' active' : ''}`}
            aria-current={on ? 'page' : undefined}
            data-testid="nav-playlist"
            data-playlist-id={p.id}
            title={p.name}
            {...trackDropTarget((ids) => void playlistsActions.add(p.id, { trackIds: ids }, p.name))}
          >
            <Icon name="playlist" />
            <span className="ellipsis nav-label">{p.name}</span>
          </a>
        );
      })}
    </div>
  );
}
