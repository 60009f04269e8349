// A lead's control of one transcript's phase: where it is, and the next
// step forward or back. Revealing asks first; locking with disagreements
// left asks again; unlocking asks for a reason (kept in the audit log).
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useAction } from '../shared/action';
import { Alert, Field, Link } from '../shared/ui';
import { movePhase, type Phase } from './api';
import { movedWords, phaseWords, reconcileLinkWords, steps, unresolvedOf, type Step } from './phase';
import './reconcile.css';

interface Props {
  pid: string;
  tid: string;
  title: string;
  phase: Phase;
  /** revealText says what revealing does on this transcript. */
  revealText: string;
  onMoved: (said: string) => void;
}

type Asking = null | { kind: 'reveal' | 'reason' } | { kind: 'unresolved'; count: number };

export function PhaseControl({ pid, tid, title, phase, revealText, onMoved }: Props) {
  const [asking, setAsking] = useState<Asking>(null);
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();

  function move(to: Phase, extra: { reason?: string; confirm?: boolean } = {}) {
    void run(
      async () => {
        await movePhase(pid, tid, to, extra);
        setAsking(null);
        setReason('');
        onMoved(movedWords(title, phase, to));
      },
      {
        onError: (err) => {
          if (!(err instanceof ApiError && err.code === 'unresolved_items')) return false;
          setAsking({ kind: 'unresolved', count: unresolvedOf(err.details) });
          return true;
        },
      },
    );
  }

  function start(s: Step) {
    setError(null);
    if (s.ask) setAsking({ kind: s.ask });
    else move(s.to);
  }

  function unlock(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Write why you unlock this transcript. The reason is kept in the audit log.');
      return;
    }
    move('reconciling', { reason });
  }

  const words = phaseWords[phase];
  return (
    <div className="phase-control">
      <p className="phase-now">
        <span className={`phase-tag phase-${phase}`}>{words.name}</span>
        <span className="phase-what">{words.what}</span>
      </p>
      {asking?.kind === 'reveal' && (
        <div className="confirm" role="group" aria-label={`Reveal everyone’s coding of “${title}”?`}>
          <span>{revealText}</span>
          {/* The lead asked to reveal: the focus goes to the question's answer. */}
          {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
          <button type="button" className="primary" autoFocus onClick={() => move('revealed')}>
            Yes, reveal
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            Not yet
          </button>
        </div>
      )}
      {asking?.kind === 'unresolved' && (
        <div className="confirm" role="group" aria-label={`Lock “${title}” anyway?`}>
          <span>
            {asking.count === 1 ? '1 disagreement is' : `${asking.count} disagreements are`} not decided yet. If you lock now, they stay
            out of the consensus.
          </span>
          {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
          <button type="button" autoFocus onClick={() => move('locked', { confirm: true })}>
            Lock anyway
          </button>
          <button type="button" className="primary" onClick={() => setAsking(null)}>
            Not yet
          </button>
        </div>
      )}
      {asking?.kind === 'reason' && (
        <form className="phase-reason" noValidate onSubmit={unlock} aria-label={`Unlock “${title}”`}>
          {/* The lead asked to unlock: the focus goes to the reason. */}
          {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
          <Field label="Why do you unlock it?" value={reason} onChange={setReason} multiline maxLength={1000} required autoFocus />
          <div className="confirm">
            <button type="submit" className="primary" disabled={busy}>
              Unlock
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!asking && (phase === 'reconciling' || phase === 'locked') && (
        <Link to={`/projects/${pid}/transcripts/${tid}/reconcile`} className={phase === 'reconciling' ? 'button-link primary' : 'button-link'}>
          {reconcileLinkWords(phase)}
          <span className="visually-hidden">
            {phase === 'locked' ? ' on' : ''} “{title}”
          </span>
        </Link>
      )}
      {!asking && (
        <div className="phase-steps">
          {steps(phase).map((s) => (
            <button key={s.to} type="button" className={s.primary ? 'primary' : undefined} disabled={busy} onClick={() => start(s)}>
              {s.label}
              <span className="visually-hidden">
                {s.of ? ' of' : ''} “{title}”
              </span>
            </button>
          ))}
        </div>
      )}
      <Alert error={error} />
    </div>
  );
}
