// The decision on the chosen item: a rationale box (needed to reject, to
// change the bounds and to apply another theme), the actions, and the two
// that ask for more first: new bounds, moved a word at a time with the
// passage shown, and another theme from the codebook.
import { useId, useState, type RefObject } from 'react';
import { ApiError, type CodebookNode, type Turn } from '../api/client';
import { ThemeOptions } from '../agreement/compareParts';
import { snippet } from '../coding/coding';
import { Alert } from '../shared/ui';
import type { CodePointText } from '../shared/text';
import { boundsWords, nudge, type Action, type QueueItem } from './queue';

/** Draft is what the lead has typed and chosen for the item so far. */
export interface Draft {
  rationale: string;
  mode: '' | 'bounds' | 'theme';
  bounds: [number, number] | null;
  theme: string;
}

export const emptyDraft: Draft = { rationale: '', mode: '', bounds: null, theme: '' };

interface Props {
  item: QueueItem;
  nodes: CodebookNode[];
  text: CodePointText;
  turns: Pick<Turn, 'start' | 'end'>[];
  draft: Draft;
  onDraft: (d: Draft) => void;
  onSend: (a: Action) => void;
  /** busy names the action under way ('' when none). */
  busy: string;
  error: unknown;
  wantsRationale: string;
  rationaleRef: RefObject<HTMLTextAreaElement | null>;
  themeRef: RefObject<HTMLSelectElement | null>;
  onLeave: () => void;
  onReload: () => void;
  /** onUseSelection takes the words selected in the transcript as the bounds; false when none are. */
  onUseSelection: () => boolean;
}

export function DecisionPanel({ item, nodes, text, turns, draft, onDraft, onSend, busy, error, wantsRationale, rationaleRef, themeRef, onLeave, onReload, onUseSelection }: Props) {
  const [noSelection, setNoSelection] = useState(false);
  const id = useId();
  const refused = error instanceof ApiError && error.field === 'rationale';
  const gone = error instanceof ApiError && error.code === 'version_conflict';
  const themes = nodes.filter((n) => n.level === 'theme' && !n.mergedInto && n.status === 'active' && n.id !== item.theme);
  const bounds = draft.bounds ?? [item.consensus.start, item.consensus.end];
  const move = (end: 'start' | 'end', dir: -1 | 1) => onDraft({ ...draft, bounds: nudge(text, turns, bounds, end, dir) });
  const changed = bounds[0] !== item.consensus.start || bounds[1] !== item.consensus.end;
  const label = (a: Action, words: string, doing: string) => (busy === a ? doing : words);

  return (
    <section className="rc-decide" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Your decision</h3>
      <div className={refused ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-why`}>Rationale</label>
        <p className="hint" id={`${id}-hint`}>
          Needed to reject, to change the bounds or to apply another theme; you may leave it empty to accept or defer. It goes into the decisions log.
        </p>
        {wantsRationale && (
          <p className="rc-wants" id={`${id}-wants`}>
            {wantsRationale}
          </p>
        )}
        <textarea
          id={`${id}-why`}
          ref={rationaleRef}
          rows={3}
          value={draft.rationale}
          maxLength={5000}
          aria-invalid={refused || undefined}
          aria-describedby={[`${id}-hint`, wantsRationale ? `${id}-wants` : ''].filter(Boolean).join(' ')}
          onChange={(e) => onDraft({ ...draft, rationale: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onLeave();
            }
          }}
        />
      </div>
      {draft.mode === 'bounds' && (
        <div className="rc-bounds" role="group" aria-labelledby={`${id}-bounds`}>
          <p id={`${id}-bounds`}>
            <strong>New bounds ({boundsWords(text, bounds)}):</strong> “{snippet(text.slice(bounds[0], bounds[1]), 400)}”
          </p>
          <div className="rc-nudges">
            <button type="button" onClick={() => move('start', -1)}>
              Start a word earlier
            </button>
            <button type="button" onClick={() => move('start', 1)}>
              Start a word later
            </button>
            <button type="button" onClick={() => move('end', -1)}>
              End a word earlier
            </button>
            <button type="button" onClick={() => move('end', 1)}>
              End a word later
            </button>
            <button type="button" onClick={() => setNoSelection(!onUseSelection())}>
              Use the words I selected
            </button>
          </div>
          {noSelection && (
            <p className="rc-wants" role="status">
              Select some words in the transcript below first, then press “Use the words I selected”.
            </p>
          )}
          <div className="rc-actions">
            <button type="button" className="primary" disabled={!changed} onClick={() => onSend('adjust')}>
              {label('adjust', 'Accept with these bounds', 'Saving…')}
            </button>
            <button type="button" onClick={() => onDraft({ ...draft, mode: '', bounds: null })}>
              Cancel
            </button>
          </div>
          {!changed && <p className="hint">Move the start or the end first: these are the coders’ bounds.</p>}
        </div>
      )}
      {draft.mode === 'theme' && (
        <div className="rc-theme" role="group" aria-labelledby={`${id}-theme-h`}>
          <p id={`${id}-theme-h`} className="visually-hidden">
            Apply a different theme
          </p>
          <div className="field">
            <label htmlFor={`${id}-theme`}>Theme to apply instead</label>
            <select id={`${id}-theme`} ref={themeRef} value={draft.theme} onChange={(e) => onDraft({ ...draft, theme: e.target.value })}>
              <ThemeOptions nodes={nodes} themes={themes} none="Choose a theme" />
            </select>
          </div>
          <div className="rc-actions">
            <button type="button" className="primary" disabled={!draft.theme} onClick={() => onSend('theme')}>
              {label('theme', 'Apply this theme', 'Saving…')}
            </button>
            <button type="button" onClick={() => onDraft({ ...draft, mode: '', theme: '' })}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="rc-actions" role="group" aria-label="Decide">
        <button type="button" className="primary" aria-keyshortcuts="a" onClick={() => onSend('accept')}>
          {label('accept', 'Accept', 'Accepting…')}
          <kbd aria-hidden="true">a</kbd>
        </button>
        <button type="button" aria-keyshortcuts="r" onClick={() => onSend('reject')}>
          {label('reject', 'Reject', 'Rejecting…')}
          <kbd aria-hidden="true">r</kbd>
        </button>
        <button
          type="button"
          aria-keyshortcuts="b"
          aria-expanded={draft.mode === 'bounds'}
          onClick={() => onDraft({ ...draft, mode: draft.mode === 'bounds' ? '' : 'bounds', bounds: draft.bounds ?? [item.consensus.start, item.consensus.end] })}
        >
          Change the bounds
          <kbd aria-hidden="true">b</kbd>
        </button>
        <button type="button" aria-keyshortcuts="t" aria-expanded={draft.mode === 'theme'} onClick={() => onDraft({ ...draft, mode: draft.mode === 'theme' ? '' : 'theme' })}>
          Another theme
          <kbd aria-hidden="true">t</kbd>
        </button>
        <button type="button" aria-keyshortcuts="d" onClick={() => onSend('defer')}>
          {label('defer', 'Defer', 'Deferring…')}
          <kbd aria-hidden="true">d</kbd>
        </button>
      </div>
      <Alert error={error} />
      {gone && (
        <button type="button" onClick={onReload}>
          Reload the queue
        </button>
      )}
    </section>
  );
}
