import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useSession } from '../session';
import { Alert, Field, Link, Notice, Page, fieldError } from '../ui';
import { MIN_PASSWORD, passwordProblem } from '../words';

/** AccountPage: my name and password. */
export function AccountPage() {
  const { user, setUser } = useSession();
  const [name, setName] = useState(user?.name ?? '');
  const [nameError, setNameError] = useState<unknown>(null);
  const [nameSaved, setNameSaved] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [pwProblem, setPwProblem] = useState<string | null>(null);
  const [pwError, setPwError] = useState<unknown>(null);
  const [pwSaved, setPwSaved] = useState(false);

  async function saveName(e: FormEvent) {
    e.preventDefault();
    setNameError(null);
    setNameSaved(false);
    try {
      setUser(await api.renameMe(name));
      setNameSaved(true);
    } catch (err) {
      setNameError(err);
    }
  }

  async function savePassword(e: FormEvent) {
    e.preventDefault();
    setPwError(null);
    setPwSaved(false);
    const p = passwordProblem(next, confirm);
    setPwProblem(p);
    if (p) return;
    try {
      await api.changePassword(current, next);
      setPwSaved(true);
      setCurrent('');
      setNext('');
      setConfirm('');
    } catch (err) {
      setPwError(err);
    }
  }

  if (!user) return null;
  return (
    <Page title="My account">
      <p>
        You sign in as <strong>{user.email}</strong>.{user.admin && ' You are the instance admin.'}
      </p>
      {user.admin && (
        <p>
          <Link to="/admin/users">Manage the accounts of this Tandem</Link>
        </p>
      )}
      <section aria-labelledby="name-heading" className="panel">
        <h2 id="name-heading">Your name</h2>
        <form onSubmit={saveName} noValidate className="form">
          <Field label="Name" value={name} onChange={setName} autoComplete="name" required maxLength={100} error={fieldError(nameError, 'name')} />
          <Alert error={nameError && !fieldError(nameError, 'name') ? nameError : null} />
          {nameSaved && <Notice>Your name is saved.</Notice>}
          <button type="submit" className="primary">
            Save my name
          </button>
        </form>
      </section>
      <section aria-labelledby="pw-heading" className="panel">
        <h2 id="pw-heading">Change your password</h2>
        <p>Changing it signs you out on your other devices.</p>
        <form onSubmit={savePassword} noValidate className="form">
          <Field label="Current password" type="password" value={current} onChange={setCurrent} autoComplete="current-password" required error={fieldError(pwError, 'currentPassword')} />
          <Field
            label="New password"
            type="password"
            value={next}
            onChange={setNext}
            autoComplete="new-password"
            required
            hint={`At least ${MIN_PASSWORD} characters.`}
            error={pwProblem ?? fieldError(pwError, 'password')}
          />
          <Field label="Type the new password again" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" required />
          <Alert error={pwError && !fieldError(pwError, 'currentPassword') && !fieldError(pwError, 'password') ? pwError : null} />
          {pwSaved && <Notice>Your password is changed.</Notice>}
          <button type="submit" className="primary">
            Change password
          </button>
        </form>
      </section>
    </Page>
  );
}
