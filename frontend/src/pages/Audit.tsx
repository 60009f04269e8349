import { useEffect, useRef, useState } from 'react';
import { api, type AuditEntry } from '../api';
import { Alert, Link, Loading, Page } from '../ui';
import { formatDate } from '../words';
import { ProjectMissing, useProject } from './Project';

/** AuditPage shows a project's audit log to its leads, newest first. */
export function AuditPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(0);
  const [error, setError] = useState<unknown>(null);

  async function load(before?: number) {
    setBusy(true);
    setError(null);
    try {
      const page = await api.audit(pid, before);
      setEntries((old) => (before ? [...old, ...page.entries] : page.entries));
      setAdded(before ? page.entries.length : 0);
      setNext(page.nextBefore);
      setLoaded(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    load();
  }, [pid]);
  // After the last older page the button goes away: keep the focus nearby.
  const end = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (added > 0 && !next) end.current?.focus();
  }, [added, next]);

  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project || (!loaded && !error)) return <Loading />;
  return (
    <Page title={`Audit log of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      {project.myRole === 'lead' && (
        <p>Every change to the project, who made it and when, newest first. Nothing here can be edited or deleted.</p>
      )}
      <Alert error={error} />
      {project.myRole !== 'lead' && <p>The audit log is kept for the project's leads.</p>}
      {loaded && entries.length === 0 && <p className="empty">Nothing has happened yet.</p>}
      {entries.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Audit log" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="nowrap">{formatDate(e.at)}</td>
                  <td>{e.actorName}</td>
                  <td>{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" className="visually-hidden">
        {added > 0 ? `${added} older ${added === 1 ? 'entry' : 'entries'} added at the end of the table.` : ''}
      </p>
      {next ? (
        // aria-disabled, not disabled: a disabled button would drop the focus while loading.
        <button type="button" onClick={() => !busy && load(next)} aria-disabled={busy}>
          {busy ? 'Loading older entries…' : 'Show older entries'}
        </button>
      ) : (
        loaded &&
        entries.length > 0 && (
          <p className="meta" ref={end} tabIndex={-1}>
            This is the start of the log.
          </p>
        )
      )}
    </Page>
  );
}
