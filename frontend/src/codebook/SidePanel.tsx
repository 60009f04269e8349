// The panel beside the tree: the chosen entry, or a form to add one, and
// moving or merging an entry.
import { useEffect, useId, useRef, useState } from 'react';
import { api, type CodebookNode } from '../api/client';
import { CodebookCard } from './CodebookCard';
import { levelWords, pathOf, type Placement } from './codebook';
import { ConfirmAction } from '../shared/ui';
import { researcherWords } from '../shared/words';
import type { Ctx, Panel } from './context';
import { NodeEditor } from './NodeEditor';
import { AddForm, ProposeForm, SuggestForm } from './forms';

/** SidePanel shows what the person chose: an entry, or a form. */
export function SidePanel({ panel, ctx, move }: { panel: Panel; ctx: Ctx; move: (id: string, to: Placement, how: string) => Promise<void> }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (panel.kind !== 'none') heading.current?.focus();
  }, [panel.kind]);
  const { cb } = ctx;
  if (panel.kind === 'none') {
    return (
      <section className="cb-panel" aria-labelledby="panel-heading">
        <h2 id="panel-heading" ref={heading} tabIndex={-1}>
          {ctx.lead ? 'Choose an entry to edit' : 'Choose an entry to read'}
        </h2>
        <p>
          {ctx.lead
            ? 'Select a domain, category or theme on the left to change its wording, move it, archive it or add entries under it.'
            : 'Select a theme to read what it means, when to use it and when not, and an example.'}
        </p>
        {ctx.coder && <p>If a theme is missing or its wording is unclear, you can propose a theme or suggest new wording. A lead decides.</p>}
      </section>
    );
  }
  if (panel.kind === 'add') return <AddForm ctx={ctx} level={panel.level} parentId={panel.parentId} headingRef={heading} />;
  if (panel.kind === 'propose') return <ProposeForm ctx={ctx} parentId={panel.parentId} headingRef={heading} />;
  const node = cb.nodes.find((n) => n.id === panel.id);
  if (!node) {
    return (
      <section className="cb-panel" aria-labelledby="panel-heading">
        <h2 id="panel-heading" ref={heading} tabIndex={-1}>
          This entry is no longer in the codebook
        </h2>
        <p>Someone may have declined or removed it. Choose another entry.</p>
      </section>
    );
  }
  if (panel.kind === 'suggest') return <SuggestForm ctx={ctx} node={node} headingRef={heading} />;
  if (ctx.lead && node.status !== 'proposed') return <NodeEditor ctx={ctx} node={node} headingRef={heading} move={move} />;
  const proposal = cb.proposals.find((p) => p.state === 'open' && p.kind === 'add' && p.nodeId === node.id);
  return (
    <section className="cb-panel">
      <CodebookCard node={node} path={pathOf(cb.nodes, node.id)} headingLevel={2} headingId="panel-heading" headingRef={heading} />
      {node.mergedInto && <p>This theme was merged into “{cb.nodes.find((n) => n.id === node.mergedInto)?.name}”: its uses count there.</p>}
      {proposal && (
        <p className="meta">
          Proposed by {proposal.proposedByName} ({researcherWords(proposal.proposedByType).toLowerCase()}).{' '}
          <a href={`#proposal-${proposal.id}`}>See the proposal</a>
        </p>
      )}
      {ctx.coder && node.status === 'active' && (
        <div className="actions">
          <button type="button" onClick={() => ctx.open({ kind: 'suggest', id: node.id })}>
            Suggest new wording
          </button>
          {node.level === 'category' && (
            <button type="button" onClick={() => ctx.open({ kind: 'propose', parentId: node.id })}>
              Propose a theme here
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** MoveTo moves an entry under another parent, chosen from the valid ones. */
export function MoveTo({ node, targets, onMove }: { node: CodebookNode; targets: { id: string; label: string }[]; onMove: (parentId: string) => void }) {
  const [to, setTo] = useState('');
  const id = useId();
  const parentLevel = levelWords[levelWords[node.level].parent!].name;
  return (
    <div className="field move-to">
      <label htmlFor={id}>Move to another {parentLevel}</label>
      <div className="inline-row">
        <select id={id} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">Choose a {parentLevel}…</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        <button type="button" disabled={!to} onClick={() => to && onMove(to)}>
          Move
        </button>
      </div>
    </div>
  );
}

/** MergeInto merges a theme into another after a confirmation. */
export function MergeInto({ ctx, node, targets }: { ctx: Ctx; node: CodebookNode; targets: { id: string; label: string }[] }) {
  const [into, setInto] = useState('');
  const id = useId();
  const target = ctx.cb.nodes.find((n) => n.id === into);
  return (
    <>
      <h3>Merge into another theme</h3>
      <p>When two themes mean the same, merge this one into the other: its uses will count as the other theme, and it stays in the history.</p>
      <div className="field">
        <label htmlFor={id}>Merge “{node.name}” into</label>
        <select id={id} value={into} onChange={(e) => setInto(e.target.value)}>
          <option value="">Choose a theme…</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      {target && (
        <div className="row-action">
          <ConfirmAction
            label={`Merge into “${target.name}”`}
            question={`Merge “${node.name}” into “${target.name}”? “${node.name}” is archived and cannot be restored.`}
            yes="Yes, merge"
            no="Cancel"
            onConfirm={async () => {
              const next = await ctx.change(
                () => api.mergeNode(ctx.pid, node.id, ctx.cb.version, target.id),
                (cb) => `“${node.name}” is merged into “${target.name}”. The codebook is now version ${cb.version}.`,
              );
              if (next) ctx.open({ kind: 'node', id: target.id }, true);
            }}
          />
        </div>
      )}
    </>
  );
}
