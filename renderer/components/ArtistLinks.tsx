import type { Track } from '../../app/contract/index.ts';
import { ARTIST_SEPARATOR, artistNames } from '../lib/artists.ts';
import { href } from '../lib/router.ts';

/** The track's artists as links, one separator everywhere; "Unknown Artist" when none. */
export function ArtistLinks({ track, tabIndex }: { track: Pick<Track, 'artists' | 'artist'>; tabIndex?: number }) {
  if (!track.artists.length) return <>{artistNames(track)}</>;
  return (
    <>
      {track.artists.map((a, i) => (
        <span key={a.id}>
          {i > 0 ? ARTIST_SEPARATOR : ''}
          <a href={href('artist', a.id)} tabIndex={tabIndex} onClick={(e) => e.stopPropagation()}>{a.name}</a>
        </span>
      ))}
    </>
  );
}
