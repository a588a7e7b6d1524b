import { recommendClient } from '../api/playlists.ts';
import { AddToPlaylistButton } from '../components/AddToPlaylistButton.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { RowsTable } from '../components/trackTable/TrackTable.tsx';
import { formatLongDuration, formatTime, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/useAsync.ts';
import { timeAgo } from '../lib/when.ts';
import { playMix, reasonRows } from './ForYouView.tsx';

/** One daily mix: its tracks, each with the reason it was picked. */
export function MixView({ id }: { id: number }) {
  const { data, error } = useAsync(() => recommendClient.mixes(), []);
  if (error) return <div className="view placeholder">{error}</div>;
  if (!data) return <div className="view" />;
  const mix = data.mixes.find((m) => m.id === id);
  if (!mix) return <div className="view placeholder">This mix is gone — mixes are recomputed from your listening. <a href={href('home')}>Back to For you</a></div>;
  const duration = mix.tracks.reduce((s, r) => s + r.track.durationMs, 0);
  return (
    <div className="view" data-testid="view-mix">
      <DetailHeader
        cover={{ of: 'mosaic', coverIds: mix.coverIds }}
        kind="Daily mix"
        title={mix.title}
        description={mix.description}
        sub={`${plural(mix.tracks.length, 'track')} · ${duration < 60_000 ? formatTime(duration) : formatLongDuration(duration)}${data.status.computedAt ? ` · made ${timeAgo(data.status.computedAt)}` : ''}`}
        play={{ onPlay: () => playMix(mix), onShuffle: () => playMix(mix, 0, true) }}
        testIds={{ play: 'play-mix' }}
      >
        <AddToPlaylistButton target={() => ({ trackIds: mix.tracks.map((t) => t.track.id), label: mix.title })} label="Save as playlist…" />
      </DetailHeader>
      <RowsTable label={mix.title} extraLabel="Why" rows={reasonRows(mix.tracks)} onPlay={(i) => playMix(mix, i)} testId="mix-tracks" />
    </div>
  );
}
