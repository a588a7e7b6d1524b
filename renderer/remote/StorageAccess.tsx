// Settings → Storage access: whether storage lets this page read audio itself (bucket CORS), as
// detected (cors.ts), which features depend on it, and the rule that turns them on.
import { useEffect } from 'react';
import { probeCors } from './cors.ts';
import { useCors } from './store.ts';

const rule = (origin: string) => JSON.stringify([{
  AllowedOrigins: [origin], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['Range'],
  ExposeHeaders: ['Content-Range', 'Content-Length', 'ETag'], MaxAgeSeconds: 3600,
}], null, 2);

export function StorageAccess() {
  const cors = useCors();
  useEffect(() => {
    if (cors.state === 'unknown') void probeCors();
  }, [cors.state]);
  return (
    <div className="card" data-testid="storage-access" data-cors={cors.state}>
      <div className="card-head">
        <h2>Storage access</h2>
      </div>
      {cors.state === 'ok' ? (
        <p className="muted">
          Storage{cors.origin ? ` (${cors.origin})` : ''} lets this page read audio directly (CORS): gapless playback, loudness
          normalization, crossfade, the equalizer, offline copies, reading the next track ahead and measured data usage all work.
        </p>
      ) : cors.state === 'missing' ? (
        <>
          <p data-testid="cors-missing">
            Storage{cors.origin ? ` at ${cors.origin}` : ''} does not let this page read audio itself{cors.detail ? ` (${cors.detail})` : ''}.
            Tracks still play, through a plain audio element, but without gapless playback, crossfade, the equalizer,
            loudness boost (only lowering), offline copies or reading the next track ahead, and data usage is an estimate.
          </p>
          <p className="muted small">
            To turn them on, add this CORS rule to the bucket (R2: bucket → Settings → CORS policy; S3: Permissions → CORS),
            then reload:
          </p>
          <pre className="cors-rule" data-testid="cors-rule">{rule(location.origin)}</pre>
        </>
      ) : (
        <p className="muted">Checking whether storage allows this page to read audio directly (CORS)…</p>
      )}
    </div>
  );
}
