import type { Id } from '../../app/contract/index.ts';
import { recommendClient } from '../api/playlists.ts';
import { setPlayContext } from '../audio/playReporter.ts';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { Results } from '../components/Results.tsx';
import { RowsTable } from '../components/trackTable/TrackTable.tsx';
import { href } from '../lib/router.ts';
import { useAsync } from '../lib/useAsync.ts';
import { libraryActions, useTrack } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { useCurrentId } from '../stores/queue.ts';
import { reasonRows } from './ForYouView.tsx';

/** "Similar tracks" for a track (`#/similar/12`), or for the one playing now (`#/similar`). */
export function SimilarView({ id: given }: { id: Id | null }) {
  const playing = useCurrentId();
  const id = given ?? playing;
  const track = useTrack(id);
  const { data, error, loading, stale } = useAsync(async () => {
    if (id === undefined) return null;
    void libraryActions.ensureTracks([id]);
    return recommendClient.similar(id, 40);
  }, [id]);
  if (id === undefined) return <div className="view placeholder" data-testid="view-similar">Play something, or right-click a song → Similar tracks.</div>;
  // Following the playing track, the previous track's picks stay up dimmed and inert until the new ones arrive.
  const showingStale = data === undefined && stale != null;
  const picks = (data ?? stale)?.tracks ?? [];
  const play = (i: number) => {
    const tracks = picks.map((p) => p.track);
    setPlayContext('recommendation', `similar-${id}`, tracks.map((t) => t.id));
    playerActions.playTracks(tracks, i);
  };
  return (
    <div className="view" data-testid="view-similar">
      <DetailHeader
        cover={{ of: 'track', coverId: track?.coverId, alt: track?.album ?? track?.title ?? '' }}
        kind={`Similar tracks${given === null ? ' · now playing' : ''}`}
        title={track?.title ?? '…'}
        sub={track ? <a href={track.artists[0] ? href('artist', track.artists[0].id) : undefined}>{track.artist}</a> : null}
        play={{ onPlay: () => play(0), disabled: !data?.tracks.length, label: 'Play all' }}
      />
      {error ? <div className="placeholder">{error}</div> : null}
      {!loading && !error && !picks.length ? (
        <div className="placeholder">
          No similar tracks yet: they come from your listening sessions{data?.status.computedAt ? '' : ' (the first computation has not run yet)'}.
        </div>
      ) : null}
      <Results stale={showingStale}>
        <RowsTable label="Similar tracks" extraLabel="Why" rows={reasonRows(picks)} onPlay={play} testId="similar-tracks" />
      </Results>
    </div>
  );
}
