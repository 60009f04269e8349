import { useCallback, useEffect, useState } from 'react';
import { api, type User } from '../api';
import { useSession } from '../session';
import { Alert, Notice, Page } from '../ui';
import { formatDate } from '../words';

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

  async function toggle(u: User) {
    setError(null);
    try {
      const changed = await api.setUserDisabled(u.id, !u.disabled);
      setNotice(changed.disabled ? `${u.name} can no longer sign in.` : `${u.name} can sign in again.`);
    } catch (err) {
      setError(err);
    }
    load();
  }

  return (
    <Page title="Accounts">
      <p>Everyone who has an account on this Tandem. A disabled account cannot sign in; nothing it made is deleted.</p>
      <Alert error={error} />
      {notice && <Notice>{notice}</Notice>}
      {users && (
        <table>
          <caption className="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Since</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  {u.name}
                  {u.admin && <span className="tag">Admin</span>}
                </th>
                <td>{u.email}</td>
                <td>{formatDate(u.createdAt)}</td>
                <td>{u.disabled ? 'Disabled' : 'Active'}</td>
                <td>
                  {u.id !== user?.id && (
                    <button type="button" className={u.disabled ? '' : 'danger'} onClick={() => toggle(u)}>
                      {u.disabled ? 'Enable' : 'Disable'}
                      <span className="visually-hidden"> {u.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
