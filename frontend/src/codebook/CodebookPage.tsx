// The codebook: the tree of domains > categories > themes with a side panel.
// Leads edit, add, move (buttons, Alt+arrow keys, or drag and drop), archive
// and merge; coders read the codebook card of an entry and propose themes and
// wording; leads accept or decline proposals. Every lead change carries the
// codebook version it was based on; a stale one reloads the codebook and
// keeps what was typed.
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  ApiError,
  api,
  conflictCurrent,
  type Codebook,
  type CodebookNode,
  type CodebookTemplate,
  type Level,
  type NodeText,
  type Project,
  type Proposal,
} from '../api/client';
import { CodebookCard, StatusTag, Swatch } from './CodebookCard';
import {
  buildTree,
  capital,
  changedText,
  childrenOf,
  colourProblem,
  countWords,
  countsOf,
  dropKind,
  dropPlacement,
  leastUsedColour,
  emptyText,
  fieldWords,
  isColour,
  levelWords,
  mergeTargets,
  moveTargets,
  newNodeId,
  pathOf,
  placeWords,
  plural,
  proposalChanges,
  stepPlacement,
  suggestedColours,
  textOf,
  type DropWhere,
  type Placement,
  type TreeNode,
} from './codebook';
import { DiffLegend, ExportButtons, FieldChanges } from './codebookUi';
import { mergeAfterConflict } from '../shared/conflict';
import { Alert, ConfirmAction, Field, Link, Loading, Page, SubmitButton, fieldError, useProblemFocus } from '../shared/ui';
import { formatDay, researcherWords } from '../shared/words';
import { ProjectMissing, useProject } from '../projects/useProject';
import { useCodebook } from './useCodebook';

/** What the side panel shows. */
type Panel =
  | { kind: 'none' }
  | { kind: 'node'; id: string }
  | { kind: 'add'; level: Level; parentId: string }
  | { kind: 'propose'; parentId: string }
  | { kind: 'suggest'; id: string };

/** Usage is how often an entry is used in coding; shown once coding exists. */
export interface Usage {
  excerpts: number;
}

/** Actions the page gives its parts: make a change and say what happened. */
interface Ctx {
  pid: string;
  cb: Codebook;
  lead: boolean;
  coder: boolean;
  /** change runs a lead change; on success it shows the new codebook and says done(cb). */
  change: (send: () => Promise<Codebook>, done: (cb: Codebook) => string) => Promise<Codebook | null>;
  /** conflict shows the codebook the server holds now after a version_conflict. */
  conflict: (err: unknown) => Promise<Codebook | null>;
  setCb: (cb: Codebook) => void;
  say: (message: string) => void;
  /** open shows p in the side panel; keep leaves the last message showing. */
  open: (p: Panel, keep?: boolean) => void;
}

export function CodebookPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  const { cb, setCb, error: loadError, reload } = useCodebook(pid);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [showArchived, setShowArchived] = useState<boolean | null>(null);
  const focusAfter = useRef<string | null>(null);

  // After a move, the entry's button keeps (or gets back) the focus.
  useEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    focusAfter.current = null;
    document.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`)?.focus();
  }, [cb]);

  const conflict = useCallback(
    async (err: unknown) => {
      let current = conflictCurrent<Codebook>(err) ?? null;
      if (!current && err instanceof ApiError && err.code === 'version_conflict') current = await reload();
      if (current) setCb(current);
      return current;
    },
    [reload, setCb],
  );

  const change = useCallback(
    async (send: () => Promise<Codebook>, done: (cb: Codebook) => string) => {
      setError(null);
      setMessage('');
      try {
        const next = await send();
        setCb(next);
        setMessage(done(next));
        return next;
      } catch (err) {
        await conflict(err);
        setError(err);
        return null;
      }
    },
    [conflict, setCb],
  );

  if (projectError) return <ProjectMissing error={projectError} />;
  if (loadError && !cb) {
    return (
      <Page title="The codebook could not be loaded">
        <Alert error={loadError} />
        <p>
          <Link to={`/projects/${pid}`}>Back to the project</Link>
        </p>
      </Page>
    );
  }
  if (!project || !cb) return <Loading />;

  const lead = project.myRole === 'lead';
  const coder = project.myRole === 'coder';
  const open = (p: Panel, keep = false) => {
    setError(null);
    if (!keep) setMessage('');
    setPanel(p);
  };
  const ctx: Ctx = { pid, cb, lead, coder, change, conflict, setCb, say: setMessage, open };
  const empty = cb.nodes.length === 0;
  const archived = cb.nodes.filter((n) => n.status === 'archived').length;
  const archivedShown = showArchived ?? lead;
  const shownNodes = archivedShown ? cb.nodes : cb.nodes.filter((n) => n.status !== 'archived');
  const openProposals = cb.proposals.filter((p) => p.state === 'open');
  const active = cb.nodes.filter((n) => n.status === 'active');
  const count = (l: Level) => active.filter((n) => n.level === l).length;

  async function move(id: string, to: Placement, how: string) {
    const node = cb!.nodes.find((n) => n.id === id);
    if (!node) return;
    focusAfter.current = id;
    await change(
      () => api.moveNode(pid, id, cb!.version, to.parentId, to.index),
      (next) => `${how} “${node.name}”: now ${placeWords(next.nodes, id)}. The codebook is now version ${next.version}.`,
    );
  }

  return (
    <Page title={`Codebook of ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      <p className="meta cb-summary">
        <strong>Version {cb.version}</strong>
        {!empty && (
          <>
            {' '}
            · {plural(count('theme'), 'theme', 'themes')} in {plural(count('category'), 'category', 'categories')} and{' '}
            {plural(count('domain'), 'domain', 'domains')}
          </>
        )}
        {openProposals.length > 0 && (
          <>
            {' '}
            · <a href="#proposals-heading">{plural(openProposals.length, 'proposal', 'proposals')} waiting for a lead</a>
          </>
        )}
      </p>
      <nav aria-label="Codebook" className="subnav">
        <ul>
          <li>
            <Link to={`/projects/${pid}/codebook/history`}>History of changes</Link>
          </li>
          {lead && (
            <li>
              <Link to={`/projects/${pid}/codebook/import`}>Import a codebook file</Link>
            </li>
          )}
        </ul>
      </nav>
      {!empty && <ExportButtons pid={pid} onDone={setMessage} />}

      {empty && panel.kind === 'none' ? (
        <>
          <p role="status" className={message ? 'notice' : 'live-empty'}>
            {message}
          </p>
          <Alert error={error} />
          {lead ? (
            <StartCodebook ctx={ctx} />
          ) : (
            <p className="empty">The codebook is empty. A lead starts it; then you can read it here{coder ? ' and propose themes' : ''}.</p>
          )}
        </>
      ) : (
        <div className="cb-layout">
          <section className="cb-tree-wrap" aria-labelledby="tree-heading">
            <h2 id="tree-heading">Entries</h2>
            {lead && (
              <p className="hint" id="tree-hint">
                Select an entry to edit it. To move one with the keyboard, press Alt + ↑ or Alt + ↓ on it, or use “Place” in the
                panel. With a mouse you can also drag an entry to another place.
              </p>
            )}
            <div className="actions cb-tree-actions">
              {lead && (
                <button type="button" onClick={() => open({ kind: 'add', level: 'domain', parentId: '' })}>
                  Add a domain
                </button>
              )}
              {coder && cb.nodes.some((n) => n.level === 'category' && n.status === 'active') && (
                <button type="button" onClick={() => open({ kind: 'propose', parentId: '' })}>
                  Propose a theme
                </button>
              )}
            </div>
            {archived > 0 && (
              <label className="inline-check">
                <input type="checkbox" checked={archivedShown} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived
                entries ({archived})
              </label>
            )}
            <CodebookTree
              nodes={shownNodes}
              allNodes={cb.nodes}
              selectedId={panel.kind === 'node' || panel.kind === 'suggest' ? panel.id : undefined}
              onSelect={(id) => open({ kind: 'node', id })}
              canMove={lead}
              onMove={move}
              describedBy={lead ? 'tree-hint' : undefined}
              onRefuse={setMessage}
            />
          </section>
          <div className="cb-side">
            <p role="status" className={message ? 'notice' : 'live-empty'}>
              {message}
            </p>
            <Alert error={error} />
            <SidePanel key={JSON.stringify(panel)} panel={panel} ctx={ctx} move={move} />
          </div>
        </div>
      )}
      <Proposals ctx={ctx} proposals={cb.proposals} project={project} />
    </Page>
  );
}

/** StartCodebook offers a lead the ways to start an empty codebook. */
function StartCodebook({ ctx }: { ctx: Ctx }) {
  const [templates, setTemplates] = useState<CodebookTemplate[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState('');
  useEffect(() => {
    api.codebookTemplates(ctx.pid).then(setTemplates, setError);
  }, [ctx.pid]);
  async function use(t: CodebookTemplate) {
    if (busy) return;
    setBusy(t.id);
    await ctx.change(
      () => api.applyTemplate(ctx.pid, ctx.cb.version, t.id),
      (next) => `The codebook starts from “${t.name}”: ${plural(next.nodes.length, 'entry', 'entries')}. It is now version ${next.version}.`,
    );
    setBusy('');
  }
  return (
    <section className="panel" aria-labelledby="start-heading">
      <h2 id="start-heading">Start the codebook</h2>
      <p>
        Start from a ready-made codebook, from scratch, or from a codebook file. You can change every name and definition
        afterwards, and every change is kept in the history.
      </p>
      <h3>Start from a template</h3>
      <Alert error={error} />
      {!templates && !error && <Loading />}
      {templates && (
        <ul className="cards">
          {templates.map((t) => (
            <li key={t.id} className="card">
              <h4>{t.name}</h4>
              <p>{t.description}</p>
              <p>
                <button type="button" className="primary" aria-disabled={busy === t.id || undefined} onClick={() => use(t)}>
                  {busy === t.id ? 'Starting…' : `Use “${t.name}”`}
                </button>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h3>Other ways to start</h3>
      <div className="actions">
        <button type="button" onClick={() => ctx.open({ kind: 'add', level: 'domain', parentId: '' })}>
          Start from scratch
        </button>
        <Link to={`/projects/${ctx.pid}/codebook/import`} className="button-link">
          Import a codebook file
        </Link>
      </div>
      <p className="hint">A codebook file is a REFI-QDA codebook (.qdc) from NVivo, ATLAS.ti or MAXQDA, or an Excel workbook (.xlsx).</p>
    </section>
  );
}

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

/** SidePanel shows what the person chose: an entry, or a form. */
function SidePanel({ panel, ctx, move }: { panel: Panel; ctx: Ctx; move: (id: string, to: Placement, how: string) => Promise<void> }) {
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

/** TextFields are the boxes of an entry's wording. */
function TextFields({
  level,
  text,
  set,
  problems,
  error,
  withColour,
}: {
  level: Level;
  text: NodeText;
  set: (f: keyof NodeText) => (v: string) => void;
  problems: Record<string, string | null>;
  error: unknown;
  withColour: boolean;
}) {
  const err = (f: keyof NodeText) => problems[f] ?? fieldError(error, f);
  const l = levelWords[level].name;
  return (
    <>
      <Field label={fieldWords.name} value={text.name} onChange={set('name')} required maxLength={100} error={err('name')} />
      {withColour && <ColourField level={level} value={text.colour} onChange={set('colour')} error={err('colour')} />}
      <Field
        label={fieldWords.brief}
        value={text.brief}
        onChange={set('brief')}
        multiline
        maxLength={300}
        hint={`One or two sentences: what this ${l} is about. Coders see it next to the ${l}.`}
        error={err('brief')}
      />
      <Field label={fieldWords.plainLanguage} value={text.plainLanguage} onChange={set('plainLanguage')} multiline maxLength={5000} hint="Say it the way you would to a friend, in everyday words." error={err('plainLanguage')} />
      <Field label={fieldWords.full} value={text.full} onChange={set('full')} multiline maxLength={5000} error={err('full')} />
      <Field label={fieldWords.whenToUse} value={text.whenToUse} onChange={set('whenToUse')} multiline maxLength={5000} error={err('whenToUse')} />
      <Field label={fieldWords.whenNotToUse} value={text.whenNotToUse} onChange={set('whenNotToUse')} multiline maxLength={5000} hint={`Say which other ${levelWords[level].plural} to use instead, if any.`} error={err('whenNotToUse')} />
      <Field label={fieldWords.example} value={text.example} onChange={set('example')} multiline maxLength={5000} hint="A short quote from an interview." error={err('example')} />
    </>
  );
}

/** ColourField chooses a theme's colour: a picker, the colour code, and light colours to pick from. */
function ColourField({ level, value, onChange, error }: { level: Level; value: string; onChange: (v: string) => void; error: string | null }) {
  const id = useId();
  const problem = error ?? colourProblem(value, level);
  const shown = isColour(value.trim()) ? value.trim() : '';
  return (
    <fieldset className={problem ? 'field has-error' : 'field'} aria-describedby={`${id}-hint ${id}-error`}>
      <legend>
        {fieldWords.colour}
        <span className="optional"> (optional)</span>
      </legend>
      <p className="hint" id={`${id}-hint`}>
        Coders see this colour behind the text they code. Choose a light colour, so that the text on it stays easy to read.
      </p>
      <p className="field-error" id={`${id}-error`} aria-live="polite">
        {problem}
      </p>
      <div className="colour-row">
        <label htmlFor={`${id}-code`}>Colour code</label>
        <input
          id={`${id}-code`}
          type="text"
          className="colour-code"
          value={value}
          maxLength={7}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-error`}
        />
        <label htmlFor={`${id}-pick`} className="visually-hidden">
          Pick a colour
        </label>
        <input id={`${id}-pick`} type="color" value={shown ? shown.toLowerCase() : '#ffffff'} onChange={(e) => onChange(e.target.value.toUpperCase())} />
        {shown && problem ? (
          // Text on a colour this dark would be unreadable: show only the colour (the message says why).
          <span className="colour-sample blank" style={{ background: shown }} aria-hidden="true" />
        ) : (
          <span className="colour-sample" style={shown ? { background: shown } : undefined}>
            {shown ? 'Text on this colour' : 'No colour'}
          </span>
        )}
      </div>
      <div className="colour-choices" role="group" aria-label="Light colours to choose from">
        {suggestedColours.map((c) => (
          <button
            key={c}
            type="button"
            className="colour-choice"
            style={{ background: c }}
            aria-label={`Use ${c}`}
            aria-pressed={value.toUpperCase() === c}
            onClick={() => onChange(c)}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** localProblems checks an entry's wording before it is sent. */
function localProblems(text: NodeText, level: Level): Record<string, string | null> {
  return {
    name: text.name.trim() ? null : 'Give it a name.',
    colour: colourProblem(text.colour, level),
  };
}

/** NodeEditor is the lead's panel for one entry: wording, place, archive, merge, add below. */
function NodeEditor({
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
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [clashes, setClashes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();
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
  }, [serverKey]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setNote('');
    setClashes([]);
    const p = localProblems(text, node.level);
    setProblems(p);
    if (Object.values(p).some(Boolean)) {
      focusProblem();
      return;
    }
    const change = changedText(textOf(node), text);
    if (Object.keys(change).length === 0) {
      setNote('Nothing to save: the wording is as it was.');
      return;
    }
    setBusy(true);
    try {
      const next = await api.updateNode(pid, node.id, { version: cb.version, ...change });
      ctx.setCb(next);
      const saved = next.nodes.find((n) => n.id === node.id);
      if (saved) {
        setBase(textOf(saved));
        setText(textOf(saved));
      }
      ctx.say(`Saved “${saved?.name ?? node.name}”. The codebook is now version ${next.version}.`);
    } catch (err) {
      const current = await ctx.conflict(err);
      const now = current?.nodes.find((n) => n.id === node.id);
      if (now) {
        const { merged, clashes } = mergeAfterConflict(base, text, textOf(now));
        setBase(textOf(now));
        setText(merged);
        setClashes(clashes.map((c) => fieldWords[c]));
      }
      setError(err);
      focusProblem();
    } finally {
      setBusy(false);
    }
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

/** MoveTo moves an entry under another parent, chosen from the valid ones. */
function MoveTo({ node, targets, onMove }: { node: CodebookNode; targets: { id: string; label: string }[]; onMove: (parentId: string) => void }) {
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
function MergeInto({ ctx, node, targets }: { ctx: Ctx; node: CodebookNode; targets: { id: string; label: string }[] }) {
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

/** AddForm adds a domain, a category or a theme (lead). */
function AddForm({ ctx, level, parentId, headingRef }: { ctx: Ctx; level: Level; parentId: string; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { cb, pid } = ctx;
  const [text, setText] = useState<NodeText>(() => ({ ...emptyText, colour: level === 'theme' ? leastUsedColour(cb.nodes) : '' }));
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));
  const parent = cb.nodes.find((n) => n.id === parentId);
  const words = levelWords[level];

  async function add(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const p = localProblems(text, level);
    setProblems(p);
    if (Object.values(p).some(Boolean)) {
      focusProblem();
      return;
    }
    setBusy(true);
    try {
      const next = await api.addNode(pid, { version: cb.version, level, parentId, ...text });
      ctx.setCb(next);
      const id = newNodeId(cb.nodes, next.nodes);
      ctx.open(id ? { kind: 'node', id } : { kind: 'none' });
      ctx.say(`Added the ${words.name} “${text.name.trim()}”. The codebook is now version ${next.version}.`);
    } catch (err) {
      await ctx.conflict(err);
      setError(err);
      focusProblem();
    } finally {
      setBusy(false);
    }
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
function ProposeForm({ ctx, parentId, headingRef }: { ctx: Ctx; parentId: string; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { cb, pid } = ctx;
  const categories = cb.nodes.filter((n) => n.level === 'category' && n.status === 'active');
  const [category, setCategory] = useState(parentId);
  const [text, setText] = useState<NodeText>(emptyText);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));
  const selectId = useId();

  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const p = { parentId: category ? null : 'Choose the category the theme belongs to.', name: text.name.trim() ? null : 'Give the theme a name.' };
    setProblems(p);
    if (p.parentId || p.name) {
      focusProblem();
      return;
    }
    setBusy(true);
    try {
      const { colour: _colour, ...words } = text;
      void _colour;
      const next = await api.propose(pid, { kind: 'add', level: 'theme', parentId: category, reason: reason.trim(), ...words });
      ctx.setCb(next);
      const id = newNodeId(cb.nodes, next.nodes);
      ctx.open(id ? { kind: 'node', id } : { kind: 'none' });
      ctx.say(`Your proposal “${text.name.trim()}” is sent. It shows as “Proposed” until a lead accepts or declines it.`);
    } catch (err) {
      setError(err);
      focusProblem();
    } finally {
      setBusy(false);
    }
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
function SuggestForm({ ctx, node, headingRef }: { ctx: Ctx; node: CodebookNode; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { pid } = ctx;
  const [text, setText] = useState<NodeText>(() => textOf(node));
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { ref, focusProblem } = useProblemFocus();
  const set = (f: keyof NodeText) => (v: string) => setText((t) => ({ ...t, [f]: v }));

  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const change = changedText(textOf(node), text);
    const p = {
      name: text.name.trim() ? null : 'Give it a name.',
      brief: Object.keys(change).length === 0 ? 'Change the wording in at least one box first.' : null,
    };
    setProblems(p);
    if (p.name || p.brief) {
      focusProblem();
      return;
    }
    setBusy(true);
    try {
      const next = await api.propose(pid, { kind: 'edit', nodeId: node.id, reason: reason.trim(), ...change });
      ctx.setCb(next);
      ctx.open({ kind: 'node', id: node.id });
      ctx.say(`Your suggestion for “${node.name}” is sent. A lead will accept or decline it.`);
    } catch (err) {
      setError(err);
      focusProblem();
    } finally {
      setBusy(false);
    }
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

/** Proposals lists open proposals (everyone sees them) and the decided ones. */
function Proposals({ ctx, proposals, project }: { ctx: Ctx; proposals: Proposal[]; project: Project }) {
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

function proposalTitle(p: Proposal, nodes: CodebookNode[]): string {
  const node = nodes.find((n) => n.id === p.nodeId);
  if (p.kind === 'add') {
    const parent = node ? nodes.find((n) => n.id === node.parentId) : undefined;
    return `New ${node ? levelWords[node.level].name : 'theme'} “${p.text.name}”${parent ? ` in ${parent.name}` : ''}`;
  }
  return `New wording for “${node?.name ?? p.text.name}”`;
}

function ProposalItem({ ctx, p, who, onDecided }: { ctx: Ctx; p: Proposal; who: string; onDecided: () => void }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reasonBox = useRef<HTMLDivElement>(null);
  const declineButton = useRef<HTMLButtonElement>(null);
  const node = ctx.cb.nodes.find((n) => n.id === p.nodeId);
  const title = proposalTitle(p, ctx.cb.nodes);
  const headingId = `proposal-${p.id}`;
  useEffect(() => {
    if (declining) reasonBox.current?.querySelector('textarea')?.focus();
  }, [declining]);

  async function accept() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await api.acceptProposal(ctx.pid, p.id, ctx.cb.version);
      ctx.setCb(next);
      ctx.say(`Accepted: ${title}. The codebook is now version ${next.version}.`);
      onDecided();
    } catch (err) {
      await ctx.conflict(err);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function decline(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setProblem('Say briefly why, so that the person who proposed it understands.');
      reasonBox.current?.querySelector('textarea')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api.declineProposal(ctx.pid, p.id, reason.trim());
      ctx.setCb(next);
      ctx.say(`Declined: ${title}. ${p.proposedByName} can read your reason under “Decided proposals”.`);
      onDecided();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
            <div ref={reasonBox}>
              <Field label="Why are you declining it?" value={reason} onChange={setReason} multiline required maxLength={2000} error={problem ?? fieldError(error, 'reason')} />
            </div>
            <div className="actions">
              <SubmitButton busy={busy} busyText="Declining…">
                Decline the proposal
              </SubmitButton>
              <button
                type="button"
                onClick={() => {
                  setDeclining(false);
                  setProblem(null);
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
