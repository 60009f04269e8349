// The project-wide moves of a lead: reveal every transcript whose coders
// all submitted, and lock every transcript whose disagreements are all
// decided.
import { useState } from 'react';
import { useAction } from '../shared/action';
import { Alert, Notice } from '../shared/ui';
import { projectPhases, type ProjectAction } from './api';
import { projectWords } from './phase';
import './reconcile.css';

export function ProjectPhases({ pid, onChanged }: { pid: string; onChanged: () => void }) {
  const { busy, doing, error, run } = useAction();
  const [said, setSaid] = useState('');

  function act(action: ProjectAction) {
    void run(
      async () => {
        setSaid('');
        const { moved } = await projectPhases(pid, action);
        setSaid(projectWords(action, moved));
        if (moved.length > 0) onChanged();
      },
      { doing: action },
    );
  }

  return (
    <section aria-labelledby="phases-h" className="panel project-phases">
      <h2 id="phases-h">All transcripts at once</h2>
      <div className="phase-steps">
        <span className="phase-step">
          <button type="button" disabled={busy} onClick={() => act('reveal-submitted')}>
            {doing === 'reveal-submitted' ? 'Revealing…' : 'Reveal all submitted'}
          </button>
          <span className="hint">Shows everyone’s coding on each transcript where every coder has submitted.</span>
        </span>
        <span className="phase-step">
          <button type="button" disabled={busy} onClick={() => act('lock-reconciled')}>
            {doing === 'lock-reconciled' ? 'Locking…' : 'Lock all reconciled'}
          </button>
          <span className="hint">Locks each transcript being reconciled where every disagreement is decided.</span>
        </span>
      </div>
      <Alert error={error} />
      {said && <Notice>{said}</Notice>}
    </section>
  );
}
