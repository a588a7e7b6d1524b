import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DetailStatus } from './DetailStatus.tsx';

describe('DetailStatus', () => {
  it('says why there is no item as an alert, and marks the page busy while it loads', () => {
    expect(renderToStaticMarkup(<DetailStatus state={{ kind: 'error', message: 'This album is no longer in your library.' }} />)).toBe(
      '<div class="view placeholder" role="alert" data-testid="view-error">This album is no longer in your library.</div>',
    );
    expect(renderToStaticMarkup(<DetailStatus state={{ kind: 'loading' }} />)).toBe('<div class="view" aria-busy="true" data-testid="view-loading"></div>');
  });
});
