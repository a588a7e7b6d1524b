// The app-wide popups: track context menu, "Add to playlist" menu, playlist create/edit dialog.
import { useEffect, useState } from 'react';
import type { Id, Track } from '../../app/contract/index.ts';
import { artistNames } from '../lib/artists.ts';
import { href, navigate } from '../lib/router.ts';
import { menuActions, useOpenDialog, useOpenMenu, type AddTarget } from '../stores/menus.ts';
import { playerActions } from '../stores/player.ts';
import { playlistsActions, usePlaylist, usePlaylistSummaries } from '../stores/playlists.ts';
import { prefsActions, usePrefs } from '../stores/prefs.ts';
import { Dialog, Field } from './Dialog.tsx';
import { Menu, type MenuItem } from './Menu.tsx';
import { ShortcutList } from './ShortcutList.tsx';

function addItems(target: AddTarget, playlists: { id: number; name: string }[]): MenuItem[] {
  return [
    {
      label: 'New playlist…',
      icon: 'plus',
      testId: 'add-to-new-playlist',
      onSelect: () => menuActions.openDialog({ kind: 'new-playlist', add: target }),
    },
    ...playlists.map((p, i) => ({
      label: p.name,
      icon: 'playlist' as const,
      separator: i === 0,
      testId: 'add-to-playlist-item',
      onSelect: () => void playlistsActions.add(p.id, target.albumIds ? { albumIds: target.albumIds } : { trackIds: target.trackIds ?? [] }, p.name),
    })),
  ];
}

const idOf = (t: Track | Id): Id => (typeof t === 'number' ? t : t.id);

function trackTarget(tracks: (Track | Id)[]): AddTarget {
  const first = tracks[0];
  return { trackIds: tracks.map(idOf), label: tracks.length === 1 && first !== undefined && typeof first !== 'number' ? first.title : `${tracks.length} tracks` };
}

function TrackMenu({ x, y, tracks, extra }: { x: number; y: number; tracks: (Track | Id)[]; extra: MenuItem[] }) {
  const playlists = usePlaylistSummaries() ?? [];
  const first = tracks[0];
  const single = tracks.length === 1 && first !== undefined && typeof first !== 'number' ? first : undefined;
  const prefs = usePrefs('track', single?.id);
  const items: MenuItem[] = [
    { label: 'Play next', icon: 'playNext', onSelect: () => playerActions.playNext(tracks) },
    { label: 'Add to queue', icon: 'queue', onSelect: () => playerActions.addToQueue(tracks) },
    { label: 'Add to playlist', icon: 'playlist', submenu: addItems(trackTarget(tracks), playlists), testId: 'menu-add-to-playlist' },
  ];
  if (single) {
    items.push({
      label: prefs?.favorite ? 'Remove from favorites' : 'Love',
      icon: 'heart',
      separator: true,
      testId: 'menu-love',
      onSelect: () => void prefsActions.toggleFavorite('track', single.id),
    });
    items.push({
      label: prefs?.rating ? `Rating: ${'★'.repeat(prefs.rating)}` : 'Rate',
      ariaLabel: prefs?.rating ? `Rating: ${prefs.rating} of 5 stars` : 'Rate',
      icon: 'star',
      testId: 'menu-rate',
      submenu: [5, 4, 3, 2, 1, 0].map((n) => ({
        label: n ? `${'★'.repeat(n)}${'☆'.repeat(5 - n)}` : 'No rating',
        ariaLabel: n ? `${n} star${n > 1 ? 's' : ''}` : 'No rating',
        testId: `menu-rate-${n}`,
        onSelect: () => void prefsActions.setRating('track', single.id, n),
      })),
    });
    items.push({ label: 'Similar tracks', icon: 'sparkle', onSelect: () => navigate(href('similar', single.id)), testId: 'menu-similar' });
    if (single.albumId !== null) items.push({ label: 'Go to album', icon: 'album', onSelect: () => navigate(href('album', single.albumId as number)), testId: 'menu-go-album' });
    const artist = single.artists[0];
    if (artist) items.push({ label: `Go to ${artist.name}`, icon: 'artist', onSelect: () => navigate(href('artist', artist.id)), testId: 'menu-go-artist' });
  } else {
    items.push({
      label: `Love ${tracks.length} tracks`,
      icon: 'heart',
      separator: true,
      onSelect: () => void prefsActions.setFavoriteMany('track', tracks.map(idOf), true),
    });
  }
  extra.forEach((item, i) => items.push(i === 0 ? { ...item, separator: true } : item));
  const header = single ? `${single.title} — ${artistNames(single)}` : `${tracks.length.toLocaleString()} tracks`;
  return <Menu x={x} y={y} items={items} onClose={menuActions.closeMenu} header={header} />;
}

function AddMenu({ x, y, target }: { x: number; y: number; target: AddTarget }) {
  const playlists = usePlaylistSummaries() ?? [];
  return <Menu x={x} y={y} items={addItems(target, playlists)} onClose={menuActions.closeMenu} header={`Add ${target.label} to…`} />;
}

function PlaylistDialog({ id, add }: { id?: number; add?: AddTarget }) {
  const existing = usePlaylist(id ?? -1);
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (id !== undefined && !existing) void playlistsActions.load(id).then((p) => {
      setName(p.name);
      setDescription(p.description);
    });
  }, [id, existing]);
  const submit = async () => {
    setBusy(true);
    try {
      if (id !== undefined) {
        await playlistsActions.rename(id, name.trim(), description.trim());
      } else {
        const p = await playlistsActions.create(name.trim(), description.trim());
        if (p && add) await playlistsActions.add(p.id, add.albumIds ? { albumIds: add.albumIds } : { trackIds: add.trackIds ?? [] }, p.name);
        else if (p) navigate(href('playlist', p.id));
      }
      menuActions.closeDialog();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={id !== undefined ? 'Edit playlist' : add ? `New playlist with ${add.label}` : 'New playlist'}
      onClose={menuActions.closeDialog}
      onSubmit={() => void submit()}
      submitLabel={id !== undefined ? 'Save' : 'Create'}
      submitDisabled={busy || !name.trim()}
      testId="playlist-dialog"
    >
      <Field label="Name">
        <input className="text-input" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="playlist-name-input" placeholder="My playlist" />
      </Field>
      <Field label="Description">
        <textarea className="text-input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} data-testid="playlist-description-input" placeholder="Optional" />
      </Field>
    </Dialog>
  );
}

function ShortcutsDialog() {
  return (
    <Dialog title="Keyboard shortcuts" onClose={menuActions.closeDialog} testId="shortcuts">
      <ShortcutList />
    </Dialog>
  );
}

export function Overlays() {
  const menu = useOpenMenu();
  const dialog = useOpenDialog();
  return (
    <>
      {menu?.kind === 'tracks' ? <TrackMenu key={`${menu.x},${menu.y}`} x={menu.x} y={menu.y} tracks={menu.tracks} extra={menu.extra} /> : null}
      {menu?.kind === 'add' ? <AddMenu key={`${menu.x},${menu.y}`} x={menu.x} y={menu.y} target={menu.target} /> : null}
      {dialog?.kind === 'new-playlist' ? <PlaylistDialog {...(dialog.add ? { add: dialog.add } : {})} /> : null}
      {dialog?.kind === 'edit-playlist' ? <PlaylistDialog key={dialog.id} id={dialog.id} /> : null}
      {dialog?.kind === 'shortcuts' ? <ShortcutsDialog /> : null}
    </>
  );
}
