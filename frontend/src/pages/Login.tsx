import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { Alert, Field, Page } from '../ui';

/** nextPath is where to go after signing in: a path inside the app only. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/';
}

/** LoginForm signs in; it is also used on the invitation page. */
export function LoginForm({ onDone, submitLabel = 'Sign in' }: { onDone: () => void; submitLabel?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError('Enter your email address and your password.');
      return;
    }
    setBusy(true);
    try {
      await api.login(email.trim(), password);
      onDone();
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      <Field label="Email address" type="email" value={email} onChange={setEmail} autoComplete="username" required />
      <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
      <Alert error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : submitLabel}
      </button>
    </form>
  );
}

/** LoginPage is the sign-in page. */
export function LoginPage() {
  const [setupNeeded, setSetupNeeded] = useState(false);
  useEffect(() => {
    api.setupNeeded().then((s) => setSetupNeeded(s.needed), () => {});
  }, []);
  return (
    <Page title="Sign in to Tandem">
      {setupNeeded && (
        <div className="notice" role="status">
          This Tandem has no accounts yet. Look in the server's output for the one-time setup link and open it to create
          the first account.
        </div>
      )}
      <LoginForm onDone={() => navigate(nextPath(location.search), true)} />
      <p className="hint">No account yet? Ask your project lead for an invitation link.</p>
    </Page>
  );
}
