// The codebook's history: every version with who made it and when, and for
// one version what changed (word by word) and the whole tree as it was.
import { ApiError, api } from '../api/client';
import { capital, levelWords, versionChanges, type NodeChange } from './codebook';
import { DiffLegend, FieldChanges, ReadTree } from './codebookUi';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { useLoad } from '../shared/load';
import { useAction } from '../shared/action';
import { formatDate } from '../shared/words';
import { ProjectMissing, useProject } from '../projects/useProject';
import './codebook.css';

/** CodebookHistoryPage lists the codebook's versions, newest first, 50 at a time. */
export function CodebookHistoryPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  // more: a page came back full, so there may be older versions.
  const list = useLoad(pid, () => api.codebookVersions(pid).then((vs) => ({ versions: vs, more: vs.length === 50 })));
  const versions = list.data?.versions ?? null;
  const more = list.data?.more ?? false;
  const olderAction = useAction();
  const error = olderAction.error ?? list.error;
  const busy = olderAction.busy;

  async function older() {
    if (!versions) return;
    await olderAction.run(async () => {
      const vs = await api.codebookVersions(pid, versions[versions.length - 1].version);
      list.set({ versions: [...versions, ...vs], more: vs.length === 50 });
    });
  }

  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project || (!versions && !error)) return <Loading />;
  return (
    <Page title={`History of the codebook of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}/codebook`}>Back to the codebook</Link>
      </p>
      <p>Every change to the codebook makes a new version. Open a version to see what changed and the whole codebook as it was then.</p>
      <Alert error={error} />
      {versions && versions.length === 0 && <p className="empty">No changes yet: the codebook has not been started.</p>}
      {versions && versions.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Codebook versions" tabIndex={0}>
          <table className="stack-narrow">
            <caption className="visually-hidden">Codebook versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">
                    <Link to={`/projects/${pid}/codebook/history/${v.version}`}>Version {v.version}</Link>
                  </th>
                  <td className="nowrap" data-label="When">
                    {formatDate(v.at)}
                  </td>
                  <td data-label="Who">{v.actorName}</td>
                  <td className="break" data-label="What changed">
                    {capital(v.summary)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" aria-disabled={busy || undefined} onClick={older}>
          {busy ? 'Loading…' : 'Show older changes'}
        </button>
      )}
    </Page>
  );
}

const kindWords: Record<NodeChange['kind'], string> = { added: 'Added', changed: 'Changed', removed: 'Removed' };

/** CodebookVersionPage shows one version: who, when, what changed, and the tree. */
export function CodebookVersionPage({ pid, v }: { pid: string; v: string }) {
  const { project, error: projectError } = useProject(pid);
  const n = Number(v);
  const { data: version, error } = useLoad(`${pid}/${v}`, () =>
    Number.isInteger(n) && n >= 1
      ? api.codebookVersion(pid, n)
      : Promise.reject(new ApiError(404, 'not_found', 'There is no such codebook version.')),
  );
  // The current version number, to link to it; without it the page only leaves the link out.
  const { data: latest } = useLoad(pid, () => api.codebook(pid).then((cb) => cb.version, () => null));

  if (projectError) return <ProjectMissing error={projectError} />;
  if (error) {
    return (
      <Page title="This codebook version cannot be shown">
        <Alert error={error} />
        <p>
          <Link to={`/projects/${pid}/codebook/history`}>Back to the history</Link>
        </p>
      </Page>
    );
  }
  if (!project || !version) return <Loading />;
  const changes = versionChanges(version.before, version.after, version.nodes ?? []);
  const main = changes.filter((c) => !(c.kind === 'changed' && c.changes.every((f) => f.field === 'order')));
  const shifted = changes.filter((c) => !main.includes(c));
  return (
    <Page title={`Codebook version ${version.version}`} wide>
      <nav aria-label="Versions" className="subnav">
        <ul>
          <li>
            <Link to={`/projects/${pid}/codebook/history`}>Back to the history</Link>
          </li>
          {version.version > 1 && (
            <li>
              <Link to={`/projects/${pid}/codebook/history/${version.version - 1}`}>Version {version.version - 1} (before)</Link>
            </li>
          )}
          {latest !== null && version.version < latest && (
            <li>
              <Link to={`/projects/${pid}/codebook/history/${version.version + 1}`}>Version {version.version + 1} (after)</Link>
            </li>
          )}
          <li>
            <Link to={`/projects/${pid}/codebook`}>The codebook now</Link>
          </li>
        </ul>
      </nav>
      <p className="lead-text">
        {version.actorName} {version.summary}.
      </p>
      <p className="meta">
        {formatDate(version.at)} in {project.name}
        {latest !== null && latest === version.version && ' · this is the current version'}
      </p>

      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">What changed</h2>
        {main.some((c) => c.kind === 'changed') && <DiffLegend />}
        {main.length === 0 && shifted.length === 0 && <p className="empty">No entry changed in this version.</p>}
        <ul className="version-changes">
          {main.map((c) => (
            <li key={c.id} className={`change change-${c.kind}`}>
              <h3>
                <span className="tag">{kindWords[c.kind]}</span> {capital(levelWords[c.level].name)} “{c.name}”
              </h3>
              {c.kind === 'changed' ? (
                <FieldChanges changes={c.changes} />
              ) : (
                <dl className="changes">
                  {c.changes
                    .filter((f) => f.field !== 'name')
                    .map((f) => (
                      <div key={f.field}>
                        <dt>{f.label}</dt>
                        <dd className="pre-line">{c.kind === 'added' ? f.after : f.before}</dd>
                      </div>
                    ))}
                </dl>
              )}
            </li>
          ))}
        </ul>
        {shifted.length > 0 && (
          <p className="hint">
            Moved along with it: {shifted.map((c) => `“${c.name}”`).join(', ')} (their place among their neighbours changed).
          </p>
        )}
      </section>

      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">The whole codebook at version {version.version}</h2>
        <ReadTree nodes={version.nodes ?? []} label={`Codebook at version ${version.version}`} />
      </section>
    </Page>
  );
}
