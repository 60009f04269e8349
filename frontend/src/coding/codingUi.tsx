// Parts of the coding workspace's panel: the save status, the editor of the
// chosen excerpt (themes, memo, bounds) and submitting.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, api, type CodebookNode, type CodingSet, type Excerpt, type Turn } from '../api/client';
import { Swatch } from '../codebook/CodebookCard';
import { codingSummary, moveCaret, snippet, trimSpan } from './coding';
import { characterCount } from '../shared/counter';
import { plural } from '../codebook/codebook';
import type { SaveQueue } from './saveQueue';
import type { CodePointText } from '../shared/text';
import { Alert } from '../shared/ui';

/** MAX_MEMO is the longest memo the server takes (tandem.MaxMemo). */
const MAX_MEMO = 10000;

/** Hl is one highlight: an excerpt of the coder, or of another coder (read only). */
export interface Hl {
  id: string; // the excerpt id; others' are prefixed with their coder id
  eid: string;
  start: number;
  end: number;
  themes: string[];
  memo: string;
  mine: boolean;
  coder: string;
}

/** SaveState says whether everything is saved, in words and visibly. Screen
 * readers hear only the changes that matter (offline, slowed down, and back),
 * not "Saving…" after every change. */
export function SaveState({ queue, canCode }: { queue: SaveQueue; canCode: boolean }) {
  const [announce, setAnnounce] = useState('');
  const last = useRef(queue.status);
  const status = queue.status;
  useEffect(() => {
    const was = last.current;
    last.current = status;
    if (status === was) return;
    if (status === 'offline') setAnnounce('Offline. Your changes are kept and will be saved when the connection is back.');
    else if (status === 'waiting') setAnnounce('Saving slowly: the server asked to wait a moment.');
    else if (status === 'saved' && (was === 'offline' || was === 'waiting')) setAnnounce('Connection back: all changes saved.');
  }, [status]);
  if (!canCode) return null;
  return (
    <SaveWords queue={queue} className="save-state">
      <span className="visually-hidden" role="status">
        {announce}
      </span>
    </SaveWords>
  );
}

/** SaveWords says in words (and a dot) whether everything is saved. */
export function SaveWords({ queue, className, children }: { queue: SaveQueue; className: string; children?: ReactNode }) {
  const n = queue.pending.length;
  const words = {
    saved: 'All changes saved',
    saving: n > 0 ? `Saving… (${plural(n, 'change', 'changes')} not saved yet)` : 'Saving…',
    offline: `Offline — will retry (${plural(n, 'change', 'changes')} kept)`,
    waiting: 'Saving slowly — the server asked to wait a moment',
  }[queue.status];
  return (
    <span className={`${className} save-${queue.status}`}>
      <span aria-hidden="true" className="save-dot" />
      {words}
      {children}
    </span>
  );
}

/** ExcerptEditor shows the chosen excerpt: its themes, bounds and memo, to change or delete. */
export function ExcerptEditor({
  hl,
  takeFocus,
  focusTick,
  text,
  turns,
  themeOf,
  editable,
  coderName,
  selection,
  onChange,
  onMemo,
  onFlush,
  onAddTheme,
  onDelete,
  onClose,
  onLeave,
}: {
  hl: Hl;
  takeFocus: boolean;
  /** focusTick grows each time the coder chooses an excerpt: the editor then takes the focus. */
  focusTick: number;
  text: CodePointText;
  turns: Turn[];
  themeOf: (id: string) => CodebookNode | undefined;
  editable: boolean;
  coderName: string;
  selection: [number, number] | null;
  onChange: (c: Partial<Pick<Excerpt, 'start' | 'end' | 'themes' | 'memo'>>, words?: string) => void;
  /** onMemo records the memo as typed so far. */
  onMemo: (memo: string) => void;
  /** onFlush sends what is pending now (the coder left the memo). */
  onFlush: () => void;
  onAddTheme: () => void;
  onDelete: () => void;
  onClose: () => void;
  /** onLeave goes back to the text, keeping the excerpt chosen. */
  onLeave: () => void;
}) {
  const [memo, setMemo] = useState(hl.memo);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus && focusTick > 0) heading.current?.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusTick]);
  // Every key goes into the save queue at once (kept in the browser, counted
  // as not saved yet); the queue sends it when the typing pauses.
  // A memo over the limit is not sent (the server would refuse it and the
  // change would be lost): the counter says how much to shorten it.
  function typed(v: string) {
    setMemo(v);
    if (!characterCount(v, MAX_MEMO).over) onMemo(v);
  }
  const count = characterCount(memo, MAX_MEMO);
  const bound = (which: 'start' | 'end', dir: -1 | 1) => {
    let start = hl.start;
    let end = hl.end;
    if (which === 'start') start = dir < 0 ? moveCaret(text, turns, hl.start, 'word', -1) : nextWordStart(text, hl.start, hl.end);
    else end = dir > 0 ? moveCaret(text, turns, hl.end, 'word', 1) : moveCaret(text, turns, hl.end, 'word', -1);
    [start, end] = trimSpan(text, start, end);
    if (end <= start) return;
    onChange({ start, end }, `The excerpt now reads “${snippet(text.slice(start, end), 80)}”.`);
  };
  const names = hl.themes.map((id) => themeOf(id)?.name ?? 'a theme no longer in the codebook');
  return (
    <section
      className="code-box excerpt-editor"
      aria-labelledby="ex-h"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onFlush();
          onLeave();
        }
      }}
    >
      <h2 id="ex-h" ref={heading} tabIndex={-1}>
        {hl.mine ? 'Your excerpt' : `Excerpt by ${coderName}`}
      </h2>
      <p className="quote">“{snippet(text.slice(hl.start, hl.end), 220)}”</p>
      <h3>Themes</h3>
      <ul className="chips">
        {hl.themes.map((id, i) => (
          <li key={id} className="chip">
            <Swatch colour={themeOf(id)?.colour ?? ''} />
            {names[i]}
            {editable && hl.themes.length > 1 && (
              <button type="button" className="chip-remove" onClick={() => onChange({ themes: hl.themes.filter((x) => x !== id) }, `Removed ${names[i]}.`)}>
                Remove<span className="visually-hidden"> {names[i]}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <button type="button" onClick={onAddTheme}>
          Add a theme…
        </button>
      )}
      {editable ? (
        <>
          <div className="field">
            <label htmlFor="memo">Memo</label>
            <p className="hint" id="memo-hint">
              Why you coded it this way, or a question for the team. Saved as you type.
            </p>
            <textarea
              id="memo"
              rows={3}
              value={memo}
              aria-describedby={count.show ? 'memo-hint memo-count' : 'memo-hint'}
              aria-invalid={count.over > 0 || undefined}
              onChange={(e) => typed(e.target.value)}
              onBlur={onFlush}
            />
            {count.show && (
              <p id="memo-count" className={count.over ? 'field-error' : 'hint'}>
                {count.text}
                {count.over > 0 && ' It is not saved until it fits.'}
              </p>
            )}
          </div>
          <h3>Where it starts and ends</h3>
          <div className="bounds" role="group" aria-label="Change where the excerpt starts and ends">
            <button type="button" onClick={() => bound('start', -1)}>
              Start a word earlier
            </button>
            <button type="button" onClick={() => bound('start', 1)}>
              Start a word later
            </button>
            <button type="button" onClick={() => bound('end', -1)}>
              End a word earlier
            </button>
            <button type="button" onClick={() => bound('end', 1)}>
              End a word later
            </button>
            {selection && (
              <button type="button" onClick={() => onChange({ start: selection[0], end: selection[1] }, 'The excerpt now covers the selection.')}>
                Use the selected text
              </button>
            )}
          </div>
          <div className="actions">
            <button type="button" className="danger" onClick={onDelete}>
              Delete excerpt
            </button>
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <>
          {hl.memo && (
            <>
              <h3>Memo</h3>
              <p className="pre-line">{hl.memo}</p>
            </>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      )}
    </section>
  );
}

/** nextWordStart is where the excerpt starts after dropping its first word. */
function nextWordStart(text: CodePointText, start: number, end: number): number {
  let k = start;
  while (k < end && /[\p{L}\p{N}\p{M}_'’-]/u.test(text.at(k))) k++;
  while (k < end && !/[\p{L}\p{N}\p{M}_'’-]/u.test(text.at(k))) k++;
  return k;
}

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
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
    if (busy) return;
    setBusy(true);
    setError(null);
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
      setError(current ? new ApiError(409, 'version_conflict', 'Your coding changed in another tab or device. Check the summary again, then submit.') : err);
    } finally {
      setBusy(false);
    }
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
