import { href } from '../lib/router.ts';
import { settingsActions, useDemoLoading, useScanProgress } from '../stores/settings.ts';
import { Icon } from './Icon.tsx';
import { useIsRemote } from '../remote/store.ts';
import './EmptyLibrary.css';

export function EmptyLibrary() {
  const loading = useDemoLoading();
  const remote = useIsRemote();
  const progress = useScanProgress();
  const scanning = loading || progress?.running === true;
  if (remote) {
    return (
      <div className="empty" data-testid="empty-library">
        <h1>Nothing synced yet</h1>
        <p>This sync server has no tracks. Turn on sync in Tonearm on the computer that holds your music.</p>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="empty-library">
      <div className="empty-art" aria-hidden>
        <Icon name="album" size={56} />
      </div>
      <h1>Your library is empty</h1>
      <p>
        Tonearm plays music from folders on your disk. Open <a href={href('settings')}>Settings</a>, add the folder
        that holds your music (for example <code>~/Music</code>), and Tonearm indexes it — tags, albums, artists and
        cover art. Nothing leaves your machine.
      </p>
      <div className="empty-actions">
        <a className="btn primary" href={href('settings')} data-testid="empty-add-folder">
          <Icon name="folder" size={16} /> Add a music folder
        </a>
        <button className="btn" onClick={() => void settingsActions.loadDemo()} disabled={scanning} data-testid="try-demo">
          <Icon name="play" size={14} /> {scanning ? 'Loading the demo…' : 'Try the demo library'}
        </button>
      </div>
      <p className="empty-note">The demo library is a handful of short synthesized tracks, so you can try the player right away.</p>
    </div>
  );
}
