// The chosen item: its theme, state and who applied it (with their memos),
// the decision (children), and the transcript at the item with every
// coder's lane; the item's passage marked and scrolled into view.
import { useEffect, useRef, type ReactNode } from 'react';
import type { CodebookNode, CodingSet, Turn } from '../api/client';
import { turnAt, typeWords } from '../agreement/agreement';
import { colourOf, LaneTurn } from '../agreement/lanes';
import { pieces, type CodePointText } from '../shared/text';
import { doneWords, passageOf, stateWords, themePath, type ItemState, type QueueItem } from './queue';

interface Props {
  item: QueueItem;
  state: ItemState;
  nodes: CodebookNode[];
  byId: Map<string, CodebookNode>;
  resolve: (id: string) => string;
  sets: CodingSet[];
  text: CodePointText;
  turns: (Turn | { start: number; end: number; speaker: string })[];
  /** bounds are the bounds being adjusted, marked instead of the item's passage. */
  bounds: [number, number] | null;
  stale: string;
  /** position says where the item is in the queue. */
  position: string;
  children: ReactNode;
}

export function ItemView({ item, state, nodes, byId, resolve, sets, text, turns, bounds, stale, position, children }: Props) {
  const node = byId.get(item.theme);
  const themeName = node?.name ?? 'A former theme';
  const box = useRef<HTMLDivElement>(null);
  const span: [number, number] = bounds ?? passageOf(item);
  const [from, to] = span;

  // The passage in view inside the transcript's box (only the box scrolls, not the page).
  useEffect(() => {
    const b = box.current;
    const m = b?.querySelector('mark.rc-mark');
    if (!b || !m) return;
    const [outer, inner] = [b.getBoundingClientRect(), m.getBoundingClientRect()];
    if (inner.top < outer.top || inner.bottom > outer.bottom) b.scrollTop += inner.top - outer.top - 48;
  }, [item.id, from, to]);

  // The turns of the item, with one turn of context on each side.
  const first = Math.max(0, Math.min(turnAt(turns, item.start), turnAt(turns, from)) - 1);
  const last = Math.min(turns.length - 1, Math.max(turnAt(turns, Math.max(item.start, item.end - 1)), turnAt(turns, to - 1)) + 1);
  const shown = turns.slice(first, last + 1);
  const d = item.decision;

  return (
    <>
      <h2 id="rc-item-h" className="rc-item-h">
        <span className="cmp-dot" aria-hidden="true" style={{ background: colourOf(node) }} />
        {themeName}
        <span className={`rc-state rc-state-${state}`}>{stateWords[state]}</span>
      </h2>
      <p className="rc-entry-path">
        {themePath(nodes, item.theme, themeName)}
        <span className="rc-pos">{position}</span>
      </p>
      {stale && (
        <p className="rc-stale" role="alert">
          {stale}
        </p>
      )}
      {item.stale && !stale && <p className="rc-stale">The coding changed after the last decision on this passage: it needs a new one.</p>}
      {d && !item.agreed && (
        <p className="rc-decided">
          {doneWords[d.action]}
          {d.action === 'theme' && d.newTheme ? `: ${byId.get(d.newTheme)?.name ?? 'a former theme'}` : ''} by {d.leadName || 'the majority rule'}
          {d.rationale ? `: “${d.rationale}”` : '.'}
        </p>
      )}
      <div className="rc-sides">
        <div>
          <h3>Applied it</h3>
          <ul className="rc-coders">
            {item.applied.map((c) => (
              <li key={c.id}>
                {c.name} <span className="hint">({typeWords[c.researcherType] ?? 'researcher'})</span>
                {(c.memos ?? []).filter(Boolean).map((m, k) => (
                  <blockquote key={k} className="rc-memo">
                    <span className="visually-hidden">Memo: </span>
                    {m}
                  </blockquote>
                ))}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Did not apply it</h3>
          {item.notApplied.length === 0 ? (
            <p>Everyone applied it.</p>
          ) : (
            <ul className="rc-coders">
              {item.notApplied.map((c) => (
                <li key={c.id}>
                  {c.name} <span className="hint">({typeWords[c.researcherType] ?? 'researcher'})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {children}
      <h3 id="rc-text-h">In the transcript</h3>
      <p className="hint">
        The marked text is {bounds ? 'the passage with your new bounds (select other words here and press “Use the words I selected” to take them)' : item.resolved && d?.action !== 'reject' ? 'what the decision put into the consensus' : 'what accepting puts into the consensus'}. Beside each turn, each coder’s lane shows where they applied {themeName}.
      </p>
      <div className="rc-turns" ref={box} role="region" tabIndex={0} aria-labelledby="rc-text-h">
        <ol className="cmp-turns">
          {shown.map((tu, k) => {
            const parts = pieces(text, tu.start, tu.end, [span]);
            // Where each piece starts, so that a selection in it reads as code points.
            const starts = parts.reduce<number[]>((acc, p) => [...acc, acc[acc.length - 1] + [...p.text].length], [tu.start]);
            return (
              <LaneTurn key={first + k} index={first + k} turn={tu} sets={sets} theme={resolve(item.theme)} byId={byId} resolve={resolve}>
                <p>
                  {parts.map((p, j) =>
                    p.mark === undefined ? (
                      <span key={j} data-s={starts[j]} data-e={starts[j + 1]}>
                        {p.text}
                      </span>
                    ) : (
                      <mark key={j} className="rc-mark">
                        <span className="visually-hidden">[passage: </span>
                        <span data-s={starts[j]} data-e={starts[j + 1]}>
                          {p.text}
                        </span>
                        <span className="visually-hidden">]</span>
                      </mark>
                    ),
                  )}
                </p>
              </LaneTurn>
            );
          })}
        </ol>
      </div>
    </>
  );
}
