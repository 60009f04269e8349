import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { Alert, Link, NewAccountFields, Page, accountFields, emptyAccount, fieldError, newAccountProblems, type NewAccount } from '../ui';
import { setupTokenFrom } from '../words';

/** SetupPage creates the instance admin with the one-time link printed by the server. */
export function SetupPage() {
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [token] = useState(() => setupTokenFrom(location.hash));
  const [account, setAccount] = useState<NewAccount>(emptyAccount);
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.setupNeeded().then((s) => setNeeded(s.needed), setError);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p = newAccountProblems(account);
    setProblems(p);
    setError(null);
    if (Object.values(p).some(Boolean)) return;
    setBusy(true);
    try {
      await api.setup(token, account.email.trim(), account.name.trim(), account.password);
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
        <NewAccountFields value={account} onChange={setAccount} problems={problems} error={error} />
        <Alert error={error && !accountFields.some((f) => fieldError(error, f)) ? error : null} />
        <button type="submit" className="primary" disabled={busy || !token}>
          {busy ? 'Creating the account…' : 'Create the admin account'}
        </button>
      </form>
    </Page>
  );
}
