import { href, useRoute } from '../lib/router.ts';
import { useQueueIds } from '../stores/queue.ts';
import { Icon, type IconName } from './Icon.tsx';
import './Sidebar.css';

const library: [string, string, IconName][] = [
  ['albums', 'Albums', 'album'],
  ['songs', 'Songs', 'songs'],
  ['artists', 'Artists', 'artist'],
  ['genres', 'Genres', 'genre'],
  ['folders', 'Folders', 'folder'],
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
  const link = ([route, label, icon]: [string, string, IconName]) => (
    <a
      key={route}
      href={href(route)}
      className={`nav-link${active(route, current) ? ' active' : ''}`}
      data-testid={`nav-${route}`}
      aria-current={active(route, current) ? 'page' : undefined}
    >
      <Icon name={icon} />
      <span>{label}</span>
      {route === 'queue' && queueLength > 0 ? <span className="nav-count">{queueLength}</span> : null}
    </a>
  );
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <svg viewBox="0 0 32 32" width="26" height="26">
            <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" strokeWidth="2.5" />
            <circle cx="16" cy="16" r="4" fill="currentColor" />
            <path d="M27 4 L20 14" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
          </svg>
        </span>
        Tonearm
      </div>
      <div className="nav-group">
        <div className="nav-heading">Library</div>
        {library.map(link)}
      </div>
      <div className="nav-group">
        <div className="nav-heading">Playback</div>
        {player.map(link)}
      </div>
      <div className="nav-spacer" />
      {link(['settings', 'Settings', 'settings'])}
    </nav>
  );
}
