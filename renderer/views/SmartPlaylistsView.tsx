import { useCallback, useState } from 'react';
import type { Id, SmartPlaylist, Track } from '../../app/contract/index.ts';
import { smartClient } from '../api/playlists.ts';
import { setPlayContext } from '../audio/playReporter.ts';
import { AddToPlaylistButton } from '../components/AddToPlaylistButton.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { DetailStatus } from '../components/DetailStatus.tsx';
import { Icon, type IconName } from '../components/Icon.tsx';
import { TrackTable, type TableRow } from '../components/trackTable/TrackTable.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { usePagedRows } from '../components/trackTable/usePagedRows.ts';
import { lookupTrackPrefs } from '../stores/library.ts';
import { fetchAllPages } from '../stores/pagedList.ts';
import { formatLongDuration, plural } from '../lib/format.ts';
import { href, navigate } from '../lib/router.ts';
import { useAsync } from '../lib/useAsync.ts';
import { useDetail } from '../lib/useDetail.ts';
import { playerActions } from '../stores/player.ts';
import { toastActions } from '../stores/toasts.ts';
import { useOnPlaysReported } from './ForYouView.tsx';
import { SmartEditor } from './SmartEditor.tsx';
import { describeRule } from './smartFields.ts';
import './SmartPlaylistsView.css';


const builtInIcon: Record<string, IconName> = {
  'forgotten-favorites': 'heart',
  'never-played': 'sparkle',
  'heavy-rotation': 'repeat',
};

function summary(p: SmartPlaylist): string {
  const d = p.definition;
  if (!d.rules.length) return 'Every track';
  return d.rules.map(describeRule).join(d.match === 'all' ? ' · and ' : ' · or ');
}

async function playSmart(p: SmartPlaylist, shuffle = false, start = 0): Promise<void> {
  try {
    const items = await fetchAllPages((offset, limit) => smartClient.tracks(p.id, { offset, limit }));
    if (!items.length) {
      toastActions.show(`Nothing matches “${p.name}” right now`);
      return;
    }
    setPlayContext('smart-playlist', p.id, items.map((t) => t.id));
    if (shuffle) playerActions.shufflePlay(items);
    else playerActions.playTracks(items, start);
  } catch (err) {
    toastActions.error((err as Error).message);
  }
}

export function SmartPlaylistsView() {
  const list = useAsync(() => smartClient.list(), []);
  const [editing, setEditing] = useState(false);
  const builtIns = list.data?.filter((p) => p.builtIn) ?? [];
  const mine = list.data?.filter((p) => !p.builtIn) ?? [];
  const card = (p: SmartPlaylist) => (
    <div key={p.id} className="smart-card" data-testid="smart-card">
      <a href={href('smart', p.id)} className="smart-card-link">
        <span className={`smart-card-icon${p.builtIn ? ' builtin' : ''}`}>
          <Icon name={p.builtIn ? (builtInIcon[p.builtIn] ?? 'smart') : 'smart'} size={22} />
        </span>
        <span className="smart-card-text">
          <span className="smart-card-name ellipsis">{p.name}</span>
          <span className="smart-card-rules muted">{p.description || summary(p)}</span>
        </span>
      </a>
      <button className="icon-btn" onClick={() => void playSmart(p)} aria-label={`Play ${p.name}`} title="Play">
        <Icon name="play" size={16} />
      </button>
    </div>
  );
  return (
    <div className="view" data-testid="view-smart-playlists">
      <ViewHeader title="Smart playlists" subtitle="Rules over your library and listening, always up to date.">
        <button className="btn primary" onClick={() => setEditing(true)} data-testid="new-smart">
          <Icon name="plus" size={14} /> New smart playlist
        </button>
      </ViewHeader>
      {list.error ? <div className="placeholder">{list.error}</div> : null}
      <h2 className="section-title">Built in</h2>
      <div className="smart-cards">{builtIns.map(card)}</div>
      <h2 className="section-title">Yours</h2>
      {list.data && !mine.length ? <div className="fy-empty">None yet. “New smart playlist” builds one from rules like genre, rating, play count or last played.</div> : null}
      <div className="smart-cards">{mine.map(card)}</div>
      {editing ? (
        <SmartEditor
          onClose={() => setEditing(false)}
          onSaved={(p) => {
            setEditing(false);
            navigate(href('smart', p.id));
          }}
        />
      ) : null}
    </div>
  );
}

export function SmartPlaylistView({ id }: { id: Id }) {
  // The definition lives on this page only (the list page fetches its own list): loaded once per
  // id, then replaced by what the editor saved (no reload that could fail and take the page away).
  const [held, setHeld] = useState<SmartPlaylist | undefined>(undefined);
  const state = useDetail<SmartPlaylist>({
    id,
    item: held?.id === id ? held : undefined,
    load: (x) => smartClient.get(x).then(setHeld),
    notFound: 'This smart playlist no longer exists.',
  });
  const [gen, setGen] = useState(0);
  const tracks = usePagedRows<Track, TableRow>(`${id}:${gen}`, (offset, limit) => smartClient.tracks(id, { offset, limit }), (t) => ({ key: t.id, track: t }), lookupTrackPrefs);
  useOnPlaysReported(useCallback(() => setGen((g) => g + 1), []));
  const [editing, setEditing] = useState(false);
  if (state.kind !== 'ready') return <DetailStatus state={state} />;
  const p = state.item;
  const total = tracks.total ?? 0;
  return (
    <div className="view" data-testid="view-smart-playlist">
      <DetailHeader
        cover={{ of: 'icon', icon: p.builtIn ? (builtInIcon[p.builtIn] ?? 'smart') : 'smart' }}
        kind={p.builtIn ? 'Built-in smart playlist' : 'Smart playlist'}
        title={p.name}
        description={p.description}
        rules={`${summary(p)}${p.definition.limit ? ` · limit ${p.definition.limit}` : ''}`}
        sub={tracks.total !== null ? plural(total, 'track') : '…'}
        play={{ onPlay: () => void playSmart(p), onShuffle: () => void playSmart(p, true), disabled: !total }}
        testIds={{ title: 'smart-title', play: 'play-smart' }}
      >
        <AddToPlaylistButton
          target={async () => ({ trackIds: (await fetchAllPages((offset, limit) => smartClient.tracks(p.id, { offset, limit }))).map((t) => t.id), label: p.name })}
          label="Save as playlist…"
          disabled={!total}
        />
        {!p.builtIn ? (
          <>
            <button className="btn" onClick={() => setEditing(true)} data-testid="edit-smart">
              <Icon name="edit" size={14} /> Edit rules
            </button>
            <button
              className="btn"
              onClick={async () => {
                try {
                  await smartClient.remove(p.id, p.version);
                  toastActions.show(`Deleted “${p.name}”`);
                  navigate(href('smart'));
                } catch (err) {
                  toastActions.error((err as Error).message);
                }
              }}
            >
              <Icon name="trash" size={14} /> Delete
            </button>
          </>
        ) : null}
      </DetailHeader>
      {tracks.total === 0 ? <div className="placeholder">Nothing matches these rules right now.</div> : null}
      <TrackTable preset="list" label={p.name} count={total} rowAt={tracks.rowAt} version={tracks.version} onRange={tracks.onRange} onPlay={(i) => void playSmart(p, false, i)} testId="smart-tracks" />
      {editing ? (
        <SmartEditor
          existing={p}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setHeld(saved);
            setGen((g) => g + 1);
          }}
        />
      ) : null}
    </div>
  );
}
