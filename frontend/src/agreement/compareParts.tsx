// The parts of the compare view: the colour key, a turn with each coder's
// lane, and the list of differences.
import type { CodebookNode, CodingSet } from '../api/client';
import type { Difference, Disagreements } from '../api/types';
import { agreedSpans, laneSegments, names, turnAt, within } from './agreement';
import { LaneTurn } from './lanes';
import { CodePointText, pieces } from '../shared/text';

export function groupThemes(nodes: CodebookNode[], themes: CodebookNode[]): [string, CodebookNode[]][] {
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const out = new Map<string, CodebookNode[]>();
  for (const th of themes) {
    const cat = names.get(th.parentId) ?? 'Themes';
    out.set(cat, [...(out.get(cat) ?? []), th]);
  }
  return [...out];
}

/** ThemeOptions are the <option>s of a theme <select>, grouped under their
 * categories, after a first option that chooses none (empty value). */
export function ThemeOptions({ nodes, themes, none }: { nodes: CodebookNode[]; themes: CodebookNode[]; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {groupThemes(nodes, themes).map(([cat, ts]) => (
        <optgroup key={cat} label={cat}>
          {ts.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

export function Key({ theme }: { theme?: CodebookNode }) {
  return (
    <ul className="cmp-key" aria-label="What the marks mean">
      <li>
        <span className="cmp-flag">≠ Coders differ</span> a turn where they differ{theme ? ` on ${theme.name}` : ''}
      </li>
      {theme && (
        <>
          <li>
            <mark className="cmp-differ">dashed underline</mark> text some coders marked with {theme.name} and others did not
          </li>
          <li>
            <mark className="cmp-agree">solid underline</mark> text every coder marked with {theme.name}
          </li>
        </>
      )}
    </ul>
  );
}

export function TurnRow({
  index,
  turn,
  text,
  sets,
  theme,
  byId,
  resolve,
  differ,
  diffs,
}: {
  index: number;
  turn: { start: number; end: number; speaker: string; atMillis?: number };
  text: CodePointText;
  sets: CodingSet[];
  theme: string;
  byId: Map<string, CodebookNode>;
  resolve: (id: string) => string;
  differ?: string[];
  diffs: Disagreements | null;
}) {
  // Marks in the text for a chosen theme: where they differ, and where all agree.
  const marks: { span: [number, number]; kind: 'differ' | 'agree'; who?: Difference }[] = [];
  if (theme && diffs) {
    for (const d of within(diffs.spans, turn.start, turn.end)) marks.push({ span: [d.start, d.end], kind: 'differ', who: d });
    const coverages = sets.map((s) => laneSegments(turn.start, turn.end, s.excerpts ?? [], theme, resolve).map((g) => [g.start, g.end] as [number, number]));
    for (const a of agreedSpans(coverages)) marks.push({ span: a, kind: 'agree' });
  }
  const parts = pieces(
    text,
    turn.start,
    turn.end,
    marks.map((m) => m.span),
  );
  const coderNames = diffs?.coders ?? sets.map((s) => ({ id: s.coderId, name: s.coderName }));
  const flag = differ && (
    <span className="cmp-flag">
      ≠ Coders differ{!theme && `: ${differ.map((id) => byId.get(id)?.name ?? 'a former theme').join(', ')}`}
    </span>
  );
  return (
    <LaneTurn
      index={index}
      turn={turn}
      sets={sets}
      theme={theme}
      byId={byId}
      resolve={resolve}
      flag={flag}
      className={differ ? 'cmp-turn cmp-has-diff' : 'cmp-turn'}
    >
      <p>
        {parts.map((p, k) => {
          if (p.mark === undefined) return <span key={k}>{p.text}</span>;
          const m = marks[p.mark];
          if (m.kind === 'agree') {
            return (
              <mark key={k} className="cmp-agree">
                <span className="visually-hidden">[all coders marked: </span>
                {p.text}
                <span className="visually-hidden">]</span>
              </mark>
            );
          }
          return (
            <mark key={k} className="cmp-differ" title={`Marked by ${names(coderNames, m.who!.applied)}; not by ${names(coderNames, m.who!.notApplied)}`}>
              <span className="visually-hidden">[coders differ: marked by {names(coderNames, m.who!.applied)}, not by {names(coderNames, m.who!.notApplied)}: </span>
              {p.text}
              <span className="visually-hidden">]</span>
            </mark>
          );
        })}
      </p>
    </LaneTurn>
  );
}

export function DifferenceList({
  diffs,
  turns,
  unit,
  themeName,
  coders,
}: {
  diffs: Disagreements;
  turns: { start: number; end: number }[];
  unit: string;
  themeName: string;
  coders: { id: string; name: string }[];
}) {
  const who = diffs.coders.length > 0 ? diffs.coders : coders;
  const item = (d: Difference, k: number) => {
    const ti = turnAt(turns, d.start);
    return (
      <li key={k}>
        <blockquote>{d.text.length > 400 ? d.text.slice(0, 399) + '…' : d.text}</blockquote>
        <p className="cmp-who">
          <strong>Applied it:</strong> {names(who, d.applied)}
        </p>
        <p className="cmp-who">
          <strong>Did not:</strong> {names(who, d.notApplied)}
        </p>
        {ti >= 0 && <a href={`#turn-${ti}`}>Show turn {ti + 1} in the interview</a>}
      </li>
    );
  };
  return (
    <section aria-labelledby="cmp-differences">
      <h2 id="cmp-differences" tabIndex={-1}>
        Where the coders differ on “{themeName}”
      </h2>
      <h3>
        {unit.charAt(0).toUpperCase() + unit.slice(1)}s ({diffs.units.length})
      </h3>
      <p className="hint">
        A {unit} counts as coded with the theme when a coder’s excerpt with it covers part of the {unit}. These are the {unit}s that feed alpha.
      </p>
      {diffs.units.length === 0 ? <p className="empty">The coders agree on every {unit}.</p> : <ul className="cmp-list">{diffs.units.map(item)}</ul>}
      <h3>Stretches of text ({diffs.spans.length})</h3>
      <p className="hint">
        The exact stretches of text some coders marked with the theme and others did not. A stretch in a {unit} where they agree above means they
        cut the excerpt differently.
      </p>
      {diffs.spans.length === 0 ? <p className="empty">The coders marked the same stretches.</p> : <ul className="cmp-list">{diffs.spans.map(item)}</ul>}
    </section>
  );
}
