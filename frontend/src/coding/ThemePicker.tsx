// The coding workspace's ways to find a theme: the codebook panel beside the
// text (grouped, searchable, each theme's card on focus or hover) and the
// picker opened with T (best match first, Enter applies).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CodebookNode } from '../api/client';
import { CodebookCard, Swatch } from '../codebook/CodebookCard';
import { matchFieldWords, rankThemes, snippet, usableThemes, type ThemeMatch } from './coding';
import { pathOf, plural } from '../codebook/codebook';

/** ThemeRow is a theme button with its card on focus or hover. */
function ThemeRow({
  node,
  path,
  quickKey,
  match,
  canApply,
  onApply,
}: {
  node: CodebookNode;
  path: string[];
  quickKey?: number;
  /** match is how a search found it, said when not by its name. */
  match?: ThemeMatch;
  canApply: boolean;
  onApply: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [peek, setPeek] = useState(false);
  const descId = useId();
  const cardId = useId();
  return (
    <li className="theme-row" onMouseEnter={() => setPeek(true)} onMouseLeave={() => setPeek(false)}>
      <div className="theme-line">
        <button
          type="button"
          className="theme-apply"
          aria-describedby={descId}
          aria-disabled={!canApply || undefined}
          onFocus={() => setPeek(true)}
          onBlur={() => setPeek(false)}
          onClick={() => (canApply ? onApply(node.id) : setOpen((o) => !o))}
        >
          <Swatch colour={node.colour} />
          <span className="theme-name">{node.name}</span>
          {quickKey !== undefined && (
            <kbd>
              <span className="visually-hidden">quick key </span>
              {quickKey}
            </kbd>
          )}
        </button>
        <button type="button" className="theme-about" aria-expanded={open} aria-controls={cardId} onClick={() => setOpen((o) => !o)}>
          About<span className="visually-hidden"> {node.name}</span>
        </button>
      </div>
      <MatchLine m={match} />
      <span id={descId} hidden>
        {canApply ? 'Applies this theme to the selection. ' : ''}
        {node.plainLanguage || node.brief}
      </span>
      <div id={cardId} className={open ? 'theme-card open' : peek ? 'theme-card peek' : 'theme-card'} hidden={!open && !peek}>
        <CodebookCard node={node} path={path} headingLevel={4} />
      </div>
    </li>
  );
}

/** CodebookPanel lists the themes to apply, grouped by domain and category,
 * with a search; for a reader (readOnly) only to read what they mean. */
export function CodebookPanel({
  nodes,
  recent,
  canApply,
  readOnly,
  onApply,
}: {
  nodes: CodebookNode[];
  recent: string[];
  canApply: boolean;
  readOnly: boolean;
  onApply: (id: string) => void;
}) {
  const [q, setQ] = useState('');
  const groups = useMemo(() => usableThemes(nodes, q), [nodes, q]);
  const found = useMemo(() => new Map(q.trim() ? rankThemes(nodes, q).map((m) => [m.node.id, m]) : []), [nodes, q]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const count = groups.reduce((n, g) => n + g.themes.length, 0);
  return (
    <section className="code-box code-codebook" aria-labelledby="cb-h">
      <h2 id="cb-h">Codebook</h2>
      <div className="field">
        <label htmlFor="cb-search">Find a theme</label>
        <input id="cb-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or words of its definition" />
      </div>
      <p className="visually-hidden" role="status">
        {q ? `${plural(count, 'theme matches', 'themes match')}` : ''}
      </p>
      <p className="hint">
        {canApply
          ? 'Choose a theme to apply it to the selection.'
          : readOnly
            ? 'Hover or focus a theme to read what it means.'
            : 'Select text first to apply a theme. Hover or focus a theme to read what it means.'}
      </p>
      {recent.length > 0 && !q && !readOnly && (
        <>
          <h3>Recently used</h3>
          <p className="hint">In the text, press {recent.length === 1 ? '1' : `1 to ${recent.length}`} to apply {recent.length === 1 ? 'it' : 'one of these'} to the selection.</p>
          <ul className="theme-list">
            {recent.map((id, i) => {
              const n = byId.get(id)!;
              return <ThemeRow key={id} node={n} path={pathOf(nodes, id)} quickKey={i + 1} canApply={canApply} onApply={onApply} />;
            })}
          </ul>
        </>
      )}
      {groups.length === 0 && <p className="empty">No theme matches “{q}”.</p>}
      {groups.map((g) => (
        <div key={`${g.domain}/${g.category}`}>
          <h3>
            {g.domain && <span className="theme-domain">{g.domain} › </span>}
            {g.category || 'Themes'}
          </h3>
          <ul className="theme-list">
            {g.themes.map((n) => (
              <ThemeRow key={n.id} node={n} path={pathOf(nodes, n.id)} match={found.get(n.id)} canApply={canApply} onApply={onApply} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** ThemePicker chooses a theme by typing: arrows move, Enter applies, Escape closes. */
export function ThemePicker({
  top,
  nodes,
  recent,
  title,
  onPick,
  onClose,
}: {
  top: boolean;
  nodes: CodebookNode[];
  recent: string[];
  title: string;
  onPick: (id: string) => void;
  onClose: () => void;
}) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const titleId = useId();
  // Best match first, so Enter applies the theme whose name was typed; with
  // nothing typed, the recent themes first, then the codebook's order.
  const options = useMemo(() => {
    const all = rankThemes(nodes, q);
    if (q.trim()) return all;
    const rec = recent.map((id) => all.find((o) => o.node.id === id)).filter((o): o is ThemeMatch => !!o);
    return [...rec, ...all.filter((o) => !recent.includes(o.node.id))];
  }, [nodes, q, recent]);
  useEffect(() => input.current?.focus(), []);
  const current = options[Math.min(active, options.length - 1)];
  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);
  function key(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (current) onPick(current.node.id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  }
  return (
    // Escape closes the picker from any of its controls.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <div
      className={top ? 'picker picker-top' : 'picker'}
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <label htmlFor={`${listId}-input`}>Type to find a theme, then press Enter</label>
      <input
        id={`${listId}-input`}
        ref={input}
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${listId}-${Math.min(active, options.length - 1)}` : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={key}
        autoComplete="off"
      />
      <ul id={listId} role="listbox" aria-label="Themes" className="picker-list">
        {options.map((o, i) => (
          // The keys are the field's (aria-activedescendant): an option is only clicked.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={o.node.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(o.node.id)}
          >
            <Swatch colour={o.node.colour} />
            <span>
              <strong>{o.node.name}</strong>
              {!q && i < recent.length && i < 9 && <kbd className="picker-key">{i + 1}</kbd>}
              <span className="sub">
                {o.where}
                {!o.context && (o.node.plainLanguage || o.node.brief) ? ` — ${snippet(o.node.plainLanguage || o.node.brief, 90)}` : ''}
              </span>
              <MatchLine m={o} />
            </span>
          </li>
        ))}
        {options.length === 0 && <li className="empty">No theme matches “{q}”.</li>}
      </ul>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}

/** MatchLine says where a search found a theme when it was not in its name,
 * with the words around it. */
function MatchLine({ m }: { m: ThemeMatch | undefined }) {
  if (!m?.context) return null;
  return (
    <span className="sub found-in">
      Found in {matchFieldWords[m.field]}: {m.context.before}
      <mark>{m.context.hit}</mark>
      {m.context.after}
    </span>
  );
}
