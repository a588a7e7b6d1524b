import type { ReactNode } from 'react';
import './Results.css';

/**
 * Results on screen for a key (a seed track, a period). While the key's own answer loads, a view may
 * keep the previous key's results up so the page does not jump, but never as if they were the
 * current ones: `stale` dims them, marks them busy and makes them inert (nothing in them can be
 * clicked, focused or played).
 */
export function Results({ stale, children, testId }: { stale: boolean; children: ReactNode; testId?: string }) {
  return (
    <div className={stale ? 'results stale' : 'results'} aria-busy={stale || undefined} inert={stale || undefined} data-testid={testId}>
      {children}
    </div>
  );
}
