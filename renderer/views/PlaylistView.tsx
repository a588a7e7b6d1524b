import { useEffect, useState } from 'react';
import type { Id, M3uFormat } from '../../app/contract/index.ts';
import { playlistClient } from '../api/playlists.ts';
import { Icon } from '../components/Icon.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { DetailStatus, StaleNotice } from '../components/DetailStatus.tsx';
import { Menu } from '../components/Menu.tsx';
import { TrackTable, type TableRow } from '../components/trackTable/TrackTable.tsx';
import { formatLongDuration, plural } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { timeAgo } from '../lib/when.ts';
import { menuActions } from '../stores/menus.ts';
import { playlistsActions, useIsDeleting, usePlaylistDetail } from '../stores/playlists.ts';
import { ImportButton, playPlaylist } from './PlaylistsView.tsx';
import { PinButton } from '../remote/RemoteSettings.tsx';
import { useIsRemote } from '../remote/store.ts';
import './PlaylistView.css';

function download(format: M3uFormat, id: Id): void {
  const a = document.createElement('a');
  a.href = playlistClient.exportUrl(id, { format, paths: 'absolute' });
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function PlaylistView({ id }: { id: Id }) {
  const state = usePlaylistDetail(id);
  const playlist = state.kind === 'ready' ? state.item : undefined;
  const deleting = useIsDeleting(id);
  const remote = useIsRemote();
  const [exportMenu, setExportMenu] = useState<{ x: number; y: number } | null>(null);
  useEffect(() => {
    if (deleting) navigate(href('playlists'), true);
  }, [deleting]);
  if (!playlist) return <DetailStatus state={state} />;
  const entries = playlist.entries;
  const rows: TableRow[] = entries.map((e) => ({ key: e.id, track: e.track, extra: timeAgo(e.addedAt) }));
  return (
    <div className="view" data-testid="view-playlist">
      <DetailHeader
        cover={{ of: 'mosaic', coverIds: playlist.coverIds }}
        kind="Playlist"
        title={playlist.name}
        description={playlist.description}
        sub={
          <>
            <span>{plural(playlist.trackCount, 'track')}</span>
            {playlist.durationMs ? <span> · {formatLongDuration(playlist.durationMs)}</span> : null}
            <span> · updated {timeAgo(playlist.updatedAt)}</span>
          </>
        }
        play={{ onPlay: () => void playPlaylist(id), onShuffle: () => void playPlaylist(id, true), disabled: !entries.length }}
        testIds={{ title: 'playlist-title', description: 'playlist-description', play: 'play-playlist', shuffle: 'shuffle-playlist' }}
      >
        {remote ? <PinButton pinKey={`playlist:${id}`} label={playlist.name} trackIds={() => entries.map((e) => e.track.id)} /> : null}
        <button className="btn" onClick={() => menuActions.openDialog({ kind: 'edit-playlist', id })} data-testid="edit-playlist">
          <Icon name="edit" size={14} /> Edit
        </button>
        <button
          className="btn"
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            setExportMenu({ x: r.left, y: r.bottom + 6 });
          }}
          disabled={!entries.length}
          data-testid="export-playlist"
        >
          <Icon name="download" size={14} /> Export
        </button>
        <button className="btn" onClick={() => playlistsActions.delete(id)} data-testid="delete-playlist">
          <Icon name="trash" size={14} /> Delete
        </button>
      </DetailHeader>
      {exportMenu ? (
        <Menu
          x={exportMenu.x}
          y={exportMenu.y}
          onClose={() => setExportMenu(null)}
          header="Download as"
          items={[
            { label: 'M3U8 (UTF-8, recommended)', icon: 'download', onSelect: () => download('m3u8', id), testId: 'export-m3u8' },
            { label: 'M3U (legacy players)', icon: 'download', onSelect: () => download('m3u', id), testId: 'export-m3u' },
          ]}
        />
      ) : null}
      <StaleNotice view={state} />
      {entries.length === 0 ? (
        <div className="placeholder">
          This playlist is empty. Right-click songs anywhere (or use <Icon name="more" size={14} />) → Add to playlist, or add a whole album from its page.
          <div style={{ marginTop: 16 }}>
            <ImportButton />
          </div>
        </div>
      ) : (
        <>
          <div className="pl-hint muted">Drag to reorder · Alt+↑↓ moves · Del removes</div>
          <TrackTable
            preset="playlist"
            label={`Tracks of ${playlist.name}`}
            count={rows.length}
            rowAt={(i) => rows[i]}
            version={playlist}
            testId="playlist-entries"
            rowTestId="playlist-entry"
            removeLabel="Remove from playlist"
            onPlay={(i) => void playPlaylist(id, false, i)}
            onRemove={(idx) => {
              const ids = idx.map((i) => entries[i]?.id).filter((x): x is Id => x !== undefined);
              if (ids.length) void playlistsActions.removeEntries(id, ids);
            }}
            onMove={(idx, before) => {
              // One block in playlist order, before the entry at `before` (or at the end): one request.
              const anchor = before === null ? null : (entries[before]?.id ?? null);
              const moving = [...idx].sort((a, b) => a - b).map((i) => entries[i]?.id).filter((x): x is Id => x !== undefined);
              if (moving.length) void playlistsActions.move(id, moving, anchor);
            }}
          />
        </>
      )}
    </div>
  );
}
