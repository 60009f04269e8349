import { useCallback, useEffect, useState } from 'react';
import { api, type User } from '../api';
import { useSession } from '../session';
import { Alert, ConfirmAction, Loading, Notice, Page } from '../ui';
import { formatDay } from '../words';

/** UsersPage lets the instance admin disable and re-enable accounts. */
export function UsersPage() {
  const { user } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const load = useCallback(() => {
    api.users().then(setUsers, setError);
  }, []);
  useEffect(load, [load]);

  async function setDisabled(u: User, disabled: boolean) {
    setError(null);
    setNotice('');
    try {
      const changed = await api.setUserDisabled(u.id, disabled);
      setNotice(changed.disabled ? `${u.name} can no longer sign in, and was signed out everywhere.` : `${u.name} can sign in again.`);
    } catch (err) {
      setError(err);
    }
    load();
  }

  return (
    <Page title="Accounts" wide>
      <p>
        Everyone who has an account on this Tandem. A disabled account cannot sign in; nothing it made is deleted, and you
        can enable it again.
      </p>
      <Alert error={error} />
      {notice && <Notice>{notice}</Notice>}
      {!users && !error && <Loading />}
      {users && (
        <div className="table-scroll" role="region" aria-label="Accounts" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Accounts</caption>
            <thead>
              <tr>
                <th scope="col">Name and email</th>
                <th scope="col">Since</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Disable or enable</span>
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
                  <td>{formatDay(u.createdAt)}</td>
                  <td>{u.disabled ? <strong>Disabled</strong> : 'Active'}</td>
                  <td>
                    {u.id !== user?.id &&
                      (u.disabled ? (
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
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
