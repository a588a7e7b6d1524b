import type { DetailState } from '../lib/useDetail.ts';
import './DetailStatus.css';

/** What a failed load offers the page: load again (null when that cannot help, e.g. a 404). */
interface Retry {
  retry?: (() => void) | null;
}

/**
 * A detail page without its item: why (an alert, with Try again when a retry may help), or an
 * empty page marked busy while it loads.
 */
export function DetailStatus({ state }: { state: DetailState<unknown> & Retry }) {
  if (state.kind === 'error') {
    const alert = (className?: string) => (
      <div className={className} role="alert" data-testid="view-error">
        {state.message}
      </div>
    );
    if (!state.retry) return alert('view placeholder');
    return (
      <div className="view placeholder">
        {alert()}
        <button className="btn detail-retry" onClick={state.retry} data-testid="view-retry">
          Try again
        </button>
      </div>
    );
  }
  return <div className="view" aria-busy="true" data-testid="view-loading" />;
}

/**
 * A detail page that still shows its item after a reload failed: why, and Try again (the item
 * stays; a transient error never takes the page away).
 */
export function StaleNotice({ view }: { view: { staleError: string | null } & Retry }) {
  if (view.staleError === null) return null;
  return (
    <div className="detail-stale" role="status" data-testid="view-stale">
      <span>Couldn’t refresh: {view.staleError}</span>
      {view.retry ? (
        <button className="btn" onClick={view.retry} data-testid="view-retry">
          Try again
        </button>
      ) : null}
    </div>
  );
}
