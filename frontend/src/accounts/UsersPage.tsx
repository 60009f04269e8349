import { useState } from 'react';
import { api, type ResetLink, type User } from '../api/client';
import { AuditLog } from '../projects/AuditLog';
import { useLoad } from '../shared/load';
import { useSession } from '../shared/session';
import { Alert, ConfirmAction, Loading, Notice, OneTimeLink, Page } from '../shared/ui';
import { formatDate, formatDay } from '../shared/words';

/** UsersPage lets the instance admin disable and re-enable accounts, make a
 * link for someone who forgot their password, and read the instance's log. */
export function UsersPage() {
  const { user } = useSession();
  const { data: users, error: loadError, reload } = useLoad('users', () => api.users());
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [reset, setReset] = useState<{ user: User; link: ResetLink } | null>(null);
  const [changes, setChanges] = useState(0); // reloads the log after a change

  async function setDisabled(u: User, disabled: boolean) {
    setError(null);
    setNotice('');
    try {
      const changed = await api.setUserDisabled(u.id, disabled);
      setNotice(changed.disabled ? `${u.name} can no longer sign in, and was signed out everywhere.` : `${u.name} can sign in again.`);
      if (changed.disabled && reset?.user.id === u.id) setReset(null);
    } catch (err) {
      setError(err);
    }
    void reload();
  }

  async function makeReset(u: User) {
    setError(null);
    setNotice('');
    try {
      setReset({ user: u, link: await api.createPasswordReset(u.id) });
      setChanges((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Page title="Accounts" wide>
      <p>
        Everyone who has an account on this Tandem. A disabled account cannot sign in; nothing it made is deleted, and you
        can enable it again.
      </p>
      <p>
        Someone forgot their password? Make a <strong>reset link</strong> for them and send it to them yourself (Tandem
        sends no email). With it they choose a new password.
      </p>
      <Alert error={error ?? loadError} />
      {notice && <Notice>{notice}</Notice>}
      {reset && (
        <OneTimeLink heading={`A password reset link for ${reset.user.name}`} level={2} label="Password reset link" url={reset.link.url}>
          <p>
            Copy it now and send it to {reset.user.name} ({reset.user.email}): <strong>it is shown only this once</strong>. It
            works once, until {formatDate(reset.link.expiresAt)}. With it they choose a new password, and they are signed out
            everywhere else. A newer link replaces this one.
          </p>
        </OneTimeLink>
      )}
      {!users && !error && !loadError && <Loading />}
      {users && (
        <div className="table-scroll" role="region" aria-label="Accounts" tabIndex={0}>
          <table className="stack-narrow">
            <caption className="visually-hidden">Accounts</caption>
            <thead>
              <tr>
                <th scope="col">Name and email</th>
                <th scope="col">Since</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Reset link, disable or enable</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.name}
                    {u.admin && <span className="tag">Admin</span>}
                    {u.id === user?.id && <span className="tag">You</span>}
                    <span className="sub">{u.email}</span>
                  </th>
                  <td data-label="Since">{formatDay(u.createdAt)}</td>
                  <td data-label="Status">{u.disabled ? <strong>Disabled</strong> : 'Active'}</td>
                  <td>
                    {u.id !== user?.id && (
                      <div className="actions">
                        {!u.disabled && (
                          <button type="button" onClick={() => makeReset(u)}>
                            Make a reset link<span className="visually-hidden"> for {u.name}</span>
                          </button>
                        )}
                        {u.disabled ? (
                          <button type="button" onClick={() => setDisabled(u, false)}>
                            Enable<span className="visually-hidden"> {u.name}</span>
                          </button>
                        ) : (
                          <ConfirmAction
                            label={
                              <>
                                Disable<span className="visually-hidden"> {u.name}</span>
                              </>
                            }
                            question={`Disable ${u.name}? They are signed out and cannot sign in.`}
                            yes="Yes, disable"
                            no="Keep active"
                            onConfirm={() => setDisabled(u, true)}
                          />
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="instance-log" className="panel">
        <h2 id="instance-log">What happened on this Tandem</h2>
        <p className="hint">
          Reset links made and used, and deleted projects, newest first. What happens inside a project is in that project's
          audit log.
        </p>
        <AuditLog key={changes} load={api.instanceAudit} label="Instance log" empty="Nothing yet." />
      </section>
    </Page>
  );
}
