import { useEffect, useState } from 'react';
import { api, type AuditEntry } from '../api';
import { Alert, Link, Page } from '../ui';
import { formatDate } from '../words';
import { ProjectMissing, useProject } from './Project';

/** AuditPage shows a project's audit log to its leads, newest first. */
export function AuditPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function load(before?: number) {
    try {
      const page = await api.audit(pid, before);
      setEntries((old) => (before ? [...old, ...page.entries] : page.entries));
      setNext(page.nextBefore);
      setLoaded(true);
    } catch (err) {
      setError(err);
    }
  }
  useEffect(() => {
    load();
  }, [pid]);

  if (projectError) return <ProjectMissing error={projectError} />;
  return (
    <Page title={project ? `Audit log of ${project.name}` : 'Audit log'} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      <p>Every change to the project, who made it and when. Nothing here can be edited or deleted.</p>
      <Alert error={error} />
      {loaded && entries.length === 0 && <p className="empty">Nothing has happened yet.</p>}
      {entries.length > 0 && (
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
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          Show older entries
        </button>
      )}
    </Page>
  );
}
