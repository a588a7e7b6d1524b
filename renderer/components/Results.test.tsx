import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Results } from './Results.tsx';

describe('Results', () => {
  it('shows the current key’s results as they are, and the previous key’s dimmed, busy and inert', () => {
    expect(renderToStaticMarkup(<Results stale={false} testId="r"><a href="#/x">x</a></Results>)).toBe('<div class="results" data-testid="r"><a href="#/x">x</a></div>');
    expect(renderToStaticMarkup(<Results stale testId="r"><a href="#/x">x</a></Results>)).toBe(
      '<div class="results stale" aria-busy="true" inert="" data-testid="r"><a href="#/x">x</a></div>',
    );
  });
});
