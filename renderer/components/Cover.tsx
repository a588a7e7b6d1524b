import { useState } from 'react';
import type { CoverSize, Id } from '../../app/contract/index.ts';
import { coverUrl } from '../api/client.ts';
import './Cover.css';

/** A hue from the name, so albums without art still look distinct. */
function hue(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) % 360;
  return h;
}

export function Cover({ coverId, size = 'thumb', alt, seed = alt, className = '' }: {
  coverId: Id | null | undefined;
  size?: CoverSize;
  alt: string;
  seed?: string;
  className?: string;
}) {
  const [failed, setFailed] = useState<Id | null>(null);
  const h = hue(seed);
  const showImg = coverId !== null && coverId !== undefined && failed !== coverId;
  return (
    <div className={`cover ${className}`} style={{ ['--h' as string]: h }}>
      {showImg ? (
        <img src={coverUrl(coverId, size)} alt={alt} loading="lazy" decoding="async" draggable={false} onError={() => setFailed(coverId)} />
      ) : (
        <span className="cover-fallback" aria-label={alt}>{(alt.trim()[0] ?? '♪').toUpperCase()}</span>
      )}
    </div>
  );
}
