// How coders work in a project: blind (each sees only their own excerpts)
// or open, a switch for leads.
import { useState } from 'react';
import { ApiError, api, type Project } from '../api/client';
import { useAction } from '../shared/action';
import { Alert, Notice } from '../shared/ui';

/** CodingMode lets a lead choose whether coders see each other's excerpts. */
export function CodingMode({ project, onProject, onChanged }: { project: Project; onProject: (p: Project) => void; onChanged: () => void }) {
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');
  // Shown at once; put back if the server refuses.
  const [open, setOpen] = useState(project.openCoding ?? false);
  function set(value: boolean) {
    void run(
      async () => {
        setSaved('');
        setOpen(value);
        const p = await api.setOpenCoding(project.id, project.version, value);
        onProject(p);
        onChanged();
        setSaved(value ? 'Coders now see each other’s excerpts.' : 'Coders now code independently: nobody sees anyone else’s excerpts.');
      },
      {
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'version_conflict') {
            const current = (err.details as { current?: Project } | undefined)?.current;
            if (current) onProject(current);
          }
          setOpen(project.openCoding ?? false);
        },
      },
    );
  }
  return (
    <section aria-labelledby="mode-h" className="panel mode-box">
      <h2 id="mode-h">How coders work</h2>
      <fieldset className="field">
        <legend>Can coders see each other’s excerpts?</legend>
        <label className="choice">
          <input type="radio" name="coding-mode" checked={!open} onChange={() => set(false)} />
          <span>
            <strong>No — code independently (blind)</strong>
            <span className="choice-what">
              Each coder sees only their own excerpts, and whether the others have started or submitted. Best for measuring agreement.
              You can reveal a transcript’s coding to everyone once it is done.
            </span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="coding-mode" checked={open} onChange={() => set(true)} />
          <span>
            <strong>Yes — code openly</strong>
            <span className="choice-what">Every member sees everyone’s excerpts, labelled by coder. Agreement figures then mean less.</span>
          </span>
        </label>
      </fieldset>
      <p className="hint">As a lead you always see everyone’s coding.</p>
      <Alert error={error} />
      {saved && <Notice>{saved}</Notice>}
    </section>
  );
}
