import { useState, type FormEvent } from 'react';
import { ApiError, api, conflictCurrent, type Project } from '../api/client';
import { mergeAfterConflict } from '../shared/conflict';
import { Alert, Loading, Field, Link, Notice, Page, fieldError, SubmitButton } from '../shared/ui';
import { useForm } from '../shared/form';
import { roleWords } from '../shared/words';
import { MembersTable } from '../members/MembersTable';
import { ProjectMissing, useProject } from './useProject';
import { useSession } from '../shared/session';
import { ProgressSection } from './ProgressSection';
import { DeleteProject } from './DeleteProject';
import './projects.css';

/** ProjectPage is a project's home: what it is and who is in it. */
export function ProjectPage({ pid }: { pid: string }) {
  const { project, setProject, error } = useProject(pid);
  const { user } = useSession();
  if (error) return <ProjectMissing error={error} />;
  if (!project)
    return <Loading />;
  const lead = project.myRole === 'lead';
  return (
    <Page title={project.name}>
      {project.archived && <Notice>This project is archived. It is kept as it is; nobody is expected to work in it.</Notice>}
      {project.description ? <p className="lead-text pre-line">{project.description}</p> : null}
      <p className="meta">
        You are a <strong>{roleWords[project.myRole].name.toLowerCase()}</strong> here: you {roleWords[project.myRole].you}.
      </p>
      <nav aria-label="Project" className="subnav">
        <ul>
          <li>
            <Link to={`/projects/${pid}/transcripts`}>Transcripts</Link>
          </li>
          <li>
            <Link to={`/projects/${pid}/codebook`}>Codebook</Link>
          </li>
          <li>
            <Link to={`/projects/${pid}/find`}>Find coded text</Link>
          </li>
          <li>
            <Link to={`/projects/${pid}/members`}>{lead ? 'Members and invitations' : 'Members and your details'}</Link>
          </li>
          {lead && (
            <li>
              <Link to={`/projects/${pid}/audit`}>Audit log</Link>
            </li>
          )}
          {lead && (
            <li>
              <Link to={`/projects/${pid}/agreement`}>Compare coders</Link>
            </li>
          )}
          {project.myRole === 'coder' && (
            <li>
              <Link to={`/projects/${pid}/agreement`}>You and the agreed coding</Link>
            </li>
          )}
          {lead && (
            <li>
              <Link to={`/projects/${pid}/decisions`}>Decisions log</Link>
            </li>
          )}
          <li>
            <Link to={`/projects/${pid}/findings`}>Findings</Link>
          </li>
          {lead && (
            <li>
              <Link to={`/projects/${pid}/exports`}>Exports</Link>
            </li>
          )}
        </ul>
      </nav>
      {user && <ProgressSection project={project} myId={user.id} onProject={setProject} />}
      <MembersTable members={project.members} caption={`Who is in this project (${project.members.length})`} />
      {lead && <ProjectSettings project={project} onSaved={setProject} />}
      {lead && <DeleteProject project={project} />}
    </Page>
  );
}

/** ProjectSettings lets a lead rename, describe, archive and restore. When
 * someone else changed the project meanwhile (version_conflict), the latest
 * project is shown and what this lead typed is kept, to look at and save again. */
function ProjectSettings({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  // base is the project's text as it was when this lead started typing.
  const [base, setBase] = useState({ name: project.name, description: project.description });
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [saved, setSaved] = useState('');
  const form = useForm();
  const { ref, busy, error } = form;

  async function save(change: { name?: string; description?: string; archived?: boolean }, done: string) {
    if (busy) return;
    form.setError(null);
    setSaved('');
    await form.run(async () => {
      try {
        const p = await api.updateProject(project.id, { version: project.version, ...change });
        onSaved(p);
        setSaved(done);
        setBase({ name: p.name, description: p.description });
        if (change.name !== undefined) setName(p.name);
        if (change.description !== undefined) setDescription(p.description);
      } catch (err) {
        let current = conflictCurrent<Project>(err);
        if (!current && err instanceof ApiError && err.code === 'version_conflict') {
          current = await api.project(project.id).catch(() => undefined);
        }
        if (current) {
          onSaved(current);
          const { merged } = mergeAfterConflict(base, { name, description }, { name: current.name, description: current.description });
          setBase({ name: current.name, description: current.description });
          setName(merged.name);
          setDescription(merged.description);
        }
        throw err;
      }
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (form.check({ name: name.trim() ? null : 'Give the project a name.' })) {
      setSaved('');
      return;
    }
    save({ name: name.trim(), description: description.trim() }, 'Saved.');
  }

  const conflict = error instanceof ApiError && error.code === 'version_conflict';
  return (
    <section aria-labelledby="settings" className="panel">
      <h2 id="settings">Project settings</h2>
      <p className="hint">Only leads see this part.</p>
      <form ref={ref} onSubmit={submit} noValidate className="form">
        <Field label="Project name" value={name} onChange={setName} required maxLength={200} error={form.problem('name')} />
        <Field label="What is the study about?" value={description} onChange={setDescription} multiline error={fieldError(error, 'description')} />
        <Alert error={error && !fieldError(error, 'name') && !fieldError(error, 'description') ? error : null} />
        {conflict && (
          <p className="hint">
            The project above now shows the latest version. The boxes keep what you typed where you changed something;
            check them, then press “Save changes” again.
          </p>
        )}
        {saved && <Notice>{saved}</Notice>}
        <div className="actions">
          <SubmitButton busy={busy} busyText="Saving…">
            Save changes
          </SubmitButton>
          <button
            type="button"
            aria-disabled={busy || undefined}
            onClick={() =>
              save({ archived: !project.archived }, project.archived ? 'The project is active again.' : 'The project is archived.')
            }
          >
            {project.archived ? 'Restore the project' : 'Archive the project'}
          </button>
        </div>
        <p className="hint">An archived project keeps everything; it moves out of your projects list until you restore it.</p>
      </form>
    </section>
  );
}
