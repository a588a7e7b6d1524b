import { useEffect, useState } from 'react';
import type { ScanProgress } from '../../app/contract/index.ts';
import { Icon } from '../components/Icon.tsx';
import { ShortcutList } from '../components/ShortcutList.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatBytes, formatLongDuration } from '../lib/format.ts';
import {
  settingsActions, useDemoLoading, useLibraryFolders, useScanErrors, useScanProgress, useStats,
} from '../stores/settings.ts';
import { SyncSettings } from './SyncSettings.tsx';
import { PlaybackSettings } from './PlaybackSettings.tsx';
import { LoudnessSettings } from './LoudnessSettings.tsx';
import { RemoteSettings } from '../remote/RemoteSettings.tsx';
import { isRemote, useIsRemote } from '../remote/store.ts';
import './SettingsView.css';

const phaseLabel: Record<ScanProgress['phase'], string> = {
  idle: 'Idle',
  walking: 'Finding files',
  parsing: 'Reading tags',
  writing: 'Saving',
  covers: 'Cover art',
  done: 'Done',
};

function ScanStatus() {
  const p = useScanProgress();
  const running = p?.running === true;
  const pct = p && p.found > 0 ? Math.min(100, (p.parsed / p.found) * 100) : 0;
  return (
    <div className="card">
      <div className="card-head">
        <h2>Scan</h2>
        <button className="btn primary" onClick={() => void settingsActions.rescan()} disabled={running} data-testid="rescan">
          <Icon name="refresh" size={14} /> {running ? 'Scanning…' : 'Rescan library'}
        </button>
      </div>
      <div
        className={`progress${running ? ' running' : ''}${running && p?.phase === 'walking' ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        data-testid="scan-progress"
      >
        <div className="progress-fill" style={{ width: `${running ? pct : p?.last ? 100 : 0}%` }} />
      </div>
      <div className="scan-line muted" data-testid="scan-status">
        {running && p ? (
          <>
            {phaseLabel[p.phase]} · {p.parsed.toLocaleString()} / {p.found.toLocaleString()} files
            {p.rate ? ` · ${Math.round(p.rate)} files/s` : ''}
            {p.errors ? ` · ${p.errors} errors` : ''}
          </>
        ) : p?.last ? (
          <>
            Last scan: {p.last.tracks.toLocaleString()} tracks · {p.last.added} added · {p.last.updated} updated · {p.last.removed} removed
            {p.last.moved ? ` · ${p.last.moved} moved` : ''} · {p.last.errors} errors · {(p.last.elapsedMs / 1000).toFixed(1)} s
          </>
        ) : (
          'No scan yet'
        )}
      </div>
      {running && p?.currentPath ? <div className="scan-path ellipsis">{p.currentPath}</div> : null}
      {p?.notice ? <div className="scan-notice" role="status" data-testid="scan-notice">{p.notice}</div> : null}
    </div>
  );
}

function Folders() {
  const folders = useLibraryFolders();
  const [path, setPath] = useState('');
  const demoLoading = useDemoLoading();
  const bridge = window.tonearm;
  const add = async (p: string) => {
    if (await settingsActions.addFolder(p)) setPath('');
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>Library folders</h2>
        <button className="btn" onClick={() => void settingsActions.loadDemo()} disabled={demoLoading} data-testid="settings-demo">
          {demoLoading ? 'Loading demo…' : 'Add the demo library'}
        </button>
      </div>
      <ul className="folder-list" data-testid="library-folders">
        {folders?.length === 0 ? <li className="muted">No folders yet. Add the folder that holds your music.</li> : null}
        {folders?.map((f) => (
          <li key={f} data-testid="library-folder">
            <Icon name="folder" size={16} />
            <span className="ellipsis">{f}</span>
            <button className="icon-btn" onClick={() => void settingsActions.removeFolder(f)} aria-label={`Remove ${f}`} title="Remove">
              <Icon name="close" size={14} />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="add-folder"
        onSubmit={(e) => {
          e.preventDefault();
          void add(path);
        }}
      >
        <input
          className="text-input"
          placeholder="/home/you/Music"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-label="Folder path"
          data-testid="folder-input"
          spellCheck={false}
        />
        <button className="btn primary" type="submit" disabled={!path.trim()} data-testid="folder-add">
          <Icon name="plus" size={14} /> Add folder
        </button>
        {bridge ? (
          <button
            className="btn"
            type="button"
            data-testid="folder-browse"
            onClick={() => void bridge.chooseFolder().then((p) => (p ? add(p) : undefined))}
          >
            Browse…
          </button>
        ) : null}
      </form>
    </div>
  );
}

function Stats() {
  const s = useStats();
  if (!s) return null;
  const cells: [string, string][] = [
    ['Tracks', s.tracks.toLocaleString()],
    ['Albums', s.albums.toLocaleString()],
    ['Artists', s.artists.toLocaleString()],
    ['Genres', s.genres.toLocaleString()],
    ['Playing time', formatLongDuration(s.durationMs)],
    ['On disk', formatBytes(s.bytes)],
  ];
  return (
    <div className="card">
      <div className="card-head">
        <h2>Library</h2>
      </div>
      <div className="stats" data-testid="stats">
        {cells.map(([k, v]) => (
          <div key={k} className="stat">
            <div className="stat-value">{v}</div>
            <div className="stat-label">{k}</div>
          </div>
        ))}
      </div>
    </div>
  );
}

function Errors() {
  const errors = useScanErrors();
  if (!errors) return null;
  return (
    <div className="card">
      <div className="card-head">
        <h2>Files that could not be read {errors.length ? <span className="badge">{errors.length}</span> : null}</h2>
      </div>
      {errors.length === 0 ? (
        <div className="muted">None — every file was read.</div>
      ) : (
        <ul className="error-list" data-testid="scan-errors">
          {errors.slice(0, 200).map((e) => (
            <li key={e.path}>
              <div className="ellipsis error-path" title={e.path}>{e.path}</div>
              <div className="error-reason">{e.reason}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SettingsView() {
  const remote = useIsRemote();
  useEffect(() => {
    // Remote mode (sync server): no folders or scan errors there.
    if (!isRemote()) {
      void settingsActions.loadFolders();
      void settingsActions.loadErrors();
    }
    void settingsActions.loadStats();
  }, []);
  return (
    <div className="view settings" data-testid="view-settings">
      <ViewHeader title="Settings" />
      {remote ? <RemoteSettings /> : <Folders />}
      {remote ? null : <ScanStatus />}
      <Stats />
      {remote ? null : <Errors />}
      <PlaybackSettings />
      {remote ? null : <LoudnessSettings />}
      {remote ? null : <SyncSettings />}
      <div className="card">
        <div className="card-head">
          <h2>Keyboard</h2>
        </div>
        <ShortcutList testId="settings-shortcuts" />
      </div>
    </div>
  );
}
