import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, type InvitationPreview, type ResearcherType } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';
import { Alert, Link, Loading, NewAccountFields, Page, ResearcherTypeField, accountFields, emptyAccount, fieldError, newAccountProblems, type NewAccount } from '../ui';
import { formatDate, roleWords } from '../words';
import { LoginForm } from './Login';

const goneWords: Record<string, string> = {
  invitation_used: 'This invitation has already been used',
  invitation_expired: 'This invitation has expired',
  invitation_revoked: 'This invitation was withdrawn',
};

/** InvitePage shows an invitation and joins its project, with a new account or a signed-in one. */
export function InvitePage({ token }: { token: string }) {
  const { user } = useSession();
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [mode, setMode] = useState<'new' | 'signin'>('new');

  useEffect(() => {
    api.previewInvitation(token).then(setPreview, setLoadError);
  }, [token]);

  if (loadError) {
    const code = loadError instanceof ApiError ? loadError.code : '';
    return (
      <Page title={goneWords[code] ?? 'This invitation link does not work'}>
        <Alert error={loadError} />
        <p>Ask the project lead who sent it for a new link.</p>
        <p>{user ? <Link to="/">Go to your projects</Link> : <Link to="/login">Sign in</Link>}</p>
      </Page>
    );
  }
  if (!preview)
    return <Loading />;
  return (
    <Page title={`Join ${preview.projectName}`}>
      <p className="lead-text">
        {preview.invitedBy} invites you to join <strong>{preview.projectName}</strong> as a{' '}
        <strong>{roleWords[preview.role].name.toLowerCase()}</strong>: you will {roleWords[preview.role].you}.
      </p>
      <p className="meta">This link works until {formatDate(preview.expiresAt)}.</p>
      {user ? (
        <JoinForm token={token} signedInAs={user.name} />
      ) : (
        <>
          <div className="tabs" role="group" aria-label="Do you have a Tandem account?">
            <button type="button" aria-pressed={mode === 'new'} onClick={() => setMode('new')}>
              I am new to Tandem
            </button>
            <button type="button" aria-pressed={mode === 'signin'} onClick={() => setMode('signin')}>
              I already have an account
            </button>
          </div>
          {mode === 'new' ? (
            <JoinForm token={token} />
          ) : (
            <section aria-labelledby="signin-first" className="panel">
              <h2 id="signin-first">Sign in first</h2>
              <p>After you sign in, you choose how you take part and join.</p>
              <LoginForm onDone={() => {}} submitLabel="Sign in" />
            </section>
          )}
        </>
      )}
    </Page>
  );
}

function JoinForm({ token, signedInAs }: { token: string; signedInAs?: string }) {
  const { setUser } = useSession();
  const [account, setAccount] = useState<NewAccount>(emptyAccount);
  const [type, setType] = useState<ResearcherType | ''>('');
  const [typeLabel, setTypeLabel] = useState('');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const newAccount = !signedInAs;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p: Record<string, string | null> = {
      type: type ? null : 'Choose one of the three.',
      ...(newAccount ? newAccountProblems(account) : {}),
    };
    setProblems(p);
    setError(null);
    if (Object.values(p).some(Boolean)) return;
    setBusy(true);
    try {
      const out = await api.acceptInvitation(token, {
        researcherType: type as ResearcherType,
        researcherTypeLabel: typeLabel,
        ...(newAccount ? { name: account.name.trim(), email: account.email.trim(), password: account.password } : {}),
      });
      if (out.session) setUser(out.session.user);
      navigate(`/projects/${out.project.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const shownFields = [...accountFields, 'researcherType'];
  return (
    <form onSubmit={submit} noValidate className="form">
      {signedInAs ? (
        <p>You are signed in as {signedInAs}.</p>
      ) : (
        <>
          <h2>Create your account</h2>
          <NewAccountFields value={account} onChange={setAccount} problems={problems} error={error} />
        </>
      )}
      <ResearcherTypeField value={type} selfLabel={typeLabel} onChange={setType} onLabel={setTypeLabel} error={problems.type ?? fieldError(error, 'researcherType')} />
      <Alert error={error && !shownFields.some((f) => fieldError(error, f)) ? error : null} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Joining…' : 'Join the project'}
      </button>
    </form>
  );
}
