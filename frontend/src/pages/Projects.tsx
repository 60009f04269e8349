import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type ProjectSummary, type ResearcherType } from '../api';
import { navigate } from '../router';
import { Alert, Field, Link, Page, ResearcherTypeField, fieldError } from '../ui';
import { formatDate, roleWords } from '../words';

/** ProjectsPage lists my projects and creates new ones. */
export function ProjectsPage() {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [archived, setArchived] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    api.projects(archived).then(setProjects, setError);
  }, [archived]);
  useEffect(load, [load]);

  return (
    <Page title="Your projects">
      <Alert error={error} />
      {projects && projects.length === 0 && (
        <p className="empty">
          You are not in any project yet. Create one below, or ask a project lead for an invitation link.
        </p>
      )}
      {projects && projects.length > 0 && (
        <ul className="cards">
          {projects.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <Link to={`/projects/${p.id}`}>{p.name}</Link>
                {p.archived && <span className="tag">Archived</span>}
              </h2>
              {p.description && <p>{p.description}</p>}
              <p className="meta">
                You are a {roleWords[p.myRole].name.toLowerCase()} · {p.memberCount} {p.memberCount === 1 ? 'member' : 'members'} · started{' '}
                {formatDate(p.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <label className="inline-check">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> Show archived projects
        </label>
      </p>
      {creating ? (
        <CreateProject onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Start a new project
        </button>
      )}
    </Page>
  );
}

function CreateProject({ onCancel }: { onCancel: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<ResearcherType | ''>('');
  const [typeLabel, setTypeLabel] = useState('');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p = { name: name.trim() ? null : 'Give the project a name.', type: type ? null : 'Choose one of the three.' };
    setProblems(p);
    setError(null);
    if (p.name || p.type) return;
    setBusy(true);
    try {
      const created = await api.createProject({ name, description, researcherType: type as ResearcherType, researcherTypeLabel: typeLabel });
      navigate(`/projects/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-project" className="panel">
      <h2 id="new-project">New project</h2>
      <p>You will be the project's first lead. You can invite the rest of the team next.</p>
      <form onSubmit={submit} noValidate className="form">
        <Field label="Project name" value={name} onChange={setName} required maxLength={200} error={problems.name ?? fieldError(error, 'name')} />
        <Field label="What is the study about?" value={description} onChange={setDescription} multiline error={fieldError(error, 'description')} />
        <ResearcherTypeField value={type} selfLabel={typeLabel} onChange={setType} onLabel={setTypeLabel} error={problems.type ?? fieldError(error, 'researcherType')} />
        <Alert error={error && !fieldError(error, 'name') && !fieldError(error, 'description') && !fieldError(error, 'researcherType') ? error : null} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create the project'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
