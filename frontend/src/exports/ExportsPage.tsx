// The Exports page: every file of a project in one place, each with a
// sentence on what it is for.
import { useId, useState } from 'react';
import { useProject, ProjectMissing } from '../projects/useProject';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { projectFiles, type ExportItem } from './exports';
import { reconciliationFiles } from './reconciliation';
import { wholeProject } from './project';
import { projectFile, useDownload } from '../shared/download';
import { ExcerptsExport } from './ExcerptsExport';
import './exports.css';

/** ExportsPage lists the project's downloads: the codebook for every
 * member; for leads also the agreement, the coded excerpts, the whole
 * project and, once there, the files of reconciliation. */
export function ExportsPage({ pid }: { pid: string }) {
  const { project, error } = useProject(pid);
  const [notice, setNotice] = useState('');
  if (error) return <ProjectMissing error={error} />;
  if (!project) return <Loading />;
  const lead = project.myRole === 'lead';
  return (
    <Page title="Exports">
      <p>
        <Link to={`/projects/${pid}`}>Back to {project.name}</Link>
      </p>
      <p className="lead-text">Every file of this project in one place. Each one is made from the project as it is right now.</p>
      {notice && <Notice>{notice}</Notice>}
      {!lead && <p>The coded excerpts, the agreement between coders, the decisions, the findings and the whole project are for the leads of the project to download.</p>}
      <ul className="ex-list">
        {projectFiles
          .filter((item) => lead || !item.leadOnly)
          .map((item) => (
            <li key={item.id}>
              <ExportEntry pid={pid} item={item} onDone={setNotice} />
            </li>
          ))}
        {lead && (
          <li>
            <ExcerptsExport pid={pid} onDone={setNotice} />
          </li>
        )}
        {lead && (
          <li>
            <ExportEntry pid={pid} item={wholeProject} onDone={setNotice} />
          </li>
        )}
      </ul>
      {lead && reconciliationFiles.length > 0 && (
        <section className="ex-group" aria-labelledby="ex-reconciliation">
          <h2 id="ex-reconciliation">From reconciliation</h2>
          <p>
            <Link to={`/projects/${pid}/decisions`}>Read the decisions log</Link> in the browser, choose the decisions you need, and download just
            those.
          </p>
          <ul className="ex-list">
            {reconciliationFiles.map((item) => (
              <li key={item.id}>
                <ExportEntry pid={pid} item={item} onDone={setNotice} headingLevel={3} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

/** ExportEntry is one entry of the list: what the file is for and its buttons. */
export function ExportEntry({
  pid,
  item,
  onDone,
  headingLevel = 2,
}: {
  pid: string;
  item: ExportItem;
  onDone: (message: string) => void;
  headingLevel?: 2 | 3;
}) {
  const { doing: busy, error, get } = useDownload(onDone);
  const id = useId();
  const H = `h${headingLevel}` as 'h2' | 'h3';
  return (
    <section className="ex-entry panel" aria-labelledby={`${id}-h`}>
      <H id={`${id}-h`}>{item.title}</H>
      <p id={`${id}-p`}>{item.purpose}</p>
      <div className="actions" role="group" aria-labelledby={`${id}-h`} aria-describedby={`${id}-p`}>
        {item.files.map((f) => (
          <button key={f.path} type="button" aria-disabled={busy === f.path || undefined} onClick={() => get(f.path, projectFile(pid, f.path, f.fallbackName))}>
            {busy === f.path ? 'Preparing…' : f.label}
          </button>
        ))}
      </div>
      <Alert error={error} />
    </section>
  );
}
