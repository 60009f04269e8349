// The pure logic of "Find coded text": how the passage around an excerpt is
// written, turn by turn.
import type { PassageTurn } from '../api/client';

/** PassageLine is one turn of a passage as the page shows it. */
export interface PassageLine {
  speaker: string;
  before: string;
  text: string;
  after: string;
}

/** passageLines writes the turns of a passage: an ellipsis where the words
 * around the excerpt were cut, none where a turn starts or ends, and the
 * speaker of each turn (empty outside every turn). */
export function passageLines(turns: PassageTurn[]): PassageLine[] {
  return turns.map((t) => {
    const parts = [t.before, t.text, t.after];
    if (t.cutStart) {
      const i = parts.findIndex((p) => p !== '');
      if (i >= 0) parts[i] = '…' + parts[i];
    }
    if (t.cutEnd) {
      let i = parts.length - 1;
      while (i >= 0 && parts[i] === '') i--;
      if (i >= 0) parts[i] = parts[i] + '…';
    }
    return { speaker: t.speaker, before: parts[0], text: parts[1], after: parts[2] };
  });
}
