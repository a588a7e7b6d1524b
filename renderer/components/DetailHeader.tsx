// The header a detail page (album, artist, playlist, smart playlist, daily mix, similar tracks)
// opens with: the page's picture, what kind of thing it is, its name as the page's one <h1>, a line
// of facts under it, and its buttons — Play first, then Shuffle, then whatever else the page offers.
import type { ReactNode } from 'react';
import type { Id, RatedKind } from '../../app/contract/index.ts';
import { Cover } from './Cover.tsx';
import { CoverMosaic } from './CoverMosaic.tsx';
import { Icon, type IconName } from './Icon.tsx';
import { Heart, Stars } from './Prefs.tsx';
import './DetailHeader.css';

/**
 * The page's picture. An album's art at full size; an artist's image, round (its initial when there
 * is none); a track's album art, smaller (similar tracks); a playlist's or mix's albums as a mosaic;
 * or an icon for what has no art (a smart playlist). An image is named by the page's title unless
 * `alt` says otherwise.
 */
export type DetailCover =
  | { of: 'album' | 'artist' | 'track'; coverId: Id | null | undefined; alt?: string }
  | { of: 'mosaic'; coverIds: readonly (Id | null)[]; alt?: string }
  | { of: 'icon'; icon: IconName };

/** The Play button, and a Shuffle button next to it when the page has one. */
export interface DetailPlay {
  onPlay: () => void;
  onShuffle?: () => void;
  /** Nothing to play (yet). */
  disabled?: boolean;
  /** "Play" unless the page says otherwise ("Play all"). */
  label?: string;
}

/** data-testid of the parts tests and scripts find the page by. */
export interface DetailTestIds {
  title?: string;
  description?: string;
  play?: string;
  shuffle?: string;
}

export interface DetailHeaderProps {
  cover: DetailCover;
  /** What the page is about, above the title ("Album", "Smart playlist"). */
  kind: string;
  title: string;
  /** The owner's words about it (a playlist's or mix's description), under the title. */
  description?: string | null;
  /** What a smart playlist selects, under the description. */
  rules?: string;
  /** The facts line: artist, year, how many tracks, how long. */
  sub: ReactNode;
  /** Genres, under the facts line. */
  genres?: readonly string[];
  /** The favorite heart (named by the title) and star rating of what the page shows. */
  prefs?: { kind: Extract<RatedKind, 'album' | 'artist'>; id: Id };
  play: DetailPlay;
  testIds?: DetailTestIds;
  /** The page's other buttons, after Play and Shuffle. */
  children?: ReactNode;
}

const coverSize = { album: 'full', artist: 'medium', track: 'medium' } as const;
const coverShape = { album: '', artist: ' round', track: ' small' } as const;

function DetailPicture({ cover, title }: { cover: DetailCover; title: string }) {
  if (cover.of === 'icon') {
    return (
      <div className="detail-cover smart-cover">
        <Icon name={cover.icon} size={72} />
      </div>
    );
  }
  const alt = cover.alt ?? title;
  if (cover.of === 'mosaic') return <CoverMosaic coverIds={cover.coverIds} alt={alt} className="detail-cover" />;
  return <Cover coverId={cover.coverId} alt={alt} size={coverSize[cover.of]} className={`detail-cover${coverShape[cover.of]}`} />;
}

export function DetailHeader({ cover, kind, title, description, rules, sub, genres, prefs, play, testIds = {}, children }: DetailHeaderProps) {
  return (
    <header className="detail-header">
      <DetailPicture cover={cover} title={title} />
      <div className="detail-meta">
        <div className="detail-kind">{kind}</div>
        <h1 className="detail-title" data-testid={testIds.title}>{title}</h1>
        {description ? <div className="pl-description" data-testid={testIds.description}>{description}</div> : null}
        {rules ? <div className="smart-rules-line muted">{rules}</div> : null}
        <div className="detail-sub">{sub}</div>
        {genres?.length ? <div className="detail-genres">{genres.join(' · ')}</div> : null}
        {prefs ? (
          <div className="detail-prefs">
            <Heart kind={prefs.kind} id={prefs.id} size={20} label={title} />
            <Stars kind={prefs.kind} id={prefs.id} size={16} />
          </div>
        ) : null}
        <div className="detail-actions">
          <button className="btn primary" onClick={play.onPlay} disabled={play.disabled} data-testid={testIds.play}>
            <Icon name="play" size={14} /> {play.label ?? 'Play'}
          </button>
          {play.onShuffle ? (
            <button className="btn" onClick={play.onShuffle} disabled={play.disabled} data-testid={testIds.shuffle}>
              <Icon name="shuffle" size={14} /> Shuffle
            </button>
          ) : null}
          {children}
        </div>
      </div>
    </header>
  );
}
