import { useEffect, useState } from 'react';
import type { Folder, FolderDetail, Id } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { Icon } from '../components/Icon.tsx';
import { TrackTable } from '../components/trackTable/TrackTable.tsx';
import { ViewActions, ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { libraryActions, useLibraryGeneration } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import './FoldersView.css';

/** Children fetched so far, shared by the tree nodes. */
const childrenCache = new Map<Id, Folder[]>();

function TreeNode({ folder, selectedId, openIds, depth }: { folder: Folder; selectedId: Id | null; openIds: Set<Id>; depth: number }) {
  const [open, setOpen] = useState(openIds.has(folder.id));
  const [children, setChildren] = useState<Folder[] | null>(childrenCache.get(folder.id) ?? null);
  useEffect(() => {
    if (openIds.has(folder.id)) setOpen(true);
  }, [openIds, folder.id]);
  useEffect(() => {
    if (!open || children || folder.folderCount === 0) return;
    void client.folder(folder.id).then((d) => {
      childrenCache.set(folder.id, d.folders);
      setChildren(d.folders);
    });
  }, [open, children, folder.id, folder.folderCount]);
  return (
    <li>
      <div className={`tree-item${selectedId === folder.id ? ' selected' : ''}`} style={{ paddingLeft: 8 + depth * 14 }}>
        <button
          className={`tree-toggle${open ? ' open' : ''}`}
          onClick={() => setOpen(!open)}
          aria-label={open ? 'Collapse' : 'Expand'}
          style={{ visibility: folder.folderCount > 0 ? 'visible' : 'hidden' }}
        >
          <Icon name="chevron" size={14} />
        </button>
        <a href={href('folders', folder.id)} className="tree-label ellipsis" data-testid="folder-node">
          <Icon name="folder" size={15} />
          <span className="ellipsis">{folder.name}</span>
        </a>
      </div>
      {open && children?.length ? (
        <ul>
          {children.map((c) => (
            <TreeNode key={c.id} folder={c} selectedId={selectedId} openIds={openIds} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function FoldersView({ id }: { id: Id | null }) {
  const generation = useLibraryGeneration();
  const [roots, setRoots] = useState<Folder[] | null>(null);
  const [detail, setDetail] = useState<FolderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    childrenCache.clear();
    client.folders().then(setRoots, (e: Error) => setError(e.message));
  }, [generation]);
  useEffect(() => {
    if (id === null) {
      setDetail(null);
      return;
    }
    client.folder(id).then(
      (d) => {
        childrenCache.set(d.id, d.folders);
        libraryActions.putTracks(d.tracks);
        setDetail(d);
      },
      (e: Error) => setError(e.message),
    );
  }, [id, generation]);
  const openIds = new Set<Id>(detail ? [...detail.ancestors.map((a) => a.id), detail.id] : []);
  return (
    <div className="folders" data-testid="view-folders">
      <aside className="folder-tree">
        <div className="tree-heading">Folders</div>
        {error ? <div className="muted">{error}</div> : null}
        <ul>
          {roots?.map((f) => (
            <TreeNode key={f.id} folder={f} selectedId={id} openIds={openIds} depth={0} />
          ))}
        </ul>
      </aside>
      <section className="folder-pane">
        {detail ? (
          <>
            <nav className="crumbs" aria-label="Folder path">
              {detail.ancestors.map((a) => (
                <span key={a.id}>
                  <a href={href('folders', a.id)}>{a.name}</a>
                  <Icon name="chevron" size={12} />
                </span>
              ))}
              <span className="crumb-current">{detail.name}</span>
            </nav>
            <ViewHeader title={detail.name} subtitle={`${plural(detail.folderCount, 'folder')} · ${plural(detail.trackCount, 'track')}`}>
              {detail.tracks.length ? (
                <ViewActions>
                  <button className="btn primary" onClick={() => playerActions.playTracks(detail.tracks)} data-testid="play-folder">
                    <Icon name="play" size={14} /> Play
                  </button>
                  <button className="btn" onClick={() => playerActions.addToQueue(detail.tracks)}>
                    <Icon name="plus" size={14} /> Add to queue
                  </button>
                </ViewActions>
              ) : null}
            </ViewHeader>
            {detail.folders.length ? (
              <div className="subfolders">
                {detail.folders.map((f) => (
                  <a key={f.id} href={href('folders', f.id)} className="subfolder">
                    <Icon name="folder" size={20} />
                    <span className="ellipsis">{f.name}</span>
                    <span className="muted">{plural(f.trackCount, 'track')}</span>
                  </a>
                ))}
              </div>
            ) : null}
            {detail.tracks.length ? (
              <TrackTable
                preset="folder"
                label={`Tracks in ${detail.name}`}
                count={detail.tracks.length}
                rowAt={(i) => {
                  const t = detail.tracks[i];
                  return t ? { key: t.id, track: t } : undefined;
                }}
                version={detail}
                onPlay={(i) => playerActions.playTracks(detail.tracks, i)}
                testId="folder-tracks"
              />
            ) : null}
          </>
        ) : (
          <div className="placeholder">Pick a folder on the left.</div>
        )}
      </section>
    </div>
  );
}
