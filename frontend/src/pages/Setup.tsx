import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { Alert, Field, Link, Page, fieldError } from '../ui';
import { MIN_PASSWORD, emailProblem, passwordProblem, setupTokenFrom } from '../words';

/** SetupPage creates the instance admin with the one-time link printed by the server. */
export function SetupPage() {
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [token] = useState(() => setupTokenFrom(location.hash));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.setupNeeded().then((s) => setNeeded(s.needed), setError);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p = {
      name: name.trim() ? null : 'Enter your name.',
      email: emailProblem(email),
      password: passwordProblem(password, confirm),
    };
    setProblems(p);
    setError(null);
    if (p.name || p.email || p.password) return;
    setBusy(true);
    try {
      await api.setup(token, email.trim(), name.trim(), password);
      history.replaceState(null, '', '/setup');
      navigate('/', true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (needed === false) {
    return (
      <Page title="Tandem is set up">
        <p>This Tandem already has its first account.</p>
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title="Welcome to Tandem">
      <p className="lead-text">
        Create the first account. It will be the <strong>instance admin</strong>: the person who looks after this Tandem
        for the team.
      </p>
      {!token && (
        <Alert error="This page needs the one-time setup link printed by the server when it started. Copy the whole link from the server's output." />
      )}
      <form onSubmit={submit} noValidate className="form">
        <Field label="Your name" value={name} onChange={setName} autoComplete="name" required error={problems.name ?? fieldError(error, 'name')} />
        <Field label="Email address" type="email" value={email} onChange={setEmail} autoComplete="email" required error={problems.email ?? fieldError(error, 'email')} />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          required
          hint={`At least ${MIN_PASSWORD} characters. A few words that mean something to you work well.`}
          error={problems.password ?? fieldError(error, 'password')}
        />
        <Field label="Type the password again" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" required />
        <Alert error={error && !fieldError(error, 'name') && !fieldError(error, 'email') && !fieldError(error, 'password') ? error : null} />
        <button type="submit" className="primary" disabled={busy || !token}>
          {busy ? 'Creating the account…' : 'Create the admin account'}
        </button>
      </form>
    </Page>
  );
}
