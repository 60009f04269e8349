// The "Delete this project" part of a project's settings, for leads: what
// goes, said plainly, and the project's name typed to confirm.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Project } from '../api/client';
import { setFlash } from '../shared/flash';
import { navigate } from '../shared/router';
import { useForm } from '../shared/form';
import { Alert, Field, SubmitButton, fieldError } from '../shared/ui';

/** DeleteProject deletes the project once its lead typed the project's name;
 * the server checks the name. */
export function DeleteProject({ project }: { project: Project }) {
  const [transcripts, setTranscripts] = useState<number | undefined>();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const form = useForm();
  const { ref, busy, error, setError } = form;
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    api.transcripts(project.id).then(
      (l) => setTranscripts(l.length),
      () => {}, // the warning then says "its transcripts"
    );
  }, [project.id]);
  useEffect(() => {
    if (open) ref.current?.querySelector('input')?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open, ref]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    form.check();
    await form.run(async () => {
      await api.deleteProject(project.id, typed);
      setFlash(`The project “${project.name}” and everything in it are deleted.`);
      navigate('/', true);
    });
  }

  const what = transcripts === undefined ? 'its transcripts' : transcripts === 1 ? 'its 1 transcript' : `its ${transcripts} transcripts`;
  return (
    <section aria-labelledby="delete-heading" className="panel danger-zone">
      <h2 id="delete-heading">Delete this project</h2>
      <p>
        Deleting removes the project for everyone in it, for good: {what}, everyone's coding, the codebook with all its
        versions, the invitations and the audit log. <strong>It cannot be undone.</strong>
      </p>
      <p className="hint">If you only want it out of your list, archive it instead: an archived project keeps everything.</p>
      {!open ? (
        <button type="button" className="danger" ref={opener} onClick={() => setOpen(true)}>
          Delete this project…
        </button>
      ) : (
        <form ref={ref} onSubmit={submit} noValidate className="form">
          <Field
            label="To confirm, type the name of the project"
            hint={`The name is: ${project.name}`}
            value={typed}
            onChange={setTyped}
            autoComplete="off"
            required
            error={fieldError(error, 'name')}
          />
          <Alert error={error && !fieldError(error, 'name') ? error : null} />
          <div className="actions">
            <SubmitButton busy={busy} busyText="Deleting…" className="danger">
              Delete the project and everything in it
            </SubmitButton>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setTyped('');
                setError(null);
              }}
            >
              Keep the project
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
