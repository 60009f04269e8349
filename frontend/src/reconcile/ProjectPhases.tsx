// The project-wide moves of a lead: reveal every transcript whose coders
// all submitted, and lock every transcript whose disagreements are all
// decided.
import { useState } from 'react';
import { Alert, Notice } from '../shared/ui';
import { projectPhases, type ProjectAction } from './api';
import { projectWords } from './phase';
import './reconcile.css';

export function ProjectPhases({ pid, onChanged }: { pid: string; onChanged: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState<ProjectAction | null>(null);

  async function run(action: ProjectAction) {
    if (busy) return;
    setBusy(action);
    setError(null);
    setSaid('');
    try {
      const { moved } = await projectPhases(pid, action);
      setSaid(projectWords(action, moved));
      if (moved.length > 0) onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="phases-h" className="panel project-phases">
      <h2 id="phases-h">All transcripts at once</h2>
      <div className="phase-steps">
        <span className="phase-step">
          <button type="button" disabled={busy !== null} onClick={() => run('reveal-submitted')}>
            {busy === 'reveal-submitted' ? 'Revealing…' : 'Reveal all submitted'}
          </button>
          <span className="hint">Shows everyone’s coding on each transcript where every coder has submitted.</span>
        </span>
        <span className="phase-step">
          <button type="button" disabled={busy !== null} onClick={() => run('lock-reconciled')}>
            {busy === 'lock-reconciled' ? 'Locking…' : 'Lock all reconciled'}
          </button>
          <span className="hint">Locks each transcript being reconciled where every disagreement is decided.</span>
        </span>
      </div>
      <Alert error={error} />
      {said && <Notice>{said}</Notice>}
    </section>
  );
}
