// Who has coded what: the coder's own transcripts with a button to code
// them, the transcript x coder matrix, and (for leads) the blind/open switch
// (CodingMode) and each transcript's phase (reveal, reconcile, lock).
import { useState } from 'react';
import { useLoad } from '../shared/load';
import { api, type Member, type Progress, type ProgressRow, type Project } from '../api/client';
import { plural } from '../codebook/codebook';
import { useAction } from '../shared/action';
import { Alert, Link, Notice } from '../shared/ui';
import { researcherWords } from '../shared/words';
import { cellWords, revealWords } from './progress';
import { CodingMode } from './CodingMode';
import { PhaseControl } from '../reconcile/PhaseControl';
import { ProjectPhases } from '../reconcile/ProjectPhases';
import { phaseWords } from '../reconcile/phase';

export function ProgressSection({ project, myId, onProject }: { project: Project; myId: string; onProject: (p: Project) => void }) {
  const pid = project.id;
  const { data: progress, error, reload: load } = useLoad(pid, () => api.progress(pid));
  const lead = project.myRole === 'lead';
  if (error) return <Alert error={error} />;
  if (!progress) return null;
  const mine = progress.transcripts.filter((r) => r.mine);
  return (
    <>
      {mine.length > 0 && <MyTranscripts pid={pid} rows={mine} myId={myId} />}
      {lead && <CodingMode project={project} onProject={onProject} onChanged={load} />}
      {lead && progress.transcripts.length > 0 && <ProjectPhases pid={pid} onChanged={load} />}
      <Matrix pid={pid} progress={progress} lead={lead} myId={myId} onChanged={load} />
    </>
  );
}

function MyTranscripts({ pid, rows, myId }: { pid: string; rows: ProgressRow[]; myId: string }) {
  return (
    <section aria-labelledby="mine-h">
      <h2 id="mine-h">My transcripts ({rows.length})</h2>
      <ul className="my-list">
        {rows.map((r) => {
          const cell = r.sets.find((s) => s.coderId === myId);
          const w = cellWords(cell, true);
          const action = !cell ? 'Code' : cell.status === 'submitted' ? 'Open' : 'Continue';
          return (
            <li key={r.id}>
              <span>
                <span className="my-title">{r.title}</span>
                <span className="sub">
                  <span className={w.cls}>{w.text}</span>
                  {cell?.excerptCount !== undefined && ` · ${plural(cell.excerptCount, 'excerpt', 'excerpts')}`}
                </span>
              </span>
              <Link to={`/projects/${pid}/transcripts/${r.id}/code`} className={`button-link${action === 'Open' ? '' : ' primary'}`}>
                {action}
                <span className="visually-hidden"> “{r.title}”</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Matrix({ pid, progress, lead, myId, onChanged }: { pid: string; progress: Progress; lead: boolean; myId: string; onChanged: () => void }) {
  const { error, run } = useAction();
  const [said, setSaid] = useState('');
  const rows = progress.transcripts;
  // Coders: members who are assigned or have coded something, leads first only when they coded.
  const ids = new Set<string>();
  for (const r of rows) {
    r.assignedCoders.forEach((id) => ids.add(id));
    r.sets.forEach((s) => ids.add(s.coderId));
  }
  const members = new Map(progress.members.map((m) => [m.userId, m]));
  const coders = [...ids].map((id) => members.get(id) ?? ({ userId: id, displayName: 'Former member', role: 'coder', researcherType: 'other' } as Member));
  coders.sort((a, b) => (a.userId === myId ? -1 : b.userId === myId ? 1 : a.displayName.localeCompare(b.displayName)));
  const hidden = rows.some((r) => r.sets.some((s) => s.excerptCount === undefined));

  function reopen(r: ProgressRow, coder: Member) {
    void run(async () => {
      // The matrix does not carry the set's version: read it, then reopen.
      const sets = await api.codings(pid, r.id);
      const set = sets.sets.find((s) => s.coderId === coder.userId);
      if (!set) return;
      await api.reopenCoding(pid, r.id, set.version ?? 0, coder.userId);
      setSaid(`${coder.displayName} can change their coding of “${r.title}” again.`);
      onChanged();
    });
  }

  if (rows.length === 0) {
    return (
      <section aria-labelledby="progress-h">
        <h2 id="progress-h">Who has coded what</h2>
        <p className="empty">No transcripts yet.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="progress-h">
      <h2 id="progress-h">Who has coded what</h2>
      <p className="hint">
        {progress.openCoding ? 'The project codes openly: everyone sees everyone’s excerpts.' : 'The project codes independently (blind).'}
      </p>
      {coders.length === 0 ? (
        <p className="empty">No coder is assigned yet. A lead assigns coders on each transcript’s details page.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Coding status by transcript and coder">
          <table className="progress-table stack-narrow">
            <caption className="visually-hidden">Coding status of each transcript by coder</caption>
            <thead>
              <tr>
                <th scope="col">Transcript</th>
                {coders.map((c) => (
                  <th scope="col" key={c.userId}>
                    {c.userId === myId ? 'You' : c.displayName}
                    <span className="sub">{researcherWords(c.researcherType, c.researcherTypeLabel)}</span>
                  </th>
                ))}
                {lead && <th scope="col">Phase</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/projects/${pid}/transcripts/${r.id}`}>{r.title}</Link>
                    {!lead && r.phase !== 'independent' && <span className="tag">{phaseWords[r.phase].name}</span>}
                  </th>
                  {coders.map((c) => {
                    const cell = r.sets.find((s) => s.coderId === c.userId);
                    const assigned = r.assignedCoders.includes(c.userId);
                    const w = cellWords(cell, assigned);
                    return (
                      <td key={c.userId} data-label={c.userId === myId ? 'You' : c.displayName}>
                        <span className={w.cls}>{w.text}</span>
                        {cell && (
                          <span className="sub">
                            {cell.excerptCount !== undefined ? (
                              plural(cell.excerptCount, 'excerpt', 'excerpts')
                            ) : (
                              <>
                                <span aria-hidden="true">—</span>
                                <span className="visually-hidden">excerpt count hidden</span>
                              </>
                            )}
                          </span>
                        )}
                        {lead && cell?.status === 'submitted' && (r.phase === 'independent' || r.phase === 'revealed') && (
                          <button type="button" className="small-button" onClick={() => reopen(r, c)}>
                            Reopen<span className="visually-hidden"> {c.userId === myId ? 'your' : `${c.displayName}’s`} coding of “{r.title}”</span>
                          </button>
                        )}
                      </td>
                    );
                  })}
                  {lead && (
                    <td data-label="Phase">
                      <PhaseControl
                        pid={pid}
                        tid={r.id}
                        title={r.title}
                        phase={r.phase}
                        revealText={revealWords(r)}
                        onMoved={(text) => {
                          setSaid(text);
                          onChanged();
                        }}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hidden && (
        <p className="hint">
          “—” means the number of excerpts is hidden: while the project codes independently, you see whether others have started or
          submitted, not what they coded.
        </p>
      )}
      <Alert error={error} />
      {said && <Notice>{said}</Notice>}
    </section>
  );
}
