import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, type ResearcherType } from '../api/client';
import { navigate } from '../shared/router';
import { useSession } from '../shared/session';
import {
  Alert,
  Field,
  Link,
  Loading,
  NewAccountFields,
  Page,
  ResearcherTypeField,
  accountFields,
  emptyAccount,
  fieldError,
  newAccountProblems,
  SubmitButton,
  type NewAccount,
} from '../shared/ui';
import { formatDate, roleWords } from '../shared/words';
import { LoginForm } from './LoginForm';
import { useForm } from '../shared/form';
import { useLoad } from '../shared/load';

// For invitation links that do not work, by error code: the page title and
// why, in words that do not repeat the title (the server's message would).
const goneWords: Record<string, { title: string; why: string }> = {
  invitation_used: {
    title: 'This invitation has already been used',
    why: 'Each invitation link works for one person, once. If it was you who used it, the project is in your projects list.',
  },
  invitation_expired: { title: 'This invitation has expired', why: 'Invitation links work for a few days only.' },
  invitation_revoked: { title: 'This invitation was withdrawn', why: 'The project lead withdrew it, so it no longer works.' },
  not_found: {
    title: 'This invitation link does not work',
    why: 'Check that you copied the whole link: it is long, and the end is easy to miss.',
  },
};

/** InvitePage shows an invitation and joins its project, with a new account or a signed-in one. */
export function InvitePage({ token }: { token: string }) {
  const { user } = useSession();
  const { data: preview, error: loadError } = useLoad(token, () => api.previewInvitation(token));
  const [mode, setMode] = useState<'new' | 'signin'>('new');
  const [signInEmail, setSignInEmail] = useState('');

  if (loadError) {
    const gone = goneWords[loadError instanceof ApiError ? loadError.code : ''];
    return (
      <Page title={gone?.title ?? 'The invitation could not be opened'}>
        {gone ? <p>{gone.why}</p> : <Alert error={loadError} />}
        <p>If you still want to join, ask the project lead who sent it for a new link.</p>
        <p>{user ? <Link to="/">Go to your projects</Link> : <Link to="/login">Sign in</Link>}</p>
      </Page>
    );
  }
  if (!preview) return <Loading />;
  return (
    <Page title={`Join ${preview.projectName}`}>
      <p className="lead-text">
        {preview.invitedBy} invites you to join <strong>{preview.projectName}</strong> as a{' '}
        <strong>{roleWords[preview.role].name.toLowerCase()}</strong>: you will {roleWords[preview.role].you}.
      </p>
      <p className="meta">This link works until {formatDate(preview.expiresAt)}.</p>
      {user ? (
        <JoinForm key="member" token={token} signedInAs={user.name} />
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
            <JoinForm
              key="new"
              token={token}
              onSignInInstead={(email) => {
                setSignInEmail(email);
                setMode('signin');
              }}
            />
          ) : (
            <SignInFirst email={signInEmail} />
          )}
        </>
      )}
    </Page>
  );
}

function SignInFirst({ email }: { email: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (email) heading.current?.focus(); // came here from "sign in instead"
  }, [email]);
  return (
    <section aria-labelledby="signin-first" className="panel">
      <h2 id="signin-first" ref={heading} tabIndex={-1}>
        Sign in first
      </h2>
      <p>After you sign in, you choose how you take part and join.</p>
      <LoginForm key={email} initialEmail={email} onDone={() => {}} submitLabel="Sign in" />
    </section>
  );
}

function JoinForm({ token, signedInAs, onSignInInstead }: { token: string; signedInAs?: string; onSignInInstead?: (email: string) => void }) {
  const { setUser } = useSession();
  const [account, setAccount] = useState<NewAccount>(emptyAccount);
  const [displayName, setDisplayName] = useState('');
  const [type, setType] = useState<ResearcherType | ''>('');
  const [typeLabel, setTypeLabel] = useState('');
  const form = useForm();
  const { ref, busy, error, problems } = form;
  const [signingOut, setSigningOut] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const newAccount = !signedInAs;

  useEffect(() => {
    // Just signed in on this page: the join form replaced the sign-in form.
    if (!newAccount && document.activeElement === document.body) heading.current?.focus();
  }, [newAccount]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check({ ...(newAccount ? newAccountProblems(account) : {}), type: type ? null : 'Choose one of the three.' })) return;
    await form.run(async () => {
      const out = await api.acceptInvitation(token, {
        researcherType: type as ResearcherType,
        researcherTypeLabel: type === 'other' ? typeLabel.trim() : '',
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(newAccount ? { name: account.name.trim(), email: account.email.trim(), password: account.password } : {}),
      });
      if (out.session) setUser(out.session.user);
      navigate(`/projects/${out.project.id}`);
    });
  }

  const code = error instanceof ApiError ? error.code : '';
  const shownFields = [...accountFields, 'displayName', 'researcherType', 'researcherTypeLabel'];
  return (
    <form ref={ref} onSubmit={submit} noValidate className="form">
      {signedInAs ? (
        <>
          <h2 ref={heading} tabIndex={-1}>
            Join as {signedInAs}
          </h2>
          <p>
            You are signed in as {signedInAs}. Not you?{' '}
            <button
              type="button"
              className="link-button inline"
              disabled={signingOut}
              onClick={async () => {
                setSigningOut(true);
                await api.logout();
                setSigningOut(false);
              }}
            >
              Sign out
            </button>{' '}
            and use the link with your own account.
          </p>
          <Field
            label="Your name in this project"
            value={displayName}
            onChange={setDisplayName}
            maxLength={100}
            hint={`What the others in the project see. Leave it empty to use “${signedInAs}”.`}
            error={fieldError(error, 'displayName')}
          />
        </>
      ) : (
        <>
          <h2>Create your account</h2>
          <NewAccountFields value={account} onChange={setAccount} problems={problems} error={error} />
        </>
      )}
      {code === 'email_taken' && onSignInInstead && (
        <p>
          <button type="button" onClick={() => onSignInInstead(account.email.trim())}>
            Sign in with {account.email.trim()} instead
          </button>
        </p>
      )}
      <ResearcherTypeField
        value={type}
        selfLabel={typeLabel}
        onChange={setType}
        onLabel={setTypeLabel}
        error={problems.type ?? fieldError(error, 'researcherType')}
        labelError={fieldError(error, 'researcherTypeLabel')}
      />
      <Alert error={error && !shownFields.some((f) => fieldError(error, f)) ? error : null} />
      {code === 'already_member' && (
        <p>
          <Link to="/">Go to your projects</Link>
        </p>
      )}
      <SubmitButton busy={busy} busyText="Joining…">
        Join the project
      </SubmitButton>
    </form>
  );
}
