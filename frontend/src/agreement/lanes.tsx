// One turn of an interview with each coder's lane beside it: the compare
// view and the reconciliation view both show coding this way. The caller
// draws the turn's text (with its own marks); the lanes show where each
// coder marked text in the turn and with which themes.
import type { ReactNode } from 'react';
import type { CodebookNode, CodingSet } from '../api/client';
import { laneSegments, typeWords } from './agreement';
import { formatClock } from '../shared/text';
import './agreement.css';

/** colourOf is a theme's colour, or a neutral grey for a missing or odd one. */
export function colourOf(n: CodebookNode | undefined): string {
  return n?.colour && /^#[0-9a-fA-F]{6}$/.test(n.colour) ? n.colour : '#8d877b';
}

/** LaneTurn is a turn (an <li> of an ordered list of turns) with its text,
 * given as children, and each coder's lane for the theme (all themes when
 * theme is ""). flag is shown after the speaker. */
export function LaneTurn({
  index,
  turn,
  sets,
  theme,
  byId,
  resolve,
  flag,
  className = 'cmp-turn',
  children,
}: {
  index: number;
  turn: { start: number; end: number; speaker: string; atMillis?: number };
  sets: CodingSet[];
  theme: string;
  byId: Map<string, CodebookNode>;
  resolve: (id: string) => string;
  flag?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <li id={`turn-${index}`} tabIndex={-1} className={className}>
      <div className="cmp-text">
        <div className="cmp-speaker">
          <span className="cmp-num">Turn {index + 1}</span>
          <span>{turn.speaker || 'Text'}</span>
          {turn.atMillis !== undefined && <span className="hint">{formatClock(turn.atMillis)}</span>}
          {flag}
        </div>
        {children}
      </div>
      <div className="cmp-lanes" role="group" aria-label={`What each coder marked in turn ${index + 1}`}>
        {sets.map((set) => (
          <Lane key={set.coderId} set={set} from={turn.start} to={turn.end} theme={theme} byId={byId} resolve={resolve} />
        ))}
      </div>
    </li>
  );
}

/** Lane is one coder's excerpts in [from, to): a bar with the marked parts
 * in their theme's colour, and the names of the themes under it. */
function Lane({
  set,
  from,
  to,
  theme,
  byId,
  resolve,
}: {
  set: CodingSet;
  from: number;
  to: number;
  theme: string;
  byId: Map<string, CodebookNode>;
  resolve: (id: string) => string;
}) {
  const segs = laneSegments(from, to, set.excerpts ?? [], theme, resolve);
  const themesHere = [...new Set(segs.flatMap((g) => g.themes))];
  return (
    <div className="cmp-lane">
      <span className="cmp-lane-name">
        {set.coderName}
        <span className="visually-hidden"> ({typeWords[set.researcherType] ?? 'researcher'})</span>
      </span>
      <div className="cmp-bar" aria-hidden="true">
        {segs.map((g) => (
          <span
            key={g.id}
            className="cmp-seg"
            style={{ left: `${g.left}%`, width: `${g.width}%`, background: colourOf(byId.get(g.themes[0])) }}
            title={g.themes.map((id) => byId.get(id)?.name ?? '').join(', ')}
          />
        ))}
      </div>
      {themesHere.length === 0 ? (
        <p className="cmp-lane-what cmp-none">{theme ? `not ${byId.get(theme)?.name ?? 'this theme'}` : 'nothing marked'}</p>
      ) : (
        <span className="cmp-chips">
          {themesHere.map((id) => (
            <span className="cmp-chip" key={id}>
              <span className="cmp-dot" aria-hidden="true" style={{ background: colourOf(byId.get(id)) }} />
              {byId.get(id)?.name ?? 'A former theme'}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
