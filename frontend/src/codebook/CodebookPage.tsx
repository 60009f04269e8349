// The codebook: the tree of domains > categories > themes with a side panel.
// Leads edit, add, move (buttons, Alt+arrow keys, or drag and drop), archive
// and merge; coders read the codebook card of an entry and propose themes and
// wording; leads accept or decline proposals. Every lead change carries the
// codebook version it was based on; a stale one reloads the codebook and
// keeps what was typed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Codebook, conflictCurrent, type Level } from '../api/client';
import { type Placement, placeWords, plural } from './codebook';
import { ExportButtons } from './codebookUi';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { ProjectMissing, useProject } from '../projects/useProject';
import { useCodebook } from './useCodebook';
import type { Ctx, Panel } from './context';
import { StartCodebook } from './StartCodebook';
import { CodebookTree } from './CodebookTree';
import { SidePanel } from './SidePanel';
import { Proposals } from './Proposals';
import './codebook.css';

/** Usage is how often an entry is used in coding; shown once coding exists. */
export interface Usage {
  excerpts: number;
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
      {!empty && <ExportButtons pid={pid} archived={cb.nodes.filter((n) => n.status === 'archived' && !n.mergedInto).length} onDone={setMessage} />}

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
