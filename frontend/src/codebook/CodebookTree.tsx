// The codebook as a tree: domains, categories and themes, to open and move.
import { type DragEvent, type KeyboardEvent, type ReactNode, useState } from 'react';
import type { CodebookNode } from '../api/client';
import { StatusTag, Swatch } from './CodebookCard';
import { buildTree, capital, countsOf, countWords, dropKind, dropPlacement, type DropWhere, levelWords, type Placement, placeWords, plural, stepPlacement, type TreeNode } from './codebook';
import { Usage } from './CodebookPage';

/** CodebookTree shows the entries as nested lists. Each entry is a button
 * that opens it; leads reorder with Alt+↑/↓ and drag entries to move them. */
export function CodebookTree({
  nodes,
  allNodes,
  selectedId,
  onSelect,
  canMove,
  onMove,
  describedBy,
  onRefuse,
  usage,
}: {
  nodes: CodebookNode[];
  allNodes: CodebookNode[];
  selectedId?: string;
  onSelect: (id: string) => void;
  canMove: boolean;
  onMove: (id: string, to: Placement, how: string) => void;
  describedBy?: string;
  onRefuse: (message: string) => void;
  /** usage, once coding exists, gives each theme's excerpt count. */
  usage?: Map<string, Usage>;
}) {
  const [dragId, setDragId] = useState<string | null>(null);
  const [over, setOver] = useState<{ id: string; where: DropWhere } | null>(null);
  const tree = buildTree(nodes);
  const counts = countsOf(buildTree(allNodes));
  const names = new Map(allNodes.map((n) => [n.id, n.name]));

  function key(e: KeyboardEvent, n: CodebookNode) {
    if (!canMove || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const to = stepPlacement(allNodes, n.id, e.key === 'ArrowUp' ? -1 : 1);
    if (!to) {
      onRefuse(`“${n.name}” is already ${e.key === 'ArrowUp' ? 'first' : 'last'} (${placeWords(allNodes, n.id)}).`);
      return;
    }
    onMove(n.id, to, e.key === 'ArrowUp' ? 'Moved up' : 'Moved down');
  }

  function whereOver(e: DragEvent, target: CodebookNode): DropWhere | null {
    const drag = allNodes.find((n) => n.id === dragId);
    if (!drag) return null;
    const kind = dropKind(drag, target);
    if (kind === 'inside') return 'inside';
    if (kind === 'beside') {
      const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
      return e.clientY < r.top + r.height / 2 ? 'before' : 'after';
    }
    return null;
  }

  const render = (ts: TreeNode[], depth: number): ReactNode => (
    <ul className={depth === 0 ? 'cb-tree' : 'cb-children'} aria-label={depth === 0 ? 'Codebook entries' : undefined} aria-describedby={depth === 0 ? describedBy : undefined}>
      {ts.map((t) => {
        const n = t.node;
        const dropping = over?.id === n.id ? ` drop-${over.where}` : '';
        const use = usage?.get(n.id);
        return (
          <li key={n.id} className={`cb-item cb-${n.level}`}>
            <div
              className={`cb-row${n.id === selectedId ? ' selected' : ''}${n.id === dragId ? ' dragging' : ''}${dropping}`}
              draggable={canMove}
              onDragStart={(e) => {
                e.stopPropagation();
                e.dataTransfer.setData('text/plain', n.name);
                e.dataTransfer.effectAllowed = 'move';
                setDragId(n.id);
              }}
              onDragEnd={() => {
                setDragId(null);
                setOver(null);
              }}
              onDragOver={(e) => {
                if (!dragId) return;
                const where = whereOver(e, n);
                if (where && dropPlacement(allNodes, dragId, n.id, where)) {
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  if (over?.id !== n.id || over.where !== where) setOver({ id: n.id, where });
                } else if (over?.id === n.id) {
                  setOver(null);
                }
              }}
              onDragLeave={() => {
                if (over?.id === n.id) setOver(null);
              }}
              onDrop={(e) => {
                e.preventDefault();
                const where = whereOver(e, n);
                const to = dragId && where ? dropPlacement(allNodes, dragId, n.id, where) : null;
                const id = dragId;
                setDragId(null);
                setOver(null);
                if (id && to) onMove(id, to, 'Moved');
              }}
            >
              <button
                type="button"
                className="cb-node"
                data-node-id={n.id}
                aria-current={n.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(n.id)}
                onKeyDown={(e) => key(e, n)}
              >
                {n.level === 'theme' && <Swatch colour={n.colour} />}
                <span className="cb-node-text">
                  <span className="visually-hidden">{capital(levelWords[n.level].name)}: </span>
                  <span className="cb-node-name">{n.name}</span>
                  <StatusTag node={n} mergedName={n.mergedInto ? names.get(n.mergedInto) : undefined} />
                  {n.level !== 'theme' && <span className="cb-count">{countWords(n.level, counts.get(n.id))}</span>}
                  {use && <span className="cb-count">{plural(use.excerpts, 'excerpt', 'excerpts')}</span>}
                </span>
              </button>
            </div>
            {t.children.length > 0 && render(t.children, depth + 1)}
          </li>
        );
      })}
    </ul>
  );
  if (nodes.length === 0) return <p className="empty">No entries yet.</p>;
  return render(tree, 0);
}
