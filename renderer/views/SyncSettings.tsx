import { useEffect, useState } from 'react';
import type { SyncRunPhase } from '../../app/contract/index.ts';
import { Icon } from '../components/Icon.tsx';
import { formatBytes } from '../lib/format.ts';
import { syncActions, useSyncSaving, useSyncStatus } from '../stores/sync.ts';
import './SyncSettings.css';

const phaseLabel: Record<SyncRunPhase, string> = {
  idle: 'Idle',
  reading: 'Reading the library',
  loudness: 'Measuring loudness',
  manifest: 'Comparing with the server',
  transcoding: 'Transcoding',
  uploading: 'Uploading',
  committing: 'Publishing',
  removing: 'Removing deleted tracks',
  done: 'Done',
};

/** Settings → Sync: server address, device token, "Sync now", progress, last result, errors. */
export function SyncSettings() {
  const status = useSyncStatus();
  const saving = useSyncSaving();
  const [server, setServer] = useState('');
  const [token, setToken] = useState('');
  useEffect(() => {
    void syncActions.load();
    return syncActions.watch();
  }, []);
  useEffect(() => {
    if (status?.server) setServer((s) => s || (status.server ?? ''));
  }, [status?.server]);

  const running = status?.running === true;
  const p = status?.progress;
  const pct = p && p.tracks.total > 0 ? Math.min(100, (p.tracks.done / p.tracks.total) * 100) : 0;
  const dirty = server.trim() !== (status?.server ?? '') || token !== '';
  const canRun = Boolean(status?.server && status.hasToken) && !running && !dirty;
  return (
    <div className="card" data-testid="sync-settings">
      <div className="card-head">
        <h2>Sync</h2>
        <button className="btn primary" onClick={() => void syncActions.run()} disabled={!canRun} data-testid="sync-now">
          <Icon name="refresh" size={14} /> {running ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      <form
        className="sync-form"
        onSubmit={(e) => {
          e.preventDefault();
          void syncActions.save(server.trim(), token.trim()).then((ok) => ok && setToken(''));
        }}
      >
        <label className="sync-field">
          <span className="muted">Server</span>
          <input
            className="text-input"
            placeholder="https://sync.example.com"
            value={server}
            onChange={(e) => setServer(e.target.value)}
            spellCheck={false}
            data-testid="sync-server"
          />
        </label>
        <label className="sync-field">
          <span className="muted">Device token</span>
          <input
            className="text-input"
            type="password"
            placeholder={status?.hasToken ? 'Stored — type to replace' : 'From the sync server'}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
            data-testid="sync-token"
          />
        </label>
        <button className="btn" type="submit" disabled={!dirty || saving} data-testid="sync-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </form>
      <div
        className={`progress${running ? ' running' : ''}${running && (!p || p.tracks.total === 0) ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        data-testid="sync-progress"
      >
        <div className="progress-fill" style={{ width: `${running ? pct : status?.last ? 100 : 0}%` }} />
      </div>
      <div className="scan-line muted" data-testid="sync-status">
        {running && p ? (
          <>
            {phaseLabel[p.phase]} · {p.tracks.done.toLocaleString()} / {p.tracks.total.toLocaleString()} tracks
            {p.objects.total ? ` · ${p.objects.done} / ${p.objects.total} files` : ''}
            {p.bytes.done ? ` · ${formatBytes(p.bytes.done)}` : ''}
            {p.rate ? ` · ${formatBytes(p.rate)}/s` : ''}
            {p.failures ? ` · ${p.failures} failed` : ''}
          </>
        ) : running ? (
          'Starting…'
        ) : status?.last ? (
          <>
            Last sync {new Date(status.last.at).toLocaleString()}: {status.last.tracks.toLocaleString()} tracks · {status.last.uploaded} files
            uploaded ({formatBytes(status.last.bytes)}) · {status.last.skipped.toLocaleString()} up to date · {status.last.failed} failed ·{' '}
            {(status.last.elapsedMs / 1000).toFixed(1)} s
          </>
        ) : (
          'Not synced yet. Sync uploads compact copies of your library to your own storage.'
        )}
      </div>
      {status?.error ? <div className="sync-error" data-testid="sync-error">{status.error}</div> : null}
    </div>
  );
}
