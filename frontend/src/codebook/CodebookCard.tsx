// The codebook card: one entry of the codebook in words a coder uses while
// coding (what it is, when to use it and when not, an example). The codebook
// page shows it to coders and viewers; the coding workspace reuses it.
import type { CodebookNode, NodeText } from '../api/client';
import { capital, levelWords, nodeStatusWords } from './codebook';

/** Swatch is the small square of a theme's colour. It is decoration: the
 * name always says which theme it is. */
export function Swatch({ colour }: { colour: string }) {
  if (!colour) return <span className="swatch none" aria-hidden="true" />;
  return <span className="swatch" style={{ background: colour }} aria-hidden="true" />;
}

/** StatusTag says in words that an entry is proposed, archived or merged (never by colour alone). */
export function StatusTag({ node, mergedName }: { node: Pick<CodebookNode, 'status' | 'mergedInto'>; mergedName?: string }) {
  if (node.mergedInto) return <span className="tag tag-archived">Merged{mergedName ? ` into ${mergedName}` : ''}</span>;
  if (node.status === 'active') return null;
  return <span className={`tag tag-${node.status}`}>{nodeStatusWords[node.status]}</span>;
}

export type CardNode = NodeText & Pick<CodebookNode, 'level' | 'status'> & Partial<Pick<CodebookNode, 'mergedInto'>>;

/** CodebookCard shows one entry for coding: name and colour, in plain words,
 * when to use it and when not, an example, and (folded) the full definition.
 * path names the entries above it ("RLC Attributes", "Atmosphere"). */
export function CodebookCard({
  node,
  path = [],
  headingLevel = 3,
  headingId,
  headingRef,
}: {
  node: CardNode;
  path?: string[];
  headingLevel?: 2 | 3 | 4;
  headingId?: string;
  /** headingRef lets the page move the focus to the card's heading. */
  headingRef?: React.RefObject<HTMLHeadingElement | null>;
}) {
  const H = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const level = levelWords[node.level].name;
  const rows: [string, string, string][] = [
    ['In plain words', node.plainLanguage, 'plain'],
    [node.plainLanguage ? 'Short definition' : 'What it means', node.brief, 'brief'],
    [`Use this ${level} when`, node.whenToUse, 'use'],
    [`Do not use it when`, node.whenNotToUse, 'not'],
    ['For example', node.example, 'example'],
  ];
  const shown = rows.filter(([, v]) => v.trim());
  return (
    <article className="cb-card" aria-labelledby={headingId}>
      <H className="cb-card-name" id={headingId} ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        {node.level === 'theme' && <Swatch colour={node.colour} />}
        <span>{node.name}</span>
        <StatusTag node={node} />
      </H>
      <p className="cb-card-path">
        {capital(level)}
        {path.length > 0 && <> in {path.join(' › ')}</>}
      </p>
      {shown.length === 0 && !node.full.trim() ? (
        <p className="empty">No description yet.</p>
      ) : (
        <dl className="cb-card-fields">
          {shown.map(([label, value, key]) => (
            <div key={key} className={`cb-card-${key}`}>
              <dt>{label}</dt>
              <dd className="pre-line">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {node.full.trim() && (
        <details className="cb-card-full">
          <summary>Full definition</summary>
          <p className="pre-line">{node.full}</p>
        </details>
      )}
    </article>
  );
}
