// The header a browsing view opens with: its one <h1> (an optional kind label above it, an optional
// line under it: what it counts, or a hint) and the view's own controls at the right — one control
// as it is (range tabs, a sort select, a button), or several grouped in <ViewActions>.
import type { ReactNode } from 'react';
import { plural } from '../lib/format.ts';
// The kind label and the button group look as they do on a detail page.
import './DetailHeader.css';
import './ViewHeader.css';

/** How many `noun`s the view shows ("1,204 albums"); `total` is null/undefined while it loads. */
export interface ViewCount {
  total: number | null | undefined;
  noun: string;
}

interface HeaderBase {
  title: ReactNode;
  /** The kind of thing the view is about, above the title ("Genre"). */
  kind?: string;
  /** data-testid of the line under the title. */
  lineTestId?: string;
  /** The view's controls, at the right. */
  children?: ReactNode;
}

/**
 * The line under the title is either a `count` or a free `subtitle`. A subtitle that is `null` is not
 * known yet: the line keeps its height (a no-break space) so nothing below moves when it arrives;
 * `undefined` (or no prop) leaves the line out.
 */
export type ViewHeaderProps = HeaderBase & ({ count: ViewCount; subtitle?: never } | { count?: never; subtitle?: ReactNode });

export function ViewHeader({ title, kind, lineTestId, children, ...line }: ViewHeaderProps) {
  const text = line.count ? (line.count.total == null ? null : plural(line.count.total, line.count.noun)) : line.subtitle;
  return (
    <div className="view-header">
      <div>
        {kind ? <div className="detail-kind">{kind}</div> : null}
        <h1 className="view-title">{title}</h1>
        {text !== undefined ? (
          <div className="view-subtitle" data-testid={lineTestId}>
            {text ?? '\u00a0'}
          </div>
        ) : null}
      </div>
      {children}
    </div>
  );
}

/** Several controls side by side in the header (Play, Shuffle, Add to queue…). */
export function ViewActions({ children }: { children: ReactNode }) {
  return <div className="detail-actions">{children}</div>;
}
