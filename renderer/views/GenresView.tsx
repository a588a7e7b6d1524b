import { useEffect } from 'react';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { libraryActions, useGenres } from '../stores/library.ts';
import { toastActions } from '../stores/toasts.ts';
import './GenresView.css';

function hue(name: string): number {
  let h = 7;
  for (let i = 0; i < name.length; i++) h = (h * 33 + name.charCodeAt(i)) % 360;
  return h;
}

export function GenresView() {
  const genres = useGenres();
  useEffect(() => {
    libraryActions.loadGenres().catch((e: Error) => toastActions.error(e.message));
  }, []);
  return (
    <div className="view" data-testid="view-genres">
      <ViewHeader title="Genres" count={{ total: genres?.length, noun: 'genre' }} />
      {genres?.length === 0 ? <div className="placeholder">No genres tagged.</div> : null}
      <div className="genre-grid">
        {genres?.map((g) => (
          <a key={g.id} href={href('genre', g.id)} className="genre-tile" style={{ ['--h' as string]: hue(g.name) }} data-testid="genre-tile">
            <span className="genre-name">{g.name}</span>
            <span className="genre-count">
              {plural(g.albumCount, 'album')} · {plural(g.trackCount, 'track')}
            </span>
          </a>
        ))}
      </div>
    </div>
  );
}
