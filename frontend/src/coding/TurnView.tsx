// The turns of a transcript with their highlights, the caret and the
// selection: drawn in the coding workspace, and read only (no caret, no
// selection) wherever a set of excerpts is shown on the text.
import { memo, type ReactNode } from 'react';
import type { Transcript, Turn } from '../api/client';
import { highlightStyle, turnAt } from './coding';
import type { RSeg } from './highlights';
import { formatClock, type CodePointText } from '../shared/text';

interface TurnProps {
  index: number;
  turn: Turn;
  participant: boolean;
  text: CodePointText;
  segs: RSeg[];
  caret: number;
  selS: number;
  selE: number;
  chosen: string;
}

/** TurnView draws one turn; it is drawn again only when its own highlights,
 * caret or selection change. */
export const TurnView = memo(function TurnView({ index, turn, participant, text, segs, caret, selS, selE, chosen }: TurnProps) {
  const out: ReactNode[] = [];
  let k = 0;
  const cuts = [caret, selS, selE].filter((c) => c >= 0);
  for (const sg of segs) {
    // Cut the segment at the caret and the selection's ends.
    const points = [sg.start, ...cuts.filter((c) => c > sg.start && c < sg.end).sort((a, b) => a - b), sg.end];
    for (const l of sg.looks) {
      if (l.starts) out.push(<span key={k++} className="visually-hidden sr-mark" data-at={sg.start}>{`[excerpt: ${l.label}] `}</span>);
    }
    for (let p = 0; p + 1 < points.length; p++) {
      const s = points[p];
      const e = points[p + 1];
      if (s === caret) out.push(<span key={k++} className="caret" data-at={s} aria-hidden="true" />);
      const selected = selS >= 0 && s >= selS && e <= selE;
      const cls = [sg.looks.length ? 'hl' : '', selected ? 'sel' : '', chosen && sg.looks.some((l) => l.id === chosen) ? 'chosen' : ''].filter(Boolean).join(' ');
      out.push(
        <span
          key={k++}
          data-s={s}
          data-e={e}
          data-n={sg.looks.length || undefined}
          className={cls || undefined}
          title={sg.title}
          style={highlightStyle(sg.looks, selected)}
        >
          {text.slice(s, e)}
        </span>,
      );
    }
    for (const l of sg.looks) {
      if (l.ends) out.push(<span key={k++} className="visually-hidden sr-mark" data-at={sg.end}>{` [end of excerpt: ${l.label}]`}</span>);
    }
  }
  if (caret === turn.end) out.push(<span key={k++} className="caret" data-at={caret} aria-hidden="true" />);
  return (
    <div className="turn" data-turn={index} data-ts={turn.start}>
      <p className="speaker">
        <span className="visually-hidden">Turn {index + 1}: </span>
        {turn.speaker && <strong>{turn.speaker}</strong>}
        {participant && <span className="tag">Participant</span>}
        {turn.atMillis !== undefined && <span className="time">{formatClock(turn.atMillis)}</span>}
      </p>
      <div className="turn-text">{out}</div>
    </div>
  );
});

/** Turns draws every turn of t with its segments; the caret, the selection
 * and the chosen excerpt are left out where the text is only read. */
export function Turns({
  t,
  text,
  segments,
  caret = -1,
  selection = null,
  chosen,
}: {
  t: Pick<Transcript, 'turns' | 'participantSpeaker'>;
  text: CodePointText;
  segments: RSeg[][];
  caret?: number;
  selection?: [number, number] | null;
  chosen?: { id: string; start: number; end: number };
}) {
  const turns = t.turns;
  return turns.map((turn, i) => {
    const inTurn = (a: number, b: number) => a <= turn.end && b >= turn.start;
    return (
      <TurnView
        key={i}
        index={i}
        turn={turn}
        participant={!!turn.speaker && turn.speaker === t.participantSpeaker}
        text={text}
        segs={segments[i]}
        caret={caret >= turn.start && caret <= turn.end && turnAt(turns, caret) === i ? caret : -1}
        selS={selection && inTurn(selection[0], selection[1]) ? Math.max(selection[0], turn.start) : -1}
        selE={selection && inTurn(selection[0], selection[1]) ? Math.min(selection[1], turn.end) : -1}
        chosen={chosen && inTurn(chosen.start, chosen.end) ? chosen.id : ''}
      />
    );
  });
}
