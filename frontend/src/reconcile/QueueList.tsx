// The queue of a transcript: progress, a link to the next open item, each
// disagreement in text order with its theme, passage, who applied it and
// who did not, and its state; what everyone agreed on in a closed group.
import { useEffect, useRef } from 'react';
import type { CodebookNode } from '../api/client';
import type { CodePointText } from '../shared/text';
import { colourOf } from '../agreement/lanes';
import { coderWords, keyList, passageOf, progressWords, shortText, stateOf, stateWords, themePath, type Groups, type QueueItem } from './queue';

interface Props {
  groups: Groups;
  nodes: CodebookNode[];
  text: CodePointText;
  selected: string | null;
  onChoose: (id: string) => void;
  progress: { resolved: number; total: number };
  nextOpenId: string | null;
  onNextOpen: () => void;
  showAgreed: boolean;
  onShowAgreed: (show: boolean) => void;
  help: boolean;
  onHelp: () => void;
}

export function QueueList({ groups, nodes, text, selected, onChoose, progress, nextOpenId, onNextOpen, showAgreed, onShowAgreed, help, onHelp }: Props) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const list = useRef<HTMLDivElement>(null);
  // The chosen item in view inside the list (only the list scrolls, not the page).
  useEffect(() => {
    const b = list.current;
    const e = selected ? document.getElementById(`rc-item-${selected}`) : null;
    if (!b || !e || !b.contains(e)) return;
    const [outer, inner] = [b.getBoundingClientRect(), e.getBoundingClientRect()];
    if (inner.top < outer.top) b.scrollTop += inner.top - outer.top - 8;
    else if (inner.bottom > outer.bottom) b.scrollTop += inner.bottom - outer.bottom + 8;
  }, [selected]);
  const entry = (it: QueueItem) => {
    const node = byId.get(it.theme);
    const state = stateOf(it);
    return (
      <li key={it.id}>
        <button
          type="button"
          id={`rc-item-${it.id}`}
          className={`rc-entry rc-${state}`}
          aria-current={it.id === selected ? 'true' : undefined}
          onClick={() => onChoose(it.id)}
        >
          <span className="rc-entry-theme">
            <span>
              <span className="cmp-dot" aria-hidden="true" style={{ background: colourOf(node) }} /> <strong>{node?.name ?? 'A former theme'}</strong>
            </span>
            <span className={`rc-state rc-state-${state}`}>{stateWords[state]}</span>
          </span>
          <span className="rc-entry-path">{themePath(nodes, it.theme, node?.name ?? 'A former theme')}</span>
          <span className="rc-entry-text">“{shortText(text.slice(...passageOf(it)) || it.text)}”</span>
          {!it.agreed && (
            <span className="rc-entry-who">
              Applied: {coderWords(it.applied)}. Not: {coderWords(it.notApplied)}.
            </span>
          )}
        </button>
      </li>
    );
  };
  return (
    <section className="rc-queue" aria-labelledby="rc-queue-h">
      <div className="rc-queue-head">
        <h2 id="rc-queue-h">Disagreements</h2>
        <p className="rc-progress">
          <strong>{progressWords(progress)}</strong>
          {progress.total > 0 && <progress max={progress.total} value={progress.resolved} aria-label="Disagreements resolved" />}
        </p>
        <p className="rc-queue-links">
          {nextOpenId && (
            <button type="button" className="link-button inline" onClick={onNextOpen}>
              Next open item
            </button>
          )}
          <button type="button" className="link-button inline" aria-expanded={help} aria-controls="rc-keys" onClick={onHelp}>
            Keys <kbd>?</kbd>
          </button>
        </p>
        {help && (
          <dl id="rc-keys" className="rc-keys" aria-label="Keys">
            {keyList.map(([k, what]) => (
              <div key={k}>
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      <div className="rc-queue-list" ref={list}>
        {groups.disagreements.length === 0 ? (
          <p className="empty">The coders agreed on everything in this transcript.</p>
        ) : (
          <ol aria-label="Disagreements in the order of the text">{groups.disagreements.map(entry)}</ol>
        )}
        {groups.agreed.length > 0 && (
          <details className="rc-agreed" open={showAgreed} onToggle={(e) => onShowAgreed(e.currentTarget.open)}>
            <summary>Everyone agreed: {groups.agreed.length}</summary>
            <p className="hint">Every coder applied these; they are in the consensus already.</p>
            <ol aria-label="What everyone agreed on">{groups.agreed.map(entry)}</ol>
          </details>
        )}
      </div>
    </section>
  );
}
