// The proposals of coders, for a lead to accept or decline.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, type CodebookNode, type Project, type Proposal } from '../api/client';
import { CodebookCard } from './CodebookCard';
import { levelWords, pathOf, proposalChanges, textOf } from './codebook';
import { DiffLegend, FieldChanges } from './codebookUi';
import { Alert, Field, SubmitButton } from '../shared/ui';
import { useForm } from '../shared/form';
import { formatDay, researcherWords } from '../shared/words';
import type { Ctx } from './context';

/** Proposals lists open proposals (everyone sees them) and the decided ones. */
export function Proposals({ ctx, proposals, project }: { ctx: Ctx; proposals: Proposal[]; project: Project }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const open = proposals.filter((p) => p.state === 'open');
  const decided = proposals.filter((p) => p.state !== 'open');
  if (proposals.length === 0 && ctx.cb.nodes.length === 0) return null;
  const types = new Map(project.members.map((m) => [m.userId, m]));
  const who = (p: Proposal) => {
    const m = types.get(p.proposedBy);
    return researcherWords(m?.researcherType ?? p.proposedByType, m?.researcherTypeLabel).toLowerCase();
  };
  return (
    <section aria-labelledby="proposals-heading" className="cb-proposals">
      <h2 id="proposals-heading" ref={heading} tabIndex={-1}>
        Proposals waiting for a decision ({open.length})
      </h2>
      <p className="hint">
        Coders propose new themes and new wording; {ctx.lead ? 'you accept or decline each one' : 'a lead accepts or declines each one'}. Everyone
        in the project sees them.
      </p>
      {open.length === 0 ? (
        <p className="empty">No proposals are waiting.</p>
      ) : (
        <>
          {open.some((p) => p.kind === 'edit') && <DiffLegend />}
          <ul className="cards">
            {open.map((p) => (
              <ProposalItem key={p.id} ctx={ctx} p={p} who={who(p)} onDecided={() => heading.current?.focus()} />
            ))}
          </ul>
        </>
      )}
      {decided.length > 0 && (
        <details className="decided">
          <summary>Decided proposals ({decided.length})</summary>
          <ul className="decided-list">
            {decided.map((p) => (
              <li key={p.id}>
                <strong>{proposalTitle(p, ctx.cb.nodes)}</strong>
                <span className="sub">
                  Proposed by {p.proposedByName} ({who(p)}), {formatDay(p.at)}.{' '}
                  {p.state === 'accepted' ? 'Accepted' : 'Declined'} by {p.decidedBy}
                  {p.decidedAt ? `, ${formatDay(p.decidedAt)}` : ''}.
                </span>
                {p.decision && <span className="sub">Why: {p.decision}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function proposalTitle(p: Proposal, nodes: CodebookNode[]): string {
  const node = nodes.find((n) => n.id === p.nodeId);
  if (p.kind === 'add') {
    const parent = node ? nodes.find((n) => n.id === node.parentId) : undefined;
    return `New ${node ? levelWords[node.level].name : 'theme'} “${p.text.name}”${parent ? ` in ${parent.name}` : ''}`;
  }
  return `New wording for “${node?.name ?? p.text.name}”`;
}

export function ProposalItem({ ctx, p, who, onDecided }: { ctx: Ctx; p: Proposal; who: string; onDecided: () => void }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const form = useForm<HTMLDivElement>();
  const { busy, error } = form;
  const declineButton = useRef<HTMLButtonElement>(null);
  const node = ctx.cb.nodes.find((n) => n.id === p.nodeId);
  const title = proposalTitle(p, ctx.cb.nodes);
  const headingId = `proposal-${p.id}`;
  useEffect(() => {
    if (declining) form.ref.current?.querySelector('textarea')?.focus();
  }, [declining, form.ref]);

  async function accept() {
    await form.run(async () => {
      try {
        const next = await api.acceptProposal(ctx.pid, p.id, ctx.cb.version);
        ctx.setCb(next);
        ctx.say(`Accepted: ${title}. The codebook is now version ${next.version}.`);
        onDecided();
      } catch (err) {
        await ctx.conflict(err);
        throw err;
      }
    });
  }

  async function decline(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check({ reason: reason.trim() ? null : 'Say briefly why, so that the person who proposed it understands.' })) return;
    await form.run(async () => {
      const next = await api.declineProposal(ctx.pid, p.id, reason.trim());
      ctx.setCb(next);
      ctx.say(`Declined: ${title}. ${p.proposedByName} can read your reason under “Decided proposals”.`);
      onDecided();
    });
  }

  return (
    <li className="card proposal">
      <h3 id={headingId} tabIndex={-1}>
        {title}
      </h3>
      <p className="meta">
        Proposed by {p.proposedByName} ({who}), {formatDay(p.at)}
      </p>
      {p.reason && (
        <p>
          <strong>Why:</strong> <span className="pre-line">{p.reason}</span>
        </p>
      )}
      {p.kind === 'add' ? (
        <CodebookCard node={{ ...textOf(p.text), level: node?.level ?? 'theme', status: 'proposed' }} path={node ? pathOf(ctx.cb.nodes, node.id) : []} headingLevel={4} />
      ) : (
        <FieldChanges changes={proposalChanges(p, node)} />
      )}
      <Alert error={error} />
      {ctx.lead &&
        (declining ? (
          <form onSubmit={decline} noValidate className="form decline-form">
            <div ref={form.ref}>
              <Field label="Why are you declining it?" value={reason} onChange={setReason} multiline required maxLength={2000} error={form.problem('reason')} />
            </div>
            <div className="actions">
              <SubmitButton busy={busy} busyText="Declining…">
                Decline the proposal
              </SubmitButton>
              <button
                type="button"
                onClick={() => {
                  setDeclining(false);
                  form.setProblems({});
                  setTimeout(() => declineButton.current?.focus());
                }}
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <button type="button" className="primary" aria-disabled={busy || undefined} onClick={accept}>
              Accept<span className="visually-hidden"> {title}</span>
            </button>
            <button type="button" ref={declineButton} onClick={() => setDeclining(true)}>
              Decline…<span className="visually-hidden"> {title}</span>
            </button>
          </div>
        ))}
    </li>
  );
}
