import type { Id } from '../../app/contract/index.ts';
import { Cover } from './Cover.tsx';
import './CoverMosaic.css';

/** A playlist cover from its albums' art: one cover, or a 2×2 mosaic of the first four distinct ones. */
export function CoverMosaic({ coverIds, alt, className = '', size = 'medium' }: {
  coverIds: readonly (Id | null)[];
  alt: string;
  className?: string;
  size?: 'thumb' | 'medium';
}) {
  const distinct = [...new Set(coverIds.filter((c): c is Id => c !== null))].slice(0, 4);
  if (distinct.length < 4) {
    return <Cover coverId={distinct[0] ?? null} alt={alt} size={size === 'thumb' ? 'thumb' : 'full'} className={className} />;
  }
  return (
    <div className={`cover mosaic ${className}`} role="img" aria-label={alt} data-testid="cover-mosaic">
      {distinct.map((id) => (
        <Cover key={id} coverId={id} alt="" size={size === 'thumb' ? 'thumb' : 'medium'} className="mosaic-cell" />
      ))}
    </div>
  );
}
