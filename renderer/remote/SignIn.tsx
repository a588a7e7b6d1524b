// The remote player's sign-in: a device token (created by the sync server's admin), remembered in
// this browser until sign-out.
import { useState } from 'react';
import { signIn } from './session.ts';
import './remote.css';

export function SignIn() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      location.reload();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="signin" data-testid="signin">
      <form
        className="signin-card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>Tonearm</h1>
        <p className="muted">This is your sync server. Sign in with a device token to play your library here.</p>
        <input
          className="text-input"
          type="password"
          autoComplete="current-password"
          placeholder="tnrm_…"
          aria-label="Device token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          data-testid="signin-token"
          autoFocus
        />
        {error ? <div className="signin-error" role="alert" data-testid="signin-error">{error}</div> : null}
        <button className="btn primary" type="submit" disabled={busy || !token.trim()} data-testid="signin-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          The admin creates tokens with <code>POST /api/admin/devices</code>. The token stays in this browser until you sign out.
        </p>
      </form>
    </div>
  );
}
