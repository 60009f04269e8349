import { useState, type FormEvent } from 'react';
import { ApiError, api, type ResetPreview } from '../api/client';
import { setFlash } from '../shared/flash';
import { navigate } from '../shared/router';
import { useSession } from '../shared/session';
import { useForm } from '../shared/form';
import { useLoad } from '../shared/load';
import { Alert, Link, Loading, Page, PasswordFields, SubmitButton, fieldError } from '../shared/ui';
import { formatDate, passwordProblems, tokenFromHash } from '../shared/words';

// Titles for reset links that do not work, by error code; the server's
// message under the title says what to do.
const brokenWords: Record<string, string> = {
  not_found: 'This link does not work',
  reset_expired: 'This link has expired',
  account_disabled: 'This account is disabled',
  rate_limited: 'Please wait a little',
};

/** ResetPage chooses a new password with a one-time link from the instance
 * admin: /reset#token=... (the token stays in the fragment, out of logs). */
export function ResetPage() {
  const [token] = useState(() => tokenFromHash(location.hash));
  // Without a token there is nothing to ask: the page says the link is not complete.
  const { data: preview, error: loadError } = useLoad(token, () => (token ? api.previewPasswordReset(token) : Promise.resolve(null)));

  if (!token) {
    return (
      <Page title="This link is not complete">
        <p>
          A link to choose a new password ends with <code>#token=</code> and a long code. Copy the whole link from the
          message you were sent, and open it again.
        </p>
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </Page>
    );
  }
  if (loadError) {
    const code = loadError instanceof ApiError ? loadError.code : '';
    return (
      <Page title={brokenWords[code] ?? 'The link could not be opened'}>
        <Alert error={loadError} />
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </Page>
    );
  }
  if (!preview) return <Loading />;
  return <ResetForm token={token} preview={preview} />;
}

function ResetForm({ token, preview }: { token: string; preview: ResetPreview }) {
  const { user, setUser } = useSession();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useForm();
  const { ref, busy, error, problems } = form;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check(passwordProblems(password, confirm))) return;
    await form.run(async () => {
      const s = await api.resetPassword(token, password);
      setUser(s.user);
      // The link is used up: take it out of the address bar and the history.
      history.replaceState(null, '', '/reset');
      setFlash('Your new password is saved, and you are signed in. Every other sign-in of your account has ended.');
      navigate('/', true);
    });
  }

  return (
    <Page title="Choose a new password">
      <p className="lead-text">
        For the account of <strong>{preview.name}</strong> ({preview.email}).
      </p>
      <p className="meta">
        This link works once, until {formatDate(preview.expiresAt)}. Your new password signs you out on every other computer
        and phone.
      </p>
      {user && user.email !== preview.email && (
        <p className="notice">You are signed in as {user.name}. Choosing this password signs you in as {preview.name} instead.</p>
      )}
      <form ref={ref} onSubmit={submit} noValidate className="form">
        <PasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={[form.problem('password'), problems.confirm ?? null]}
        />
        <Alert error={error && !fieldError(error, 'password') ? error : null} />
        <SubmitButton busy={busy} busyText="Saving…">
          Save my new password
        </SubmitButton>
      </form>
    </Page>
  );
}
