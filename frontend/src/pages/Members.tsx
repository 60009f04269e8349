import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Invitation, type Member, type Project, type ResearcherType, type Role } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';
import { Alert, Loading, Field, Link, Notice, Page, ResearcherTypeField, fieldError } from '../ui';
import { formatDate, researcherWords, roleWords, statusWords } from '../words';
import { MembersTable, ProjectMissing, useProject } from './Project';

const roles: Role[] = ['lead', 'coder', 'viewer'];

/** MembersPage: leads manage members and invitations; everyone edits their own details. */
export function MembersPage({ pid }: { pid: string }) {
  const { project, error, reload } = useProject(pid);
  const { user } = useSession();
  if (error) return <ProjectMissing error={error} />;
  if (!project || !user)
    return <Loading />;
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
      {me && <MyDetails pid={pid} me={me} onChange={reload} />}
    </Page>
  );
}

function ManageMembers({ project, myId, onChange }: { project: Project; myId: string; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [removing, setRemoving] = useState<Member | null>(null);

  async function changeRole(m: Member, role: Role) {
    setError(null);
    setNotice('');
    try {
      await api.updateMember(project.id, m.userId, { role });
      setNotice(`${m.displayName} is now a ${roleWords[role].name.toLowerCase()}.`);
    } catch (err) {
      setError(err);
    }
    onChange();
  }

  async function remove(m: Member) {
    setError(null);
    setNotice('');
    try {
      await api.removeMember(project.id, m.userId);
      setNotice(`${m.displayName} was removed from the project.`);
    } catch (err) {
      setError(err);
    }
    setRemoving(null);
    onChange();
  }

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Members ({project.members.length})</h2>
      <p className="hint">
        {roles.map((r) => `A ${roleWords[r].name.toLowerCase()} ${roleWords[r].does}.`).join(' ')} A project always keeps at least one lead.
      </p>
      <Alert error={error} />
      {notice && <Notice>{notice}</Notice>}
      <table>
        <caption className="visually-hidden">Members, their roles and how they take part</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Takes part as</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
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
              <td>{researcherWords(m.researcherType, m.researcherTypeLabel)}</td>
              <td>
                <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                  Role of {m.displayName}
                </label>
                <select id={`role-${m.userId}`} value={m.role} onChange={(e) => changeRole(m, e.target.value as Role)}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {roleWords[r].name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {removing?.userId === m.userId ? (
                  <div className="confirm" role="group" aria-label={`Confirm removing ${m.displayName}`}>
                    <span>Remove {m.displayName}?</span>
                    <button type="button" className="danger" onClick={() => remove(m)}>
                      Yes, remove
                    </button>
                    <button type="button" onClick={() => setRemoving(null)}>
                      Keep
                    </button>
                  </div>
                ) : (
                  m.userId !== myId && (
                    <button type="button" onClick={() => setRemoving(m)}>
                      Remove<span className="visually-hidden"> {m.displayName}</span>
                    </button>
                  )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Invitations({ pid }: { pid: string }) {
  const [list, setList] = useState<Invitation[] | null>(null);
  const [role, setRole] = useState<Role>('coder');
  const [days, setDays] = useState('7');
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<Invitation | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.invitations(pid).then(setList, setError);
  }, [pid]);
  useEffect(load, [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCopied(false);
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 30) {
      setError('Choose how many days the link works: from 1 to 30.');
      return;
    }
    setBusy(true);
    try {
      setCreated(await api.createInvitation(pid, { role, expiresInHours: n * 24, note }));
      setNote('');
      load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(inv: Invitation) {
    setError(null);
    try {
      await api.revokeInvitation(pid, inv.id);
      if (created?.id === inv.id) setCreated(null);
    } catch (err) {
      setError(err);
    }
    load();
  }

  return (
    <section aria-labelledby="invite-heading" className="panel">
      <h2 id="invite-heading">Invite someone</h2>
      <p>
        Create a link and send it to one person (by email or chat). It works <strong>once</strong>: whoever opens it creates
        an account or signs in, and joins this project.
      </p>
      <form onSubmit={create} noValidate className="form">
        <div className="field">
          <label htmlFor="invite-role">Their role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleWords[r].name} — {roleWords[r].does}
              </option>
            ))}
          </select>
        </div>
        <Field label="Link works for this many days" type="number" value={days} onChange={setDays} required hint="From 1 to 30 days." />
        <Field label="Who is it for?" value={note} onChange={setNote} maxLength={200} hint="A note for your own list, such as their name." error={fieldError(error, 'note')} />
        <Alert error={error && !fieldError(error, 'note') ? error : null} />
        <button type="submit" className="primary" disabled={busy}>
          Create an invitation link
        </button>
      </form>
      {created?.url && (
        <div className="created-link" role="status">
          <p>
            <strong>Here is the link for a new {roleWords[created.role].name.toLowerCase()}.</strong> Copy it now: it is shown
            only once.
          </p>
          <label htmlFor="invite-url">Invitation link</label>
          <div className="copy-row">
            <input id="invite-url" readOnly value={created.url} onFocus={(e) => e.target.select()} />
            <button
              type="button"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(created.url!);
                  setCopied(true);
                } catch {
                  setError('Copying did not work here. Select the link and copy it yourself.');
                }
              }}
            >
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </div>
        </div>
      )}
      {list && list.length > 0 && (
        <table>
          <caption>Invitations</caption>
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Works until</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((inv) => (
              <tr key={inv.id}>
                <th scope="row">
                  {inv.note || <span className="sub">No note</span>}
                  <span className="sub">Created by {inv.createdBy}</span>
                </th>
                <td>{roleWords[inv.role].name}</td>
                <td>
                  {statusWords[inv.status]}
                  {inv.usedBy && <span className="sub">by {inv.usedBy}</span>}
                </td>
                <td>{formatDate(inv.expiresAt)}</td>
                <td>
                  {inv.status === 'pending' && (
                    <button type="button" onClick={() => withdraw(inv)}>
                      Withdraw<span className="visually-hidden"> the invitation {inv.note}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MyDetails({ pid, me, onChange }: { pid: string; me: Member; onChange: () => void }) {
  const [name, setName] = useState(me.displayName);
  const [type, setType] = useState<ResearcherType | ''>(me.researcherType);
  const [typeLabel, setTypeLabel] = useState(me.researcherTypeLabel ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [leaving, setLeaving] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.updateMember(pid, me.userId, { displayName: name, researcherType: type as ResearcherType, researcherTypeLabel: typeLabel });
      setSaved(true);
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  async function leave() {
    setError(null);
    try {
      await api.removeMember(pid, me.userId);
      navigate('/');
    } catch (err) {
      setError(err);
      setLeaving(false);
    }
  }

  return (
    <section aria-labelledby="me-heading" className="panel">
      <h2 id="me-heading">Your details in this project</h2>
      <form onSubmit={save} noValidate className="form">
        <Field label="Your name as others see it here" value={name} onChange={setName} required maxLength={100} error={fieldError(error, 'displayName')} />
        <ResearcherTypeField value={type} selfLabel={typeLabel} onChange={setType} onLabel={setTypeLabel} error={fieldError(error, 'researcherType')} />
        <Alert error={error && !fieldError(error, 'displayName') && !fieldError(error, 'researcherType') ? error : null} />
        {saved && <Notice>Your details are saved.</Notice>}
        <button type="submit" className="primary">
          Save my details
        </button>
      </form>
      <h3>Leave the project</h3>
      {leaving ? (
        <div className="confirm" role="group" aria-label="Confirm leaving">
          <span>You will no longer see this project. Leave?</span>
          <button type="button" className="danger" onClick={leave}>
            Yes, leave
          </button>
          <button type="button" onClick={() => setLeaving(false)}>
            Stay
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setLeaving(true)}>
          Leave this project
        </button>
      )}
    </section>
  );
}
