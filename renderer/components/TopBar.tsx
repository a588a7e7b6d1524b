import { useEffect, useRef, useState } from 'react';
import { currentRoute, href, navigate, useRoute } from '../lib/router.ts';
import { layoutActions, useNavOpen } from '../stores/layout.ts';
import { Icon } from './Icon.tsx';
import './TopBar.css';

export function TopBar() {
  const { parts, params } = useRoute();
  const onSearch = parts[0] === 'search';
  const [text, setText] = useState(onSearch ? (params.get('q') ?? '') : '');
  const input = useRef<HTMLInputElement>(null);
  const navOpen = useNavOpen();

  // Leaving the search view clears the box; arriving by URL fills it.
  useEffect(() => {
    if (!onSearch) setText('');
    else if (document.activeElement !== input.current) setText(params.get('q') ?? '');
  }, [onSearch, params]);

  const update = (value: string) => {
    setText(value);
    const to = `${href('search')}?q=${encodeURIComponent(value)}`;
    // One history entry for the whole typed query.
    navigate(to, currentRoute().parts[0] === 'search');
  };

  return (
    <header className="topbar">
      <button className="icon-btn nav-toggle" onClick={layoutActions.toggleNav} aria-label="Menu" aria-expanded={navOpen} aria-controls="sidebar" data-testid="nav-toggle">
        <Icon name="menu" />
      </button>
      <div className="history">
        <button className="icon-btn" onClick={() => history.back()} aria-label="Back">
          <span style={{ transform: 'scaleX(-1)', display: 'grid' }}>
            <Icon name="chevron" />
          </span>
        </button>
        <button className="icon-btn" onClick={() => history.forward()} aria-label="Forward">
          <Icon name="chevron" />
        </button>
      </div>
      <label className="search-box">
        <Icon name="search" size={16} />
        <input
          ref={input}
          type="search"
          placeholder="Search songs, albums, artists"
          value={text}
          onChange={(e) => update(e.target.value)}
          onFocus={() => {
            if (!onSearch && text) update(text);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.currentTarget.blur();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Enter') {
              // Hand over to the results list.
              window.dispatchEvent(new CustomEvent('tonearm:search-key', { detail: e.key }));
              e.preventDefault();
            }
          }}
          data-testid="search-input"
          aria-label="Search"
          spellCheck={false}
          autoComplete="off"
        />
        <kbd>/</kbd>
      </label>
    </header>
  );
}
