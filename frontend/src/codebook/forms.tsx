// Adding an entry (leads), proposing one and suggesting a change (coders).
import { type FormEvent, useId, useState } from 'react';
import { api, ApiError, type CodebookNode, type Level, type NodeText } from '../api/client';
import { changedText, emptyText, leastUsedColour, levelWords, newNodeId, pathOf, textOf } from './codebook';
import { useForm } from '../shared/form';
import { Alert, Field, fieldError, SubmitButton } from '../shared/ui';
import type { Ctx } from './context';
import { localProblems, TextFields } from './fields';

/** AddForm adds a domain, a category or a theme (lead). */
export function AddForm({ ctx, level, parentId, headingRef }: { ctx: Ctx; level: Level; parentId: string; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { cb, pid } = ctx;
  const [text, setText] = useState<NodeText>(() => ({ ...emptyText, colour: level === 'theme' ? leastUsedColour(cb.nodes) : '' }));
  const form = useForm();
  const { ref, busy, error, problems } = form;
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));
  const parent = cb.nodes.find((n) => n.id === parentId);
  const words = levelWords[level];

  async function add(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check(localProblems(text, level))) return;
    await form.run(async () => {
      let next;
      try {
        next = await api.addNode(pid, { version: cb.version, level, parentId, ...text });
      } catch (err) {
        await ctx.conflict(err); // a newer codebook comes in; the text stays
        throw err;
      }
      ctx.setCb(next);
      const id = newNodeId(cb.nodes, next.nodes);
      ctx.open(id ? { kind: 'node', id } : { kind: 'none' });
      ctx.say(`Added the ${words.name} “${text.name.trim()}”. The codebook is now version ${next.version}.`);
    });
  }

  const shownFields = ['name', 'colour', 'brief', 'full', 'whenToUse', 'whenNotToUse', 'example', 'plainLanguage'];
  return (
    <section className="cb-panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" ref={headingRef} tabIndex={-1}>
        {parent ? `Add a ${words.name} to ${parent.name}` : `Add a ${words.name}`}
      </h2>
      {level === 'domain' && <p className="hint">A domain is the top level: a broad area, with categories under it and themes under those.</p>}
      <form ref={ref} onSubmit={add} noValidate className="form">
        <TextFields level={level} text={text} set={set} problems={problems} error={error} withColour={level === 'theme'} />
        <Alert error={error && !shownFields.some((f) => fieldError(error, f)) ? error : null} />
        {error instanceof ApiError && error.code === 'version_conflict' && <p className="hint">Your text is kept. Press “Add” again to add it to the latest codebook.</p>}
        <div className="actions">
          <SubmitButton busy={busy} busyText="Adding…">
            Add the {words.name}
          </SubmitButton>
          <button type="button" onClick={() => ctx.open(parentId ? { kind: 'node', id: parentId } : { kind: 'none' })}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** ProposeForm: a coder proposes a new theme under a category, with a reason. */
export function ProposeForm({ ctx, parentId, headingRef }: { ctx: Ctx; parentId: string; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { cb, pid } = ctx;
  const categories = cb.nodes.filter((n) => n.level === 'category' && n.status === 'active');
  const [category, setCategory] = useState(parentId);
  const [text, setText] = useState<NodeText>(emptyText);
  const [reason, setReason] = useState('');
  const form = useForm();
  const { ref, busy, error, problems } = form;
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));
  const selectId = useId();

  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.check({ parentId: category ? null : 'Choose the category the theme belongs to.', name: text.name.trim() ? null : 'Give the theme a name.' })) return;
    await form.run(async () => {
      const { colour: _colour, ...words } = text;
      void _colour;
      const next = await api.propose(pid, { kind: 'add', level: 'theme', parentId: category, reason: reason.trim(), ...words });
      ctx.setCb(next);
      const id = newNodeId(cb.nodes, next.nodes);
      ctx.open(id ? { kind: 'node', id } : { kind: 'none' });
      ctx.say(`Your proposal “${text.name.trim()}” is sent. It shows as “Proposed” until a lead accepts or declines it.`);
    });
  }

  const categoryError = problems.parentId ?? fieldError(error, 'parentId');
  const shownFields = ['name', 'brief', 'full', 'whenToUse', 'whenNotToUse', 'example', 'plainLanguage', 'reason', 'parentId'];
  return (
    <section className="cb-panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" ref={headingRef} tabIndex={-1}>
        Propose a theme
      </h2>
      <p>Describe the theme you have in mind. A lead reads your proposal and adds it to the codebook, or explains why not.</p>
      <form ref={ref} onSubmit={send} noValidate className="form">
        <div className={categoryError ? 'field has-error' : 'field'}>
          <label htmlFor={selectId}>Which category does it belong to?</label>
          {categoryError && (
            <p className="field-error" id={`${selectId}-error`}>
              {categoryError}
            </p>
          )}
          <select
            id={selectId}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            aria-invalid={categoryError ? true : undefined}
            aria-describedby={categoryError ? `${selectId}-error` : undefined}
          >
            <option value="">Choose a category…</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {[...pathOf(cb.nodes, c.id), c.name].join(' › ')}
              </option>
            ))}
          </select>
        </div>
        <TextFields level="theme" text={text} set={set} problems={problems} error={error} withColour={false} />
        <Field
          label="Why do you propose it?"
          value={reason}
          onChange={setReason}
          multiline
          maxLength={2000}
          hint="For example, what you heard in an interview that no theme covers."
          error={fieldError(error, 'reason')}
        />
        <Alert error={error && !shownFields.some((f) => fieldError(error, f)) ? error : null} />
        <div className="actions">
          <SubmitButton busy={busy} busyText="Sending…">
            Send the proposal
          </SubmitButton>
          <button type="button" onClick={() => ctx.open(parentId ? { kind: 'node', id: parentId } : { kind: 'none' })}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** SuggestForm: a coder suggests new wording for an entry, with a reason. */
export function SuggestForm({ ctx, node, headingRef }: { ctx: Ctx; node: CodebookNode; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { pid } = ctx;
  const [text, setText] = useState<NodeText>(() => textOf(node));
  const [reason, setReason] = useState('');
  const form = useForm();
  const { ref, busy, error, problems } = form;
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));

  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const change = changedText(textOf(node), text);
    const found = {
      name: text.name.trim() ? null : 'Give it a name.',
      brief: Object.keys(change).length === 0 ? 'Change the wording in at least one box first.' : null,
    };
    if (form.check(found)) return;
    await form.run(async () => {
      const next = await api.propose(pid, { kind: 'edit', nodeId: node.id, reason: reason.trim(), ...change });
      ctx.setCb(next);
      ctx.open({ kind: 'node', id: node.id });
      ctx.say(`Your suggestion for “${node.name}” is sent. A lead will accept or decline it.`);
    });
  }

  const shownFields = ['name', 'colour', 'brief', 'full', 'whenToUse', 'whenNotToUse', 'example', 'plainLanguage', 'reason'];
  return (
    <section className="cb-panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" ref={headingRef} tabIndex={-1}>
        Suggest new wording for “{node.name}”
      </h2>
      <p>Change what you think could be clearer. A lead compares it with the current wording and decides.</p>
      <form ref={ref} onSubmit={send} noValidate className="form">
        <TextFields level={node.level} text={text} set={set} problems={problems} error={error} withColour={false} />
        <Field label="Why this wording?" value={reason} onChange={setReason} multiline maxLength={2000} error={fieldError(error, 'reason')} />
        <Alert error={error && !shownFields.some((f) => fieldError(error, f)) ? error : null} />
        <div className="actions">
          <SubmitButton busy={busy} busyText="Sending…">
            Send the suggestion
          </SubmitButton>
          <button type="button" onClick={() => ctx.open({ kind: 'node', id: node.id })}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
