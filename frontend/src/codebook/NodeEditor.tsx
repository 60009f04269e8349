// Editing a codebook entry: its wording, colour and status.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError, type CodebookNode, type NodeText } from '../api/client';
import { StatusTag, Swatch } from './CodebookCard';
import { capital, changedText, childrenOf, fieldWords, levelWords, mergeTargets, moveTargets, pathOf, type Placement, placeWords, stepPlacement, textOf } from './codebook';
import { mergeAfterConflict } from '../shared/conflict';
import { useForm } from '../shared/form';
import { Alert, ConfirmAction, fieldError, SubmitButton } from '../shared/ui';
import { researcherWords } from '../shared/words';
import type { Ctx } from './context';
import { MergeInto, MoveTo } from './SidePanel';
import { localProblems, TextFields } from './fields';

/** NodeEditor is the lead's panel for one entry: wording, place, archive, merge, add below. */
export function NodeEditor({
  ctx,
  node,
  headingRef,
  move,
}: {
  ctx: Ctx;
  node: CodebookNode;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  move: (id: string, to: Placement, how: string) => Promise<void>;
}) {
  const { cb, pid } = ctx;
  const [base, setBase] = useState<NodeText>(() => textOf(node));
  const [text, setText] = useState<NodeText>(() => textOf(node));
  const form = useForm();
  const { ref, busy, error, problems } = form;
  const [note, setNote] = useState('');
  const [clashes, setClashes] = useState<string[]>([]);
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));
  const level = levelWords[node.level];
  const path = pathOf(cb.nodes, node.id);

  // When the entry's wording changes on the server while the form is open (an
  // accepted proposal, another lead's edit), the form takes it, keeping what
  // this lead typed; a later save then cannot undo the other change.
  const serverText = textOf(node);
  const serverKey = JSON.stringify(serverText);
  const lastKey = useRef(serverKey);
  useEffect(() => {
    if (lastKey.current === serverKey) return;
    lastKey.current = serverKey;
    setText(mergeAfterConflict(base, text, serverText).merged);
    setBase(serverText);
    // Only a change on the server merges (serverKey names it), not this lead's typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverKey]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setNote('');
    setClashes([]);
    if (form.check(localProblems(text, node.level))) return;
    const change = changedText(textOf(node), text);
    if (Object.keys(change).length === 0) {
      setNote('Nothing to save: the wording is as it was.');
      return;
    }
    await form.run(async () => {
      let next;
      try {
        next = await api.updateNode(pid, node.id, { version: cb.version, ...change });
      } catch (err) {
        // A newer codebook: the boxes keep this lead's typing, merged with it.
        const current = await ctx.conflict(err);
        const now = current?.nodes.find((n) => n.id === node.id);
        if (now) {
          const { merged, clashes } = mergeAfterConflict(base, text, textOf(now));
          setBase(textOf(now));
          setText(merged);
          setClashes(clashes.map((c) => fieldWords[c]));
        }
        throw err;
      }
      ctx.setCb(next);
      const saved = next.nodes.find((n) => n.id === node.id);
      if (saved) {
        setBase(textOf(saved));
        setText(textOf(saved));
      }
      ctx.say(`Saved “${saved?.name ?? node.name}”. The codebook is now version ${next.version}.`);
    });
  }

  const up = stepPlacement(cb.nodes, node.id, -1);
  const down = stepPlacement(cb.nodes, node.id, 1);
  const targets = moveTargets(cb.nodes, node);
  const merges = mergeTargets(cb.nodes, node);
  // Who proposed it, when it came in through a coder's accepted proposal.
  const proposedBy = cb.proposals.find((p) => p.kind === 'add' && p.nodeId === node.id && p.state === 'accepted');
  const conflict = error instanceof ApiError && error.code === 'version_conflict';
  const shownFields = ['name', 'colour', 'brief', 'full', 'whenToUse', 'whenNotToUse', 'example', 'plainLanguage'];

  return (
    <section className="cb-panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" ref={headingRef} tabIndex={-1} className="cb-panel-title">
        {node.level === 'theme' && <Swatch colour={node.colour} />}
        <span>
          {capital(level.name)}: {node.name}
        </span>
        <StatusTag node={node} mergedName={node.mergedInto ? cb.nodes.find((n) => n.id === node.mergedInto)?.name : undefined} />
      </h2>
      <p className="meta">
        {path.length > 0 ? <>In {path.join(' › ')} · </> : null}
        {placeWords(cb.nodes, node.id)}
        {proposedBy && (
          <>
            {' '}
            · proposed by {proposedBy.proposedByName} ({researcherWords(proposedBy.proposedByType).toLowerCase()})
          </>
        )}
      </p>
      <form ref={ref} onSubmit={save} noValidate className="form">
        <h3>Wording</h3>
        <TextFields level={node.level} text={text} set={set} problems={problems} error={error} withColour={node.level === 'theme'} />
        <Alert error={error && !shownFields.some((f) => fieldError(error, f)) ? error : null} />
        {conflict && (
          <p className="hint">
            The codebook now shows the latest version. The boxes keep what you typed where you changed something
            {clashes.length > 0 ? `; someone else also changed ${clashes.join(', ')}: check ${clashes.length === 1 ? 'it' : 'them'}` : ''}. Press
            “Save changes” again to save.
          </p>
        )}
        {note && <p className="hint" role="status">{note}</p>}
        <SubmitButton busy={busy} busyText="Saving…">
          Save changes
        </SubmitButton>
      </form>

      {node.level !== 'domain' || cb.nodes.filter((n) => n.level === 'domain').length > 1 ? (
        <>
          <h3 id="place-heading">Place</h3>
          <div className="actions" role="group" aria-labelledby="place-heading">
            <button type="button" disabled={!up} onClick={() => up && move(node.id, up, 'Moved up')}>
              Move up
            </button>
            <button type="button" disabled={!down} onClick={() => down && move(node.id, down, 'Moved down')}>
              Move down
            </button>
          </div>
          {targets.length > 0 && <MoveTo node={node} targets={targets} onMove={(parentId) => move(node.id, { parentId, index: childrenOf(cb.nodes, parentId).length }, 'Moved')} />}
        </>
      ) : null}

      {level.child && node.status === 'active' && (
        <>
          <h3>Add under it</h3>
          <button type="button" onClick={() => ctx.open({ kind: 'add', level: level.child!, parentId: node.id })}>
            Add a {levelWords[level.child].name} to {node.name}
          </button>
        </>
      )}

      {node.level === 'theme' && node.status === 'active' && merges.length > 0 && <MergeInto ctx={ctx} node={node} targets={merges} />}

      <h3>{node.status === 'archived' ? 'Archived' : 'Archive'}</h3>
      {node.status === 'archived' ? (
        node.mergedInto ? (
          <p>This theme was merged into another; it stays in the history and cannot be restored.</p>
        ) : (
          <>
            <p>Coders do not see archived entries while coding. Restore it to use it again.</p>
            <button
              type="button"
              onClick={() =>
                ctx.change(
                  () => api.updateNode(pid, node.id, { version: cb.version, status: 'active' }),
                  (next) => `“${node.name}” is in use again. The codebook is now version ${next.version}.`,
                )
              }
            >
              Restore “{node.name}”
            </button>
          </>
        )
      ) : (
        <>
          <p>Archiving takes it out of use for coding; it stays in the history and can be restored.</p>
          <ConfirmAction
            label={`Archive “${node.name}”`}
            question={`Archive “${node.name}”? Coders will no longer apply it.`}
            yes="Yes, archive it"
            no="Keep it in use"
            onConfirm={() =>
              ctx.change(
                () => api.updateNode(pid, node.id, { version: cb.version, status: 'archived' }),
                (next) => `“${node.name}” is archived. The codebook is now version ${next.version}.`,
              )
            }
          />
        </>
      )}
    </section>
  );
}
