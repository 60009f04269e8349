// The editor of the chosen excerpt: its themes, bounds and memo.
import { useEffect, useRef, useState } from 'react';
import type { CodebookNode, Turn } from '../api/client';
import type { Excerpt } from './saveQueue';
import { Swatch } from '../codebook/CodebookCard';
import { moveCaret, snippet, trimSpan } from './coding';
import { characterCount } from '../shared/counter';
import type { CodePointText } from '../shared/text';
import type { Hl } from './highlights';

/** MAX_MEMO is the longest memo the server takes (tandem.MaxMemo). */
const MAX_MEMO = 10000;

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
  }, [takeFocus, focusTick]);
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
    // Escape goes back to the text from any of the editor's fields.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
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
