// Invitation links: making one, copying it, and the links made so far.
import { type FormEvent, useState } from 'react';
import { api, type Invitation, type InvitationCreated, type Role } from '../api/client';
import { Alert, ConfirmAction, Field, fieldError, Notice, OneTimeLink, SubmitButton } from '../shared/ui';
import { useForm } from '../shared/form';
import { useLoad } from '../shared/load';
import { formatDate, invitationDaysProblem, roleWords, statusWords } from '../shared/words';
import { roles } from './ManageMembers';

export function Invitations({ pid }: { pid: string }) {
  const invitations = useLoad(pid, () => api.invitations(pid));
  const list = invitations.data;
  const [role, setRole] = useState<Role>('coder');
  const [days, setDays] = useState('7');
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const [listNotice, setListNotice] = useState('');
  const form = useForm();
  const { ref, busy } = form;
  const error = form.error ?? invitations.error;

  async function create(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setListNotice('');
    if (form.check({ expiresInHours: invitationDaysProblem(days) })) return;
    await form.run(async () => {
      setCreated(await api.createInvitation(pid, { role, expiresInHours: Number(days.trim()) * 24, note: note.trim() }));
      setNote('');
      void invitations.reload();
    });
  }

  async function withdraw(inv: Invitation) {
    form.setError(null);
    setListNotice('');
    try {
      await api.revokeInvitation(pid, inv.id);
      if (created?.id === inv.id) setCreated(null);
      setListNotice('The invitation was withdrawn: its link no longer works.');
    } catch (err) {
      form.setError(err);
    }
    void invitations.reload();
  }

  const shown = ['note', 'expiresInHours', 'role'];
  return (
    <section aria-labelledby="invite-heading" className="panel">
      <h2 id="invite-heading">Invite someone</h2>
      <p>
        Create a link and send it to one person (by email or chat). It works <strong>once</strong>: whoever opens it
        creates an account or signs in, and joins this project.
      </p>
      <form ref={ref} onSubmit={create} noValidate className="form">
        <div className="field">
          <label htmlFor="invite-role">Their role</label>
          <select id="invite-role" value={role} aria-describedby="invite-role-hint" onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleWords[r].name}
              </option>
            ))}
          </select>
          <p className="hint" id="invite-role-hint">
            A {roleWords[role].name.toLowerCase()} {roleWords[role].does}.
          </p>
        </div>
        <Field
          label="Link works for this many days"
          value={days}
          onChange={setDays}
          inputMode="numeric"
          required
          hint="A whole number from 1 to 30."
          error={form.problems.expiresInHours ?? fieldError(error, 'expiresInHours')}
        />
        <Field label="Who is it for?" value={note} onChange={setNote} maxLength={200} hint="A note for your own list, such as their name." error={fieldError(error, 'note')} />
        <Alert error={error && !shown.some((f) => fieldError(error, f)) ? error : null} />
        <SubmitButton busy={busy} busyText="Creating the link…">
          Create an invitation link
        </SubmitButton>
      </form>
      {created?.url && (
        <OneTimeLink heading={`The link for a new ${roleWords[created.role].name.toLowerCase()}`} label="Invitation link" url={created.url}>
          <p>
            Copy it now and send it to {created.note ? <strong>{created.note}</strong> : 'the person'}:{' '}
            <strong>it is shown only this once</strong>, and it works for one person, once, until{' '}
            {formatDate(created.expiresAt)}.
          </p>
        </OneTimeLink>
      )}
      <h3 id="invitations-heading">Invitations</h3>
      {listNotice && <Notice>{listNotice}</Notice>}
      {list && list.length === 0 && <p className="empty">No invitations yet.</p>}
      {list && list.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="invitations-heading" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Invitations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Works until</th>
                <th scope="col">
                  <span className="visually-hidden">Withdraw</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((inv) => (
                <tr key={inv.id}>
                  <th scope="row">
                    {inv.note || <span className="sub">No note</span>}
                    <span className="sub">
                      Created by {inv.createdBy}, {formatDate(inv.createdAt)}
                    </span>
                  </th>
                  <td>{roleWords[inv.role].name}</td>
                  <td>
                    {statusWords[inv.status]}
                    {inv.usedBy && <span className="sub">by {inv.usedBy}</span>}
                    {inv.usedAt && <span className="sub">{formatDate(inv.usedAt)}</span>}
                  </td>
                  <td>{formatDate(inv.expiresAt)}</td>
                  <td>
                    {inv.status === 'pending' && (
                      <ConfirmAction
                        label={
                          <>
                            Withdraw<span className="visually-hidden"> the invitation{inv.note ? ` for ${inv.note}` : ''}</span>
                          </>
                        }
                        question="Withdraw it? The link will stop working."
                        yes="Yes, withdraw"
                        no="Keep it"
                        onConfirm={() => withdraw(inv)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
