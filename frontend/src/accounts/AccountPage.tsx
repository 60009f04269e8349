import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { navigate } from '../shared/router';
import { useSession } from '../shared/session';
import { useForm } from '../shared/form';
import { Alert, Field, Link, Notice, Page, PasswordFields, fieldError, SubmitButton } from '../shared/ui';
import { formatDay, passwordProblems } from '../shared/words';

/** AccountPage: my name, my password, signing out; the admin's way to the accounts list. */
export function AccountPage() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <Page title="My account">
      <p>
        You sign in as <strong>{user.email}</strong>. Your account was made on {formatDay(user.createdAt)}.
      </p>
      {user.admin && (
        <section aria-labelledby="admin-heading" className="panel">
          <h2 id="admin-heading">Instance admin</h2>
          <p>
            You look after this Tandem: you can see every account, stop one from signing in, and make a link for someone
            who forgot their password.
          </p>
          <p>
            <Link to="/admin/users">Manage the accounts of this Tandem</Link>
          </p>
        </section>
      )}
      <NameForm />
      <PasswordForm />
      <section aria-labelledby="signout-heading" className="panel">
        <h2 id="signout-heading">Sign out</h2>
        <p>Sign out when you have finished, especially on a shared computer.</p>
        <button
          type="button"
          onClick={async () => {
            await api.logout();
            navigate('/login');
          }}
        >
          Sign out of Tandem
        </button>
      </section>
    </Page>
  );
}

function NameForm() {
  const { user, setUser } = useSession();
  const [name, setName] = useState(user?.name ?? '');
  const [saved, setSaved] = useState(false);
  const form = useForm();
  const { ref, error } = form;

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (form.check({ name: name.trim() ? null : 'Enter your name.' })) return;
    await form.run(async () => {
      setUser(await api.renameMe(name.trim()));
      setSaved(true);
    });
  }

  return (
    <section aria-labelledby="name-heading" className="panel">
      <h2 id="name-heading">Your name</h2>
      <p className="hint">Your name on this Tandem. In each project you can also choose the name others see there.</p>
      <form ref={ref} onSubmit={save} noValidate className="form">
        <Field label="Name" value={name} onChange={setName} autoComplete="name" required maxLength={100} error={form.problem('name')} />
        <Alert error={error && !fieldError(error, 'name') ? error : null} />
        {saved && <Notice>Your name is saved.</Notice>}
        <button type="submit" className="primary">
          Save my name
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [saved, setSaved] = useState(false);
  const form = useForm();
  const { ref, busy, error, problems } = form;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSaved(false);
    const { password, confirm: again } = passwordProblems(next, confirm);
    if (form.check({ current: current ? null : 'Enter your current password.', next: password, confirm: again })) return;
    await form.run(async () => {
      await api.changePassword(current, next);
      setSaved(true);
      setCurrent('');
      setNext('');
      setConfirm('');
    });
  }

  return (
    <section aria-labelledby="pw-heading" className="panel">
      <h2 id="pw-heading">Change your password</h2>
      <p>Changing it signs you out on your other computers and phones; you stay signed in here.</p>
      <form ref={ref} onSubmit={save} noValidate className="form">
        <Field
          label="Current password"
          type="password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          required
          error={problems.current ?? fieldError(error, 'currentPassword')}
        />
        <PasswordFields
          password={next}
          confirm={confirm}
          onPassword={setNext}
          onConfirm={setConfirm}
          errors={[problems.next ?? fieldError(error, 'password') ?? fieldError(error, 'newPassword'), problems.confirm]}
        />
        <Alert error={error && !['currentPassword', 'password', 'newPassword'].some((f) => fieldError(error, f)) ? error : null} />
        {saved && <Notice>Your password is changed.</Notice>}
        <SubmitButton busy={busy} busyText="Changing…">
          Change my password
        </SubmitButton>
      </form>
    </section>
  );
}
