// A lead's list of members, with each member's role to change.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { api, type Member, type Project, type Role } from '../api/client';
import { useAction } from '../shared/action';
import { Alert, ConfirmAction, Notice } from '../shared/ui';
import { researcherWords, roleWords } from '../shared/words';

export const roles: Role[] = ['lead', 'coder', 'viewer'];

export function ManageMembers({ project, myId, onChange }: { project: Project; myId: string; onChange: () => Promise<Project | null> }) {
  const { error, run } = useAction();
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  /** changeRole saves a role and returns the role the server holds
   * afterwards: the new one, or, when the change was refused, the one kept. */
  async function changeRole(m: Member, role: Role): Promise<Role> {
    const stored = await run(async () => {
      setNotice('');
      await api.updateMember(project.id, m.userId, { role });
      setNotice(m.userId === myId ? `You are now a ${roleWords[role].name.toLowerCase()}.` : `${m.displayName} is now a ${roleWords[role].name.toLowerCase()}.`);
      return role;
    });
    const p = await onChange();
    return p?.members.find((x) => x.userId === m.userId)?.role ?? stored ?? m.role;
  }

  async function remove(m: Member) {
    await run(async () => {
      setNotice('');
      await api.removeMember(project.id, m.userId);
      setNotice(`${m.displayName} was removed from the project.`);
      heading.current?.focus(); // their row, and the button that had the focus, are gone
    });
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
export function RoleChooser({ member, isMe, onSave }: { member: Member; isMe: boolean; onSave: (r: Role) => Promise<Role> }) {
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
