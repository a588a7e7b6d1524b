import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ViewActions, ViewHeader } from './ViewHeader.tsx';

const html = (node: ReactElement) => renderToStaticMarkup(node);

describe('ViewHeader', () => {
  it('renders the title as the view’s h1 and nothing else when that is all it is given', () => {
    expect(html(<ViewHeader title="Settings" />)).toBe('<div class="view-header"><div><h1 class="view-title">Settings</h1></div></div>');
  });

  it('counts what the view shows, and keeps the line’s height while the count loads', () => {
    expect(html(<ViewHeader title="Albums" count={{ total: 3, noun: 'album' }} />)).toContain('<div class="view-subtitle">3 albums</div>');
    expect(html(<ViewHeader title="Albums" count={{ total: 1, noun: 'album' }} />)).toContain('<div class="view-subtitle">1 album</div>');
    expect(html(<ViewHeader title="Albums" count={{ total: 0, noun: 'album' }} />)).toContain('<div class="view-subtitle">0 albums</div>');
    expect(html(<ViewHeader title="Albums" count={{ total: null, noun: 'album' }} />)).toContain('<div class="view-subtitle">\u00a0</div>');
    expect(html(<ViewHeader title="Genres" count={{ total: undefined, noun: 'genre' }} />)).toContain('<div class="view-subtitle">\u00a0</div>');
  });

  it('shows a free subtitle; null holds its place, undefined leaves the line out', () => {
    expect(html(<ViewHeader title="Queue" subtitle="Nothing queued" />)).toContain('<div class="view-subtitle">Nothing queued</div>');
    expect(html(<ViewHeader title="Genre" subtitle={null} />)).toContain('<div class="view-subtitle">\u00a0</div>');
    expect(html(<ViewHeader title="Results for “x”" subtitle={undefined} />)).not.toContain('view-subtitle');
  });

  it('puts the kind above the title, a test id on the line, and the controls after the title block', () => {
    const markup = html(
      <ViewHeader kind="Genre" title="Jazz" subtitle="2 albums · 9 tracks" lineTestId="genre-counts">
        <ViewActions>
          <button>Play</button>
          <button>Shuffle</button>
        </ViewActions>
      </ViewHeader>,
    );
    expect(markup).toBe(
      '<div class="view-header"><div><div class="detail-kind">Genre</div><h1 class="view-title">Jazz</h1>' +
        '<div class="view-subtitle" data-testid="genre-counts">2 albums · 9 tracks</div></div>' +
        '<div class="detail-actions"><button>Play</button><button>Shuffle</button></div></div>',
    );
  });

  it('puts a single control (tabs, a sort select) straight into the header, ungrouped', () => {
    expect(html(<ViewHeader title="Most played" count={{ total: 2, noun: 'track' }}><div role="tablist" /></ViewHeader>)).toBe(
      '<div class="view-header"><div><h1 class="view-title">Most played</h1><div class="view-subtitle">2 tracks</div></div><div role="tablist"></div></div>',
    );
  });
});
