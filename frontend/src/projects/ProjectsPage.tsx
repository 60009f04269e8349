import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ResearcherType } from '../api/client';
import { clearFlash, peekFlash } from '../shared/flash';
import { navigate } from '../shared/router';
import { useForm } from '../shared/form';
import { useLoad } from '../shared/load';
import { useAction } from '../shared/action';
import { Alert, Field, Link, Loading, Notice, Page, ResearcherTypeField, fieldError, SubmitButton } from '../shared/ui';
import { formatDay, roleWords } from '../shared/words';
import { ImportProject } from './ImportProject';
import './projects.css';

/** ProjectsPage lists my projects and creates new ones. */
export function ProjectsPage() {
  const [archived, setArchived] = useState(false);
  const { data: projects, error } = useLoad(String(archived), () => api.projects(archived));
  const [creating, setCreating] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);
  const [flash] = useState(peekFlash); // "The project … is deleted." after a deletion
  useEffect(clearFlash, []);

  return (
    <Page title="Your projects">
      {flash && <Notice>{flash}</Notice>}
      <Alert error={error} />
      <p>
        <label className="inline-check">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> Also show archived
          projects
        </label>
      </p>
      {!projects && !error && <Loading />}
      {projects && projects.length === 0 && (
        <p className="empty">
          {archived
            ? 'You are not in any project yet, archived or not.'
            : 'You are not in any project yet. Start one below, or ask a project lead for an invitation link.'}
        </p>
      )}
      {projects && projects.length > 0 && (
        <ul className="cards" aria-label="Projects">
          {projects.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <Link to={`/projects/${p.id}`}>{p.name}</Link>
                {p.archived && <span className="tag">Archived</span>}
              </h2>
              {p.description && <p className="clamp">{p.description}</p>}
              <p className="meta">
                You are a {roleWords[p.myRole].name.toLowerCase()} · {p.memberCount} {p.memberCount === 1 ? 'member' : 'members'} · started{' '}
                {formatDay(p.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <SampleProject />
      <ImportProject />
      {creating ? (
        <CreateProject
          onCancel={() => {
            setCreating(false);
            // Back to the button that opened the form.
            requestAnimationFrame(() => startButton.current?.focus());
          }}
        />
      ) : (
        <button type="button" className="primary" ref={startButton} onClick={() => setCreating(true)}>
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
  const form = useForm();
  const { ref, busy, error, problems } = form;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check({ name: name.trim() ? null : 'Give the project a name.', type: type ? null : 'Choose one of the three.' })) return;
    await form.run(async () => {
      const created = await api.createProject({
        name: name.trim(),
        description: description.trim(),
        researcherType: type as ResearcherType,
        researcherTypeLabel: type === 'other' ? typeLabel.trim() : '',
      });
      navigate(`/projects/${created.id}`);
    });
  }

  const shown = ['name', 'description', 'researcherType', 'researcherTypeLabel'];
  return (
    <section aria-labelledby="new-project" className="panel">
      <h2 id="new-project">New project</h2>
      <p>You will be the project's first lead. You can invite the rest of the team next.</p>
      <form ref={ref} onSubmit={submit} noValidate className="form">
        {/* The form opens when the person asks for a new project: its first field takes the focus. */}
        {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
        <Field label="Project name" value={name} onChange={setName} required maxLength={200} autoFocus error={problems.name ?? fieldError(error, 'name')} />
        <Field label="What is the study about?" value={description} onChange={setDescription} multiline error={fieldError(error, 'description')} />
        <ResearcherTypeField
          value={type}
          selfLabel={typeLabel}
          onChange={setType}
          onLabel={setTypeLabel}
          error={problems.type ?? fieldError(error, 'researcherType')}
          labelError={fieldError(error, 'researcherTypeLabel')}
        />
        <Alert error={error && !shown.some((f) => fieldError(error, f)) ? error : null} />
        <div className="actions">
          <SubmitButton busy={busy} busyText="Creating…">
            Create the project
          </SubmitButton>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** SampleProject makes a project to try Tandem with, and opens it. */
function SampleProject() {
  const { busy, error, run } = useAction();
  async function make() {
    await run(async () => {
      const p = await api.sampleProject();
      navigate(`/projects/${p.id}`);
    });
  }
  return (
    <section className="panel sample-box" aria-labelledby="sample-h">
      <h2 id="sample-h">New to Tandem?</h2>
      <p>
        Try a sample project: a ready codebook, three short made-up interviews, and two demo coders who have already coded them. You can
        look around, code, and delete it when you are done.
      </p>
      <button type="button" onClick={make} aria-disabled={busy || undefined}>
        {busy ? 'Making the sample…' : 'Try a sample project'}
      </button>
      <Alert error={error} />
    </section>
  );
}
