import type { DetailState } from '../lib/useDetail.ts';

/** A detail page without its item: why (an alert), or an empty page marked busy while it loads. */
export function DetailStatus({ state }: { state: DetailState<unknown> }) {
  if (state.kind === 'error') return <div className="view placeholder" role="alert" data-testid="view-error">{state.message}</div>;
  return <div className="view" aria-busy="true" data-testid="view-loading" />;
}
