// The keys of the transcript text in the coding workspace: arrows move the
// caret (Shift extends the selection), T or Enter applies a theme or chooses
// the excerpt at the caret, 1–9 apply a recent theme, Delete deletes the
// chosen excerpt, Control+Z brings a deleted one back, Escape lets go.
import type { KeyboardEvent } from 'react';
import type { Turn } from '../api/client';
import { plural } from '../codebook/codebook';
import { excerptsAt, moveCaret, snippet, turnAt, type CaretStep } from './coding';
import type { Hl } from './highlights';
import type { CodePointText } from '../shared/text';

/** caretWords says where the caret is (or what is selected) for a screen reader. */
export function caretWords(
  text: CodePointText,
  turns: Turn[],
  spans: Hl[],
  themeName: (id: string) => string,
  pos: number,
  moved: CaretStep | null,
  sel: [number, number] | null,
): string {
  if (sel) return `Selected ${plural(sel[1] - sel[0], 'character', 'characters')}: “${snippet(text.slice(sel[0], sel[1]), 100)}”`;
  const i = turnAt(turns, pos);
  const end = moveCaret(text, turns, pos, 'word', 1);
  const word = text.slice(pos, end).trim() || 'end of turn';
  const here = excerptsAt(spans, pos, pos);
  const where = moved === 'turn' || moved === 'edge' ? `Turn ${i + 1}${turns[i]?.speaker ? `, ${turns[i].speaker}` : ''}: ` : '';
  const inside = here.length ? ` In ${plural(here.length, 'excerpt', 'excerpts')}: ${here.map((h) => h.themes.map(themeName).join(', ')).join('; ')}.` : '';
  return `${where}${word}.${inside}`;
}

/** TextKeys is what the keys of the text read and do. */
export interface TextKeys {
  text: CodePointText;
  turns: Turn[];
  spans: Hl[];
  caret: number;
  anchor: number | null;
  selection: [number, number] | null;
  chosen: Hl | undefined;
  canUndo: boolean;
  editable: boolean;
  canCode: boolean;
  recent: string[];
  themeName: (id: string) => string;
  /** move puts the caret at next, with the selection's anchor (null: none). */
  move: (next: number, anchor: number | null) => void;
  letGo: () => void;
  undo: () => void;
  openPicker: () => void;
  choose: (id: string) => void;
  apply: (themeIds: string[]) => void;
  remove: (eid: string) => void;
  say: (words: string) => void;
}

/** stepOf is the caret step and direction of a key, or null. */
function stepOf(e: KeyboardEvent): [CaretStep, -1 | 1] | null {
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowLeft':
      return [e.altKey ? 'char' : 'word', e.key === 'ArrowRight' ? 1 : -1];
    case 'ArrowDown':
    case 'ArrowUp':
    case 'PageDown':
    case 'PageUp':
      return ['turn', e.key === 'ArrowDown' || e.key === 'PageDown' ? 1 : -1];
    case 'Home':
    case 'End':
      return ['edge', e.key === 'End' ? 1 : -1];
  }
  return null;
}

/** onTextKey handles a key pressed in the text. */
export function onTextKey(e: KeyboardEvent, k: TextKeys): void {
  const step = stepOf(e);
  if (step) {
    e.preventDefault();
    const next = moveCaret(k.text, k.turns, k.caret, step[0], step[1]);
    const a = e.shiftKey ? (k.anchor ?? k.caret) : null;
    k.move(next, a);
    const sel: [number, number] | null = a !== null && a !== next ? [Math.min(a, next), Math.max(a, next)] : null;
    k.say(caretWords(k.text, k.turns, k.spans, k.themeName, next, step[0], sel));
    return;
  }
  if (e.key === 'Escape') {
    if (k.anchor !== null || k.chosen) {
      e.preventDefault();
      k.letGo();
      k.say('Nothing selected.');
    }
    return;
  }
  if ((e.key === 'z' || e.key === 'Z') && (e.ctrlKey || e.metaKey)) {
    if (k.canUndo) {
      e.preventDefault();
      k.undo();
    }
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Enter' || e.key === 't' || e.key === 'T') {
    e.preventDefault();
    if (!k.editable) {
      k.say(k.canCode ? 'Your coding is submitted. Reopen it to change it.' : 'You can read this coding but not change it.');
      return;
    }
    if (k.selection) {
      k.openPicker();
      return;
    }
    const here = excerptsAt(k.spans, k.caret, k.caret).filter((h) => h.mine);
    if (here.length) {
      k.choose(here[0].id);
      k.say(`Chose the excerpt with ${here[0].themes.map(k.themeName).join(', ')}. Its details are open; press Escape to go back to the text, where Delete deletes it.`);
    } else k.say('Select some text first: hold Shift and press the arrow keys.');
    return;
  }
  if (/^[1-9]$/.test(e.key)) {
    const id = k.recent[Number(e.key) - 1];
    if (id && k.selection && k.editable) {
      e.preventDefault();
      k.apply([id]);
    }
    return;
  }
  if ((e.key === 'Delete' || e.key === 'Backspace') && k.chosen?.mine && !k.selection) {
    e.preventDefault();
    k.remove(k.chosen.eid);
  }
}
