// Submitting the coding after a summary, or reopening it.
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type CodingSet, type Turn } from '../api/client';
import { plural } from '../codebook/codebook';
import { codingSummary } from './coding';
import type { SaveQueue } from './saveQueue';
import { Alert } from '../shared/ui';
import { useAction } from '../shared/action';

/** SubmitBox submits the coding after a summary, or reopens it. */
export function SubmitBox({
  pid,
  tid,
  status,
  queue,
  summary,
  themeName,
  turns,
  participant,
  revealed,
  onDone,
}: {
  pid: string;
  tid: string;
  status: string;
  queue: SaveQueue;
  summary: () => ReturnType<typeof codingSummary>;
  themeName: (id: string) => string;
  turns: Turn[];
  participant: string;
  revealed: boolean;
  onDone: (set: CodingSet) => void;
}) {
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<'' | 'submitted' | 'reopened'>('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) heading.current?.focus();
  }, [asking]);
  const s = asking ? summary() : null;
  // The participant's turns are what coding is about; the interviewer's questions often need no code.
  const notCoded = s ? (participant ? s.turnsNotCoded.filter((i) => turns[i].speaker === participant) : s.turnsNotCoded) : [];
  const whose = participant ? `of ${participant}’s turns` : 'turns';

  async function act(kind: 'submit' | 'reopen') {
    await run(async () => {
      try {
        queue.flush();
        await queue.idle();
        const set = kind === 'submit' ? await api.submitCoding(pid, tid, queue.version) : await api.reopenCoding(pid, tid, queue.version);
        onDone(set);
        setAsking(false);
        setDone(kind === 'submit' ? 'submitted' : 'reopened');
      } catch (err) {
        const current = err instanceof ApiError && err.code === 'version_conflict' ? (err.details as { current?: CodingSet } | undefined)?.current : undefined;
        if (current) queue.reset(current);
        throw current ? new ApiError(409, 'version_conflict', 'Your coding changed in another tab or device. Check the summary again, then submit.') : err;
      }
    });
  }

  if (status === 'submitted') {
    return (
      <section className="code-box" aria-labelledby="submit-h">
        <h2 id="submit-h">Submitted</h2>
        <p role="status">{done === 'submitted' ? 'Thank you! ' : ''}Your coding of this transcript is submitted.</p>
        {revealed ? (
          <p className="hint">The lead has revealed everyone’s coding, so only a lead can reopen it now.</p>
        ) : (
          <>
            <p>To change it, reopen it.</p>
            <button type="button" onClick={() => act('reopen')} aria-disabled={busy || undefined}>
              {busy ? 'Reopening…' : 'Reopen my coding'}
            </button>
          </>
        )}
        <Alert error={error} />
      </section>
    );
  }
  if (!asking) {
    return (
      <div className="submit-line">
        {done === 'reopened' && <p role="status">Your coding is open again: you can change it.</p>}
        <button type="button" onClick={() => setAsking(true)}>
          Submit my coding…
        </button>
        <Alert error={error} />
      </div>
    );
  }
  return (
    <section className="code-box submit-box" aria-labelledby="submit-h">
      <h2 id="submit-h" ref={heading} tabIndex={-1}>
        Submit your coding?
      </h2>
      <>
          <ul className="summary">
            <li>{plural(s!.excerpts, 'excerpt', 'excerpts')}</li>
            <li>
              {plural(s!.themes.length, 'theme', 'themes')} used
              {s!.themes.length > 0 && `: ${s!.themes.map((x) => `${themeName(x.id)} (${x.count})`).join(', ')}`}
            </li>
            <li>
              {notCoded.length === 0
                ? `Every one ${whose === 'turns' ? 'of the turns' : whose} has at least one excerpt.`
                : `${notCoded.length} ${whose} ${notCoded.length === 1 ? 'has' : 'have'} no excerpt: turn${notCoded.length === 1 ? '' : 's'} ${notCoded
                    .slice(0, 12)
                    .map((i) => `${i + 1}`)
                    .join(', ')}${notCoded.length > 12 ? ', …' : ''}.`}
            </li>
          </ul>
          <p>Once submitted, your coding counts for the comparison. You can reopen it until the lead reveals everyone’s coding.</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => act('submit')} aria-disabled={busy || undefined}>
              {busy ? (queue.saved ? 'Submitting…' : 'Saving first…') : 'Yes, submit'}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Not yet
            </button>
          </div>
      </>
      <Alert error={error} />
    </section>
  );
}
