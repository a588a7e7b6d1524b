import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DetailStatus, StaleNotice } from './DetailStatus.tsx';

describe('DetailStatus', () => {
  it('says why there is no item as an alert, and marks the page busy while it loads', () => {
    expect(renderToStaticMarkup(<DetailStatus state={{ kind: 'error', message: 'This album is no longer in your library.' }} />)).toBe(
      '<div class="view placeholder" role="alert" data-testid="view-error">This album is no longer in your library.</div>',
    );
    expect(renderToStaticMarkup(<DetailStatus state={{ kind: 'loading' }} />)).toBe('<div class="view" aria-busy="true" data-testid="view-loading"></div>');
  });

  it('offers Try again beside an error a retry may fix; a page that still shows its item gets a notice instead', () => {
    const retry = () => {};
    const html = renderToStaticMarkup(<DetailStatus state={{ kind: 'error', message: 'database is locked', retry }} />);
    expect(html).toContain('<div role="alert" data-testid="view-error">database is locked</div>');
    expect(html).toContain('data-testid="view-retry"');
    expect(renderToStaticMarkup(<DetailStatus state={{ kind: 'error', message: 'This playlist no longer exists.', retry: null }} />)).not.toContain('view-retry');

    const notice = renderToStaticMarkup(<StaleNotice view={{ staleError: 'Failed to fetch', retry }} />);
    expect(notice).toContain('role="status"');
    expect(notice).toContain('Couldn’t refresh: Failed to fetch');
    expect(notice).toContain('data-testid="view-retry"');
    expect(renderToStaticMarkup(<StaleNotice view={{ staleError: null, retry: null }} />)).toBe('');
  });
});
