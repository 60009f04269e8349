import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api';
import { navigate } from '../router';
import { Alert, Field, Page, fieldError, useProblemFocus, SubmitButton } from '../ui';

/** nextPath is where to go after signing in: a path inside the app only. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** LoginForm signs in; it is also used on the invitation page. */
export function LoginForm({ onDone, submitLabel = 'Sign in', initialEmail = '' }: { onDone: () => void; submitLabel?: string; initialEmail?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const p = {
      email: email.trim() ? null : 'Enter your email address.',
      password: password ? null : 'Enter your password.',
    };
    setProblems(p);
    if (p.email || p.password) {
      focusProblem();
      return;
    }
    setBusy(true);
    try {
      await api.login(email.trim(), password);
      onDone();
    } catch (err) {
      setError(err);
      // A wrong password is typed again; after too many tries the wait is the message.
      if (err instanceof ApiError && (err.code === 'invalid_credentials' || err.code === 'rate_limited')) setPassword('');
      focusProblem();
    } finally {
      setBusy(false);
    }
  }

  const fieldProblem = (f: string) => problems[f] ?? fieldError(error, f);
  return (
    <form ref={ref} onSubmit={submit} noValidate className="form">
      <Field label="Email address" type="email" value={email} onChange={setEmail} autoComplete="username" required error={fieldProblem('email')} />
      <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required error={fieldProblem('password')} />
      {/* A wait after too many attempts comes worded by the server ("Try again in about 15 minutes."). */}
      <Alert error={error && !fieldError(error, 'email') && !fieldError(error, 'password') ? error : null} />
      <SubmitButton busy={busy} busyText="Signing in…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}

/** LoginPage is the sign-in page. */
export function LoginPage() {
  const [setupNeeded, setSetupNeeded] = useState(false);
  const [ended] = useState(() => api.endedReason);
  useEffect(() => {
    api.setupNeeded().then((s) => setSetupNeeded(s.needed), () => {});
  }, []);
  return (
    <Page title="Sign in to Tandem">
      {setupNeeded && (
        <div className="notice" role="status">
          <p>
            <strong>This Tandem has no accounts yet.</strong> Look in the server's output for the setup link: a line
            with <code>/setup#token=</code> printed when the server started. Open that whole link in this browser to
            create the first account.
          </p>
        </div>
      )}
      {ended && !setupNeeded && (
        <div className="notice" role="status">
          {ended}
        </div>
      )}
      <LoginForm onDone={() => navigate(nextPath(location.search), true)} />
      <p className="meta after-form">No account yet? Ask your project lead for an invitation link.</p>
      <p className="meta">
        Forgot your password? Ask the person who runs Tandem for your team (the instance admin) for a link to choose a new
        one.
      </p>
    </Page>
  );
}
