import type { Member } from '../api/client';
import { formatDay, researcherWords, roleWords } from '../shared/words';

/** MembersTable lists members with their roles and researcher types. */
export function MembersTable({ members, caption }: { members: Member[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Takes part as</th>
          <th scope="col">Joined</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.userId}>
            <th scope="row">
              {m.displayName}
              {m.email && <span className="sub">{m.email}</span>}
            </th>
            <td>{roleWords[m.role].name}</td>
            <td>{researcherWords(m.researcherType, m.researcherTypeLabel)}</td>
            <td>{formatDay(m.joinedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
