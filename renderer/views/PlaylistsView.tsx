import { useEffect, useRef, useState } from 'react';
import type { PlaylistImportResult, PlaylistSummary } from '../../app/contract/index.ts';
import { CoverMosaic } from '../components/CoverMosaic.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Icon } from '../components/Icon.tsx';
import { ViewActions, ViewHeader } from '../components/ViewHeader.tsx';
import { formatLongDuration, plural } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { menuActions } from '../stores/menus.ts';
import { playerActions } from '../stores/player.ts';
import { playlistsActions, usePlaylistSummaries } from '../stores/playlists.ts';
import { setPlayContext } from '../audio/playReporter.ts';
import './PlaylistsView.css';

export async function playPlaylist(id: number, shuffle = false, start = 0): Promise<void> {
  const p = await playlistsActions.load(id);
  const tracks = p.entries.map((e) => e.track);
  setPlayContext('playlist', id, tracks.map((t) => t.id));
  if (shuffle) playerActions.shufflePlay(tracks);
  else playerActions.playTracks(tracks, start);
}

function PlaylistCard({ p }: { p: PlaylistSummary }) {
  return (
    <div className="pl-card" data-testid="playlist-card" data-playlist-id={p.id}>
      <div className="pl-card-art-wrap">
        <a href={href('playlist', p.id)} className="pl-card-art" aria-label={p.name}>
          <CoverMosaic coverIds={p.coverIds} alt={p.name} />
        </a>
        {p.trackCount ? (
          <button className="album-play pl-card-play" onClick={() => void playPlaylist(p.id)} aria-label={`Play ${p.name}`}>
            <Icon name="play" size={20} />
          </button>
        ) : null}
      </div>
      <a href={href('playlist', p.id)} className="pl-card-title ellipsis">{p.name}</a>
      <div className="pl-card-sub ellipsis muted">
        {plural(p.trackCount, 'track')}
        {p.durationMs ? ` · ${formatLongDuration(p.durationMs)}` : ''}
      </div>
    </div>
  );
}

/** The unmatched-entries report after an M3U import. */
export function ImportReport({ result, onClose }: { result: PlaylistImportResult; onClose: () => void }) {
  return (
    <Dialog title={`Imported “${result.playlist.name}”`} onClose={onClose} testId="import-report" wide={result.unmatched.length > 0}>
      <div className="import-summary" data-testid="import-summary">
        <span><b>{result.entries}</b> entries</span>
        <span><b>{result.matchedByPath}</b> matched by path</span>
        <span><b>{result.matchedByTags}</b> matched by tags</span>
        <span className={result.unmatched.length ? 'warn' : ''}><b>{result.unmatched.length}</b> not found</span>
      </div>
      {result.unmatched.length ? (
        <div className="unmatched" data-testid="import-unmatched">
          <div className="unmatched-head muted">
            <span>Line</span>
            <span>Entry</span>
            <span>Path</span>
          </div>
          {result.unmatched.map((u) => (
            <div key={u.line} className="unmatched-row">
              <span className="muted">{u.line}</span>
              <span className="ellipsis">{u.artist || u.title ? `${u.artist ?? '?'} — ${u.title ?? '?'}` : '—'}</span>
              <span className="ellipsis muted" title={u.path}>{u.path}</span>
            </div>
          ))}
        </div>
      ) : (
        <div className="muted">Every entry was found in your library.</div>
      )}
      <div className="dialog-actions-inline">
        <button type="button" className="btn primary" onClick={() => { onClose(); navigate(href('playlist', result.playlist.id)); }}>
          Open playlist
        </button>
      </div>
    </Dialog>
  );
}

/** "Import M3U" button: a file input → POST, then the report. */
export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<PlaylistImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button className="btn" onClick={() => input.current?.click()} disabled={busy} data-testid="import-m3u">
        <Icon name="upload" size={14} /> {busy ? 'Importing…' : 'Import M3U'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".m3u,.m3u8,audio/x-mpegurl,application/vnd.apple.mpegurl"
        hidden
        data-testid="import-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          try {
            const text = await file.text();
            const r = await playlistsActions.importM3u(text, file.name.replace(/\.m3u8?$/i, ''));
            if (r) setResult(r);
          } finally {
            setBusy(false);
          }
        }}
      />
      {result ? <ImportReport result={result} onClose={() => setResult(null)} /> : null}
    </>
  );
}

export function PlaylistsView() {
  const playlists = usePlaylistSummaries();
  useEffect(() => {
    void playlistsActions.loadList();
  }, []);
  return (
    <div className="view" data-testid="view-playlists">
      <ViewHeader title="Playlists" count={{ total: playlists?.length, noun: 'playlist' }}>
        <ViewActions>
          <a className="btn" href={href('smart')}>
            <Icon name="smart" size={14} /> Smart playlists
          </a>
          <ImportButton />
          <button className="btn primary" onClick={() => menuActions.openDialog({ kind: 'new-playlist' })} data-testid="new-playlist">
            <Icon name="plus" size={14} /> New playlist
          </button>
        </ViewActions>
      </ViewHeader>
      {playlists && playlists.length === 0 ? (
        <div className="placeholder">
          No playlists yet. Create one, import an M3U file, or right-click any song → Add to playlist.
        </div>
      ) : null}
      <div className="pl-grid">
        {playlists?.map((p) => <PlaylistCard key={p.id} p={p} />)}
      </div>
    </div>
  );
}
