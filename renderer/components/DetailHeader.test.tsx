import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DetailHeader, type DetailHeaderProps } from './DetailHeader.tsx';

/** The markup, with each icon's drawing left out (the icons have their own shapes, not this header's). */
const html = (node: ReactElement) => renderToStaticMarkup(node).replace(/<svg width="(\d+)"[^]*?<\/svg>/g, '<svg $1/>');
const noop = () => {};
const base: DetailHeaderProps = { cover: { of: 'icon', icon: 'smart' }, kind: 'Smart playlist', title: 'Night drive', sub: '12 tracks', play: { onPlay: noop } };
const header = (props: Partial<DetailHeaderProps>, children?: ReactElement) => html(<DetailHeader {...base} {...props}>{children}</DetailHeader>);

describe('DetailHeader', () => {
  it('renders the picture, the kind, the title as the page’s h1, the facts line and a Play button — nothing else when that is all it is given', () => {
    expect(header({})).toBe(
      '<header class="detail-header"><div class="detail-cover smart-cover"><svg 72/></div><div class="detail-meta">' +
        '<div class="detail-kind">Smart playlist</div><h1 class="detail-title">Night drive</h1><div class="detail-sub">12 tracks</div>' +
        '<div class="detail-actions"><button class="btn primary"><svg 14/> Play</button></div></div></header>',
    );
  });

  it('shows an album’s art at full size, an artist’s image round, a track’s art small', () => {
    expect(header({ cover: { of: 'album', coverId: 7, alt: 'Kind of Blue' } })).toContain(
      '<div class="cover detail-cover" style="--h:159"><img src="/api/covers/7?size=full" alt="Kind of Blue"',
    );
    expect(header({ cover: { of: 'artist', coverId: 3, alt: 'Miles Davis' } })).toContain('<div class="cover detail-cover round" style="--h:');
    expect(header({ cover: { of: 'artist', coverId: 3, alt: 'Miles Davis' } })).toContain('<img src="/api/covers/3?size=medium" alt="Miles Davis"');
    expect(header({ cover: { of: 'track', coverId: 5, alt: 'Blue in Green' } })).toContain('<div class="cover detail-cover small" style="--h:');
  });

  it('names the picture by the title unless told otherwise', () => {
    expect(header({ title: 'Road trip', cover: { of: 'mosaic', coverIds: [9] } })).toContain('<img src="/api/covers/9?size=full" alt="Road trip"');
    expect(header({ title: 'So What', cover: { of: 'track', coverId: 9, alt: 'Kind of Blue' } })).toContain('<img src="/api/covers/9?size=medium" alt="Kind of Blue"');
  });

  it('shows an artist without an image by the initial of the name', () => {
    expect(header({ cover: { of: 'artist', coverId: null, alt: 'miles Davis' } })).toMatch(
      /<div class="cover detail-cover round" style="--h:\d+"><span class="cover-fallback" aria-label="miles Davis">M<\/span><\/div>/,
    );
  });

  it('shows a playlist’s albums as a mosaic when it has four, and the one cover when fewer', () => {
    const four = header({ cover: { of: 'mosaic', coverIds: [1, 2, null, 2, 3, 4], alt: 'Road trip' } });
    expect(four).toContain('<div class="cover mosaic detail-cover" role="img" aria-label="Road trip" data-testid="cover-mosaic">');
    expect(four.match(/class="cover mosaic-cell"/g)).toHaveLength(4);
    const one = header({ cover: { of: 'mosaic', coverIds: [null, 9, 9], alt: 'Road trip' } });
    expect(one).toContain('<div class="cover detail-cover" style="--h:');
    expect(one).toContain('<img src="/api/covers/9?size=full" alt="Road trip"');
  });

  it('puts the description, then the rules, above the facts line, and the genres and rating under it', () => {
    const markup = header({
      description: 'Windows down.',
      rules: 'Genre is Jazz · limit 5',
      genres: ['Jazz', 'Modal'],
      title: 'Kind of Blue',
      prefs: { kind: 'album', id: 7 },
      testIds: { description: 'playlist-description' },
    });
    const order = ['detail-kind', 'detail-title', 'pl-description', 'smart-rules-line', 'detail-sub', 'detail-genres', 'detail-prefs', 'detail-actions'].map((c) => markup.indexOf(`class="${c}`));
    expect(order.every((at, i) => at > (order[i - 1] ?? 0))).toBe(true);
    expect(markup).toContain('<div class="pl-description" data-testid="playlist-description">Windows down.</div>');
    expect(markup).toContain('<div class="smart-rules-line muted">Genre is Jazz · limit 5</div>');
    expect(markup).toContain('<div class="detail-genres">Jazz · Modal</div>');
    expect(markup).toContain('aria-label="Add Kind of Blue to favorites"');
    expect(markup).toContain('data-testid="heart-album"');
    expect(markup).toContain('data-testid="stars-album"');
  });

  it('leaves out an empty description, no genres and no rules', () => {
    const markup = header({ description: '', genres: [], rules: '' });
    expect(markup).not.toContain('pl-description');
    expect(markup).not.toContain('detail-genres');
    expect(markup).not.toContain('smart-rules-line');
    expect(header({ description: null })).not.toContain('pl-description');
  });

  it('has Play, then Shuffle when the page shuffles, then the page’s own buttons; nothing to play disables both', () => {
    const markup = header(
      { play: { onPlay: noop, onShuffle: noop, disabled: true }, testIds: { title: 'album-title', play: 'play-album', shuffle: 'shuffle-album' } },
      <button className="btn">Add to queue</button>,
    );
    expect(markup).toContain('<h1 class="detail-title" data-testid="album-title">Night drive</h1>');
    expect(markup).toContain(
      '<div class="detail-actions"><button class="btn primary" disabled="" data-testid="play-album"><svg 14/> Play</button>' +
        '<button class="btn" disabled="" data-testid="shuffle-album"><svg 14/> Shuffle</button><button class="btn">Add to queue</button></div>',
    );
  });

  it('names the Play button as the page asks', () => {
    expect(header({ play: { onPlay: noop, label: 'Play all' } })).toContain('<button class="btn primary"><svg 14/> Play all</button></div>');
  });
});
