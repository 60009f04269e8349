import { useRef, useState, type DragEvent } from 'react';
import { ApiError, api, type Project, type UploadResult } from '../api/client';
import { useAction } from '../shared/action';
import { useLoad } from '../shared/load';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { useSession } from '../shared/session';
import { ProjectMissing, useProject } from '../projects/useProject';
import { phaseWords, reconcileLinkWords } from '../reconcile/phase';
import { mayReadConsensus } from '../consensus/log';
import { isFrozen } from '../coding/frozen';
import './transcripts.css';

const accepted = '.txt,.md,.docx,.odt,.vtt,.srt';

interface Upload {
  key: number;
  name: string;
  progress: number;
  result?: UploadResult;
}

/** TranscriptsPage lists a project's transcripts; leads upload here. */
export function TranscriptsPage({ pid }: { pid: string }) {
  const { project, setProject, error: projectError } = useProject(pid);
  const { user } = useSession();
  const { data: list, error, reload } = useLoad(pid, () => api.transcripts(pid));
  const [filter, setFilter] = useState('');

  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project) return <Loading />;
  if (!list)
    return error ? (
      <Page title={`Transcripts of ${project.name}`}>
        <Alert error={error} />
      </Page>
    ) : (
      <Loading />
    );
  const lead = project.myRole === 'lead';
  const names = new Map(project.members.map((m) => [m.userId, m.displayName]));
  const q = filter.trim().toLowerCase();
  const shown = list.filter(
    (t) =>
      !q ||
      [t.title, t.participant, t.site, t.interviewer, t.interviewDate, ...Object.values(t.attributes), ...t.assignedCoders.map((id) => names.get(id) ?? '')]
        .join(' ')
        .toLowerCase()
        .includes(q),
  );
  return (
    <Page title={`Transcripts of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      {lead && <UploadFiles pid={pid} onUploaded={reload} />}
      {lead && <Sharing project={project} onSaved={setProject} />}
      <h2>Transcripts ({list.length})</h2>
      <Alert error={error} />
      {list.length === 0 ? (
        <p className="empty">
          {lead ? 'No transcripts yet. Upload the interviews above.' : project.myRole === 'coder' ? 'No transcripts are assigned to you yet.' : 'No transcripts yet.'}
        </p>
      ) : (
        <>
          <div className="field filter">
            <label htmlFor="filter">Find a transcript</label>
            <input id="filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Title, participant, site, coder…" />
          </div>
          <table className="stack-narrow">
            <caption className="visually-hidden">Transcripts{q ? `, filtered by “${filter}”` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Participant</th>
                <th scope="col">Interview</th>
                <th scope="col">Length</th>
                <th scope="col">Coders</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to={`/projects/${pid}/transcripts/${t.id}`}>{t.title}</Link>
                    {t.redacted && <span className="tag">De-identified</span>}
                    {t.phase !== 'independent' && <span className="tag">{phaseWords[t.phase].name}</span>}
                    {t.contentNote && <span className="sub">Content note: {t.contentNote}</span>}
                    {(lead || (project.myRole === 'coder' && user && t.assignedCoders.includes(user.id))) && (
                      <span className="sub">
                        <Link to={`/projects/${pid}/transcripts/${t.id}/code`}>{isFrozen(t.phase) ? 'See the coding' : 'Code this transcript'}</Link>
                      </span>
                    )}
                    {lead && reconcileLinkWords(t.phase) && (
                      <span className="sub">
                        <Link to={`/projects/${pid}/transcripts/${t.id}/reconcile`}>
                          {reconcileLinkWords(t.phase)}
                          <span className="visually-hidden"> “{t.title}”</span>
                        </Link>
                      </span>
                    )}
                    {mayReadConsensus(t, lead) && (
                      <span className="sub">
                        <Link to={`/projects/${pid}/transcripts/${t.id}/consensus`}>See the consensus</Link>
                      </span>
                    )}
                  </th>
                  <td data-label="Participant">{t.participant || '—'}</td>
                  <td data-label="Interview">
                    {t.interviewDate || '—'}
                    {t.site && <span className="sub">{t.site}</span>}
                  </td>
                  <td className="nowrap" data-label="Length">
                    {t.words.toLocaleString('en-GB')} words
                    <span className="sub">{t.turnCount} turns</span>
                  </td>
                  <td data-label="Coders">{t.assignedCoders.map((id) => names.get(id) ?? 'a former member').join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="empty">No transcript matches “{filter}”.</p>}
        </>
      )}
    </Page>
  );
}

function UploadFiles({ pid, onUploaded }: { pid: string; onUploaded: () => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const next = useRef(0);

  async function send(files: File[]) {
    const batch = files.map((f) => ({ key: next.current++, name: f.name, progress: 0 }));
    setUploads((u) => [...batch, ...u]);
    for (let i = 0; i < files.length; i++) {
      const key = batch[i].key;
      const result = await api.uploadFile(pid, files[i], (progress) =>
        setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress } : x))),
      );
      setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: 1, result } : x)));
      if (result.ok) onUploaded();
    }
  }

  function drop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    send(Array.from(e.dataTransfer.files));
  }

  return (
    <section aria-labelledby="upload-heading" className="panel">
      <h2 id="upload-heading">Upload interviews</h2>
      <p>
        Word files (.docx), LibreOffice files (.odt), Zoom or Teams captions (.vtt), subtitles (.srt) and plain text (.txt,
        .md). Tandem finds who is speaking: lines that start like “Interviewer:” or “P1:”, a name on its own line above what
        they said, or a table with a column of speakers. Then remove names and other identifiers on each transcript’s page (also possible after coding starts: the coding is adjusted).
      </p>
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drag files here, or</p>
        <button type="button" className="primary" onClick={() => input.current?.click()}>
          Choose files
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept={accepted}
          className="visually-hidden"
          aria-label="Choose transcript files"
          tabIndex={-1}
          onChange={(e) => {
            send(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} className={u.result ? (u.result.ok ? 'ok' : 'failed') : ''}>
              <strong>{u.name}</strong>{' '}
              {!u.result && (
                <>
                  <progress value={u.progress} max={1} aria-label={`Uploading ${u.name}`} /> Uploading…
                </>
              )}
              {u.result?.ok && <span>Uploaded: {u.result.transcript?.turnCount} turns, {u.result.transcript?.words.toLocaleString('en-GB')} words.</span>}
              {u.result && !u.result.ok && <span>Not uploaded: {u.result.error?.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Sharing({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');
  function toggle(share: boolean) {
    void run(
      async () => {
        onSaved(await api.updateProject(project.id, { version: project.version, shareTranscripts: share }));
        setSaved(share ? 'Coders can now read every transcript.' : 'Coders now read only the transcripts assigned to them.');
      },
      {
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'version_conflict') {
            const current = (err.details as { current?: Project } | undefined)?.current;
            if (current) onSaved(current);
          }
        },
      },
    );
  }
  return (
    <div className="sharing">
      <label className="inline-check">
        <input type="checkbox" checked={project.shareTranscripts ?? false} onChange={(e) => toggle(e.target.checked)} /> Coders can read every
        transcript (otherwise only those assigned to them)
      </label>
      <Alert error={error} />
      {saved && <Notice>{saved}</Notice>}
    </div>
  );
}
