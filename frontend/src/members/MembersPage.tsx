import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Invitation, type Member, type Project, type ResearcherType, type Role } from '../api/client';
import { navigate } from '../shared/router';
import { useSession } from '../shared/session';
import {
  Alert,
  ConfirmAction,
  Field,
  Link,
  Loading,
  Notice,
  OneTimeLink,
  Page,
  ResearcherTypeField,
  fieldError,
  useProblemFocus,
  SubmitButton,
} from '../shared/ui';
import { formatDate, invitationDaysProblem, researcherWords, roleWords, statusWords } from '../shared/words';
import { ProjectMissing, useProject } from '../projects/useProject';
import { MembersTable } from './MembersTable';

const roles: Role[] = ['lead', 'coder', 'viewer'];

/** MembersPage: leads manage members and invitations; everyone edits their own details. */
export function MembersPage({ pid }: { pid: string }) {
  const { project, error, reload } = useProject(pid);
  const { user } = useSession();
  if (error) return <ProjectMissing error={error} />;
  if (!project || !user) return <Loading />;
  const me = project.members.find((m) => m.userId === user.id);
  const lead = project.myRole === 'lead';
  return (
    <Page title={`Members of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      {lead ? (
        <ManageMembers project={project} myId={user.id} onChange={reload} />
      ) : (
        <MembersTable members={project.members} caption={`Who is in this project (${project.members.length})`} />
      )}
      {lead && <Invitations pid={pid} />}
      {me && <MyDetails pid={pid} me={me} lead={lead} onChange={reload} />}
    </Page>
  );
}

function ManageMembers({ project, myId, onChange }: { project: Project; myId: string; onChange: () => Promise<Project | null> }) {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  /** changeRole saves a role and returns the role the server holds
   * afterwards: the new one, or, when the change was refused, the one kept. */
  async function changeRole(m: Member, role: Role): Promise<Role> {
    setError(null);
    setNotice('');
    let stored = role;
    try {
      await api.updateMember(project.id, m.userId, { role });
      setNotice(m.userId === myId ? `You are now a ${roleWords[role].name.toLowerCase()}.` : `${m.displayName} is now a ${roleWords[role].name.toLowerCase()}.`);
    } catch (err) {
      setError(err);
      stored = m.role;
    }
    const p = await onChange();
    return p?.members.find((x) => x.userId === m.userId)?.role ?? stored;
  }

  async function remove(m: Member) {
    setError(null);
    setNotice('');
    try {
      await api.removeMember(project.id, m.userId);
      setNotice(`${m.displayName} was removed from the project.`);
      heading.current?.focus(); // their row, and the button that had the focus, are gone
    } catch (err) {
      setError(err);
    }
    onChange();
  }

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" ref={heading} tabIndex={-1}>
        Members ({project.members.length})
      </h2>
      <ul className="hint role-list">
        {roles.map((r) => (
          <li key={r}>
            A <strong>{roleWords[r].name.toLowerCase()}</strong> {roleWords[r].does}.
          </li>
        ))}
        <li>A project always keeps at least one lead.</li>
      </ul>
      <Alert error={error} />
      {notice && <Notice>{notice}</Notice>}
      <div className="table-scroll" role="region" aria-label="Table of members" tabIndex={0}>
        <table className="stack-narrow">
          <caption className="visually-hidden">Members, how they take part and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Takes part as</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {project.members.map((m) => (
              <tr key={m.userId}>
                <th scope="row">
                  {m.displayName}
                  {m.userId === myId && <span className="tag">You</span>}
                  {m.email && <span className="sub">{m.email}</span>}
                </th>
                <td data-label="Takes part as">{researcherWords(m.researcherType, m.researcherTypeLabel)}</td>
                <td>
                  <RoleChooser member={m} isMe={m.userId === myId} onSave={(r) => changeRole(m, r)} />
                  {m.userId !== myId && !m.onlyLead && (
                    <div className="row-action">
                      <ConfirmAction
                        label={
                          <>
                            Remove<span className="visually-hidden"> {m.displayName}</span>
                          </>
                        }
                        question={`Remove ${m.displayName} from the project? They will no longer see it.`}
                        yes={`Yes, remove ${m.displayName}`}
                        no="Keep"
                        onConfirm={() => remove(m)}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** RoleChooser is a role select with its own save button, so that moving
 * through the options with the arrow keys changes nothing until saved. After
 * a save, refused or not, it shows the role the server holds. The only lead
 * gets no choice: a project always needs a lead. */
function RoleChooser({ member, isMe, onSave }: { member: Member; isMe: boolean; onSave: (r: Role) => Promise<Role> }) {
  const [role, setRole] = useState<Role>(member.role);
  const select = useRef<HTMLSelectElement>(null);
  const fixed = useRef<HTMLSpanElement>(null);
  useEffect(() => setRole(member.role), [member.role]);
  async function save() {
    setRole(await onSave(role));
    // The save button goes away once the role is saved; the select may too.
    requestAnimationFrame(() => (select.current ?? fixed.current)?.focus());
  }
  if (member.onlyLead) {
    return (
      <div className="role-chooser">
        <span ref={fixed} tabIndex={-1}>
          <strong>{roleWords.lead.name}</strong>
          <span className="sub">
            {isMe
              ? 'You are the only lead, so you stay a lead until you make someone else a lead.'
              : 'The only lead of this project.'}
          </span>
        </span>
      </div>
    );
  }
  const id = `role-${member.userId}`;
  const label: ReactNode = (
    <>
      Save<span className="visually-hidden"> the role of {member.displayName}</span>
    </>
  );
  const steppingDown = isMe && member.role === 'lead' && role !== 'lead';
  return (
    <div className="role-chooser">
      <label className="visually-hidden" htmlFor={id}>
        Role of {member.displayName}
      </label>
      <select id={id} ref={select} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleWords[r].name}
          </option>
        ))}
      </select>
      {role !== member.role &&
        (steppingDown ? (
          <ConfirmAction
            label={label}
            question={`You will no longer be a lead here, and cannot manage the project.`}
            yes={`Yes, make me a ${roleWords[role].name.toLowerCase()}`}
            no="Stay a lead"
            onConfirm={save}
          />
        ) : (
          <button type="button" className="primary" onClick={save}>
            {label}
          </button>
        ))}
    </div>
  );
}

function Invitations({ pid }: { pid: string }) {
  const [list, setList] = useState<Invitation[] | null>(null);
  const [role, setRole] = useState<Role>('coder');
  const [days, setDays] = useState('7');
  const [note, setNote] = useState('');
  const [daysProblem, setDaysProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<Invitation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [listNotice, setListNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();

  const load = useCallback(() => {
    api.invitations(pid).then(setList, setError);
  }, [pid]);
  useEffect(load, [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setListNotice('');
    const p = invitationDaysProblem(days);
    setDaysProblem(p);
    if (p) {
      focusProblem();
      return;
    }
    setBusy(true);
    try {
      setCreated(await api.createInvitation(pid, { role, expiresInHours: Number(days.trim()) * 24, note: note.trim() }));
      setNote('');
      load();
    } catch (err) {
      setError(err);
      focusProblem();
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(inv: Invitation) {
    setError(null);
    setListNotice('');
    try {
      await api.revokeInvitation(pid, inv.id);
      if (created?.id === inv.id) setCreated(null);
      setListNotice('The invitation was withdrawn: its link no longer works.');
    } catch (err) {
      setError(err);
    }
    load();
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
          error={daysProblem ?? fieldError(error, 'expiresInHours')}
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

function MyDetails({ pid, me, lead, onChange }: { pid: string; me: Member; lead: boolean; onChange: () => Promise<Project | null> }) {
  const [name, setName] = useState(me.displayName);
  const [type, setType] = useState<ResearcherType | ''>(me.researcherType);
  const [typeLabel, setTypeLabel] = useState(me.researcherTypeLabel ?? '');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [leaveError, setLeaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setSaved(false);
    const p = { displayName: name.trim() ? null : 'Enter the name others see.' };
    setProblems(p);
    if (p.displayName) {
      focusProblem();
      return;
    }
    setBusy(true);
    try {
      await api.updateMember(pid, me.userId, {
        displayName: name.trim(),
        researcherType: type as ResearcherType,
        researcherTypeLabel: type === 'other' ? typeLabel.trim() : '',
      });
      setSaved(true);
      onChange();
    } catch (err) {
      setError(err);
      focusProblem();
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    setLeaveError(null);
    try {
      await api.removeMember(pid, me.userId);
      navigate('/');
    } catch (err) {
      setLeaveError(err);
      onChange(); // show what the server holds (perhaps: you are now the only lead)
    }
  }

  const shown = ['displayName', 'researcherType', 'researcherTypeLabel'];
  return (
    <section aria-labelledby="me-heading" className="panel">
      <h2 id="me-heading">Your details in this project</h2>
      <p className="hint">Everyone in the project sees these.</p>
      <form ref={ref} onSubmit={save} noValidate className="form">
        <Field
          label="Your name as others see it here"
          value={name}
          onChange={setName}
          required
          maxLength={100}
          error={problems.displayName ?? fieldError(error, 'displayName')}
        />
        <ResearcherTypeField
          value={type}
          selfLabel={typeLabel}
          onChange={setType}
          onLabel={setTypeLabel}
          error={fieldError(error, 'researcherType')}
          labelError={fieldError(error, 'researcherTypeLabel')}
        />
        <Alert error={error && !shown.some((f) => fieldError(error, f)) ? error : null} />
        {saved && <Notice>Your details are saved.</Notice>}
        <SubmitButton busy={busy} busyText="Saving…">
          Save my details
        </SubmitButton>
      </form>
      <h3>Leave the project</h3>
      <Alert error={leaveError} />
      {me.onlyLead ? (
        <p>
          You are the only lead, so you cannot leave yet: a project always needs a lead. Make someone else a lead first
          {lead ? ' (in the table of members above)' : ''}, then you can leave. When the study is over, you can also archive
          or delete the project on its home page.
        </p>
      ) : (
        <>
          <p>You will no longer see the project. What you did in it stays, and a lead can invite you again.</p>
          <ConfirmAction label="Leave this project" question="Leave this project now?" yes="Yes, leave" no="Stay" onConfirm={leave} />
        </>
      )}
    </section>
  );
}
