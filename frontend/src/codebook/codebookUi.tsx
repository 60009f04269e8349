// Pieces the codebook pages share: word-by-word differences, the download buttons,
// and the "entry" list of a past version.
import { useState } from 'react';
import { type CodebookNode } from '../api/client';
import { projectFile, useDownload } from '../shared/download';
import { Swatch, StatusTag } from './CodebookCard';
import { buildTree, capital, codebookExportPath, diffWords, levelWords, type FieldChange, type TreeNode } from './codebook';
import { Alert } from '../shared/ui';

/** DiffText shows what was removed (struck through) and added (underlined),
 * each also said in words for screen readers, so colour is never the only sign. */
export function DiffText({ before, after }: { before: string; after: string }) {
  const pieces = diffWords(before, after);
  if (pieces.length === 0) return <span className="empty">(empty)</span>;
  return (
    <span className="diff pre-line">
      {pieces.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'removed' ? (
          <del key={i}>
            <span className="visually-hidden">[removed: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <ins key={i}>
            <span className="visually-hidden">[added: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </ins>
        ),
      )}
    </span>
  );
}

/** DiffLegend explains how removed and added text look. */
export function DiffLegend() {
  return (
    <p className="hint diff-legend">
      <del>Struck-through text</del> was removed; <ins>underlined text</ins> was added.
    </p>
  );
}

/** FieldChanges lists fields before and after: long text word by word, short values as "before → after". */
export function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p className="empty">Nothing in its wording changed.</p>;
  return (
    <dl className="changes">
      {changes.map((c) => (
        <div key={c.field}>
          <dt>{c.label}</dt>
          <dd>
            {c.text ? (
              <DiffText before={c.before} after={c.after} />
            ) : (
              <>
                <span className="was">{c.before || '(none)'}</span> <span aria-hidden="true">→</span>
                <span className="visually-hidden">became</span> <strong>{c.after || '(none)'}</strong>
                {c.field === 'colour' && c.after && <Swatch colour={c.after} />}
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** ExportButtons download the codebook as an Excel workbook and as a REFI-QDA
 * codebook; with archived entries (archived > 0) the .qdc may hold them too. */
export function ExportButtons({ pid, archived, onDone }: { pid: string; archived: number; onDone: (message: string) => void }) {
  const { doing: busy, error, get } = useDownload(onDone);
  const [withArchived, setWithArchived] = useState(false);
  const getCodebook = (kind: 'xlsx' | 'qdc') =>
    get(kind, projectFile(pid, codebookExportPath(kind, kind === 'qdc' && withArchived && archived > 0), `codebook.${kind}`));
  return (
    <div className="cb-exports" role="group" aria-labelledby="exports-label">
      <span id="exports-label" className="cb-exports-label">
        Download the codebook:
      </span>
      <button type="button" aria-disabled={busy === 'xlsx' || undefined} onClick={() => getCodebook('xlsx')}>
        {busy === 'xlsx' ? 'Preparing…' : 'Excel workbook (.xlsx)'}
      </button>
      <button type="button" aria-disabled={busy === 'qdc' || undefined} onClick={() => getCodebook('qdc')}>
        {busy === 'qdc' ? 'Preparing…' : 'REFI-QDA codebook (.qdc)'}
      </button>
      {archived > 0 && (
        <label className="inline-check">
          <input type="checkbox" checked={withArchived} onChange={(e) => setWithArchived(e.target.checked)} /> Put archived entries in the .qdc
          file too, marked “not for coding”
        </label>
      )}
      <p className="hint">
        The .qdc file is a REFI-QDA codebook, the exchange format of qualitative analysis tools, checked against that format’s rules. It holds the accepted themes; proposals stay in Tandem.
      </p>
      <Alert error={error} />
    </div>
  );
}

/** ReadTree shows a whole codebook to read: names, levels, status and short definitions. */
export function ReadTree({ nodes, label }: { nodes: CodebookNode[]; label: string }) {
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const render = (ts: TreeNode[], depth: number) => (
    <ul className={depth === 0 ? 'read-tree' : undefined} aria-label={depth === 0 ? label : undefined}>
      {ts.map((t) => (
        <li key={t.node.id} className={`read-${t.node.level}`}>
          <span className="read-name">
            {t.node.level === 'theme' && <Swatch colour={t.node.colour} />}
            <span className="visually-hidden">{capital(levelWords[t.node.level].name)}: </span>
            <strong>{t.node.name}</strong>
            <StatusTag node={t.node} mergedName={t.node.mergedInto ? names.get(t.node.mergedInto) : undefined} />
          </span>
          {t.node.brief && <span className="read-brief">{t.node.brief}</span>}
          {t.children.length > 0 && render(t.children, depth + 1)}
        </li>
      ))}
    </ul>
  );
  if (nodes.length === 0) return <p className="empty">The codebook was empty.</p>;
  return render(buildTree(nodes), 0);
}
