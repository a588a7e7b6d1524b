import { useState } from 'react';
import type { Id, RatedKind } from '../../app/contract/index.ts';
import { prefsActions, usePrefs } from '../stores/prefs.ts';
import { Icon } from './Icon.tsx';
import './Prefs.css';

/** The favorite toggle. Loved hearts stay visible in rows; unloved ones show on hover. */
export function Heart({ kind, id, size = 16, className = '', label }: { kind: RatedKind; id: Id; size?: number; className?: string; label?: string }) {
  const prefs = usePrefs(kind, id);
  const on = prefs?.favorite === true;
  const what = label ?? kind;
  return (
    <button
      type="button"
      className={`icon-btn heart${on ? ' on' : ''} ${className}`}
      onClick={(e) => {
        e.stopPropagation();
        void prefsActions.toggleFavorite(kind, id);
      }}
      onDoubleClick={(e) => e.stopPropagation()}
      aria-pressed={on}
      aria-label={on ? `Remove ${what} from favorites` : `Add ${what} to favorites`}
      title={on ? 'Loved (click to remove)' : 'Love'}
      data-testid={`heart-${kind}`}
      data-on={on}
    >
      <Icon name="heart" size={size} fill={on} />
    </button>
  );
}

/** 0–5 stars; clicking the current rating clears it. Arrow keys change it. */
export function Stars({ kind, id, size = 14, className = '' }: { kind: RatedKind; id: Id; size?: number; className?: string }) {
  const prefs = usePrefs(kind, id);
  const rating = prefs?.rating ?? 0;
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? rating;
  const set = (n: number) => void prefsActions.setRating(kind, id, n === rating ? 0 : n);
  return (
    <span
      className={`stars ${className}`}
      role="radiogroup"
      tabIndex={0}
      aria-label={`Rating of this ${kind}: ${rating ? `${rating} of 5 stars` : 'not rated'}`}
      onMouseLeave={() => setHover(null)}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowUp') void prefsActions.setRating(kind, id, Math.min(5, rating + 1));
        else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') void prefsActions.setRating(kind, id, Math.max(0, rating - 1));
        else if (/^[0-5]$/.test(e.key)) void prefsActions.setRating(kind, id, Number(e.key));
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
      data-testid={`stars-${kind}`}
      data-rating={rating}
    >
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          tabIndex={-1}
          className={`star${n <= shown ? ' on' : ''}${hover !== null ? ' preview' : ''}`}
          onMouseEnter={() => setHover(n)}
          onClick={() => set(n)}
          role="radio"
          aria-checked={n === rating}
          aria-label={`${n} star${n > 1 ? 's' : ''}`}
          title={`${n} star${n > 1 ? 's' : ''}`}
          data-testid="star"
        >
          <Icon name="star" size={size} fill={n <= shown} />
        </button>
      ))}
    </span>
  );
}
