import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import { useForm } from '../shared/form';
import { useLoad } from '../shared/load';
import { navigate } from '../shared/router';
import {
  Alert,
  Link,
  Loading,
  NewAccountFields,
  Page,
  accountFields,
  emptyAccount,
  fieldError,
  newAccountProblems,
  SubmitButton,
  type NewAccount,
} from '../shared/ui';
import { tokenFromHash } from '../shared/words';

/** SetupPage creates the instance admin with the one-time link printed by the server. */
export function SetupPage() {
  const [token] = useState(() => tokenFromHash(location.hash));
  const [account, setAccount] = useState<NewAccount>(emptyAccount);
  const form = useForm();
  const { ref, busy, error, setError, problems } = form;
  // When the question fails, the form shows with the error: sending it tells.
  const { data: needed, set: setNeeded } = useLoad('setup', () =>
    api.setupNeeded().then(
      (s) => s.needed,
      (err: unknown) => {
        setError(err);
        return true;
      },
    ),
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check(newAccountProblems(account))) return;
    await form.run(
      async () => {
        await api.setup(token, account.email.trim(), account.name.trim(), account.password);
        // The token is used up: take it out of the address bar and the history.
        history.replaceState(null, '', '/setup');
        navigate('/', true);
      },
      (err) => {
        if (err instanceof ApiError && err.code === 'setup_done') {
          setNeeded(false);
          return true;
        }
      },
    );
  }

  if (needed === null) return <Loading />;
  if (needed === false) {
    return (
      <Page title="Tandem is set up">
        <p>This Tandem already has its first account, so the setup link is not needed any more.</p>
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
        <Alert error="This page needs the one-time setup link printed by the server when it started (it ends with #token= and a long code). Copy the whole link from the server's output and open it here." />
      )}
      <form ref={ref} onSubmit={submit} noValidate className="form">
        <NewAccountFields value={account} onChange={setAccount} problems={problems} error={error} />
        <Alert error={error && !accountFields.some((f) => fieldError(error, f)) ? error : null} />
        <SubmitButton busy={busy} busyText="Creating the account…" disabled={!token}>
          Create the admin account
        </SubmitButton>
      </form>
    </Page>
  );
}
