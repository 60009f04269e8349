// What the coder does to their excerpts in the workspace: apply themes to
// the selection (or add them to an excerpt) through the theme picker, delete
// an excerpt and undo that, and change one. Each edit goes to the save queue
// and is said in words for screen readers.
import { type RefObject, useState } from 'react';
import type { CodePointText } from '../shared/text';
import { newId, snippet, trimSpan } from './coding';
import type { Excerpt, SaveQueue } from './saveQueue';

/** Picker is the theme picker when open: for the selection, or to add a theme to an excerpt. */
export type Picker = null | { mode: 'new' } | { mode: 'add'; id: string };

/** usePicker is the theme picker's state. It opens at the bottom of the
 * window, or at the top (top is true) when the caret is in the lower half,
 * so that the selection stays in view. */
export function usePicker(textRef: RefObject<HTMLDivElement | null>) {
  const [picker, setPickerState] = useState<Picker>(null);
  const [top, setTop] = useState(false);
  const setPicker = (p: Picker) => {
    if (p) {
      const r = textRef.current?.querySelector('.caret')?.getBoundingClientRect();
      setTop(p.mode === 'new' && !!r && r.top > window.innerHeight / 2);
    }
    setPickerState(p);
  };
  return { picker, top, setPicker };
}

/** Editing is what useEdits needs from the workspace. */
export interface Editing {
  text: CodePointText;
  queue: SaveQueue;
  /** mine is the coder's excerpts as they are now. */
  mine: Excerpt[];
  editable: boolean;
  selection: [number, number] | null;
  picker: Picker;
  setPicker: (p: Picker) => void;
  themeName: (id: string) => string;
  /** remember puts themes just used first in the recent themes. */
  remember: (themeIds: string[]) => void;
  say: (words: string) => void;
  quietChoose: (id: string | null) => void;
  /** made is called with a new excerpt made from the selection. */
  made: (e: Excerpt) => void;
}

/** Change is a change to one excerpt. */
export type Change = Partial<Pick<Excerpt, 'start' | 'end' | 'themes' | 'memo'>>;

/** useEdits gives the workspace its edits, and the excerpt deleted last (undo). */
export function useEdits(w: Editing) {
  const [undo, setUndo] = useState<Excerpt | null>(null);
  const { text, queue, mine, editable } = w;
  const names = (ids: string[]) => ids.map(w.themeName).join(', ');

  /** apply applies themes to the selection, or adds them to the excerpt the picker is for. */
  function apply(themeIds: string[]) {
    if (!editable) return;
    if (w.picker?.mode === 'add') {
      const id = w.picker.id;
      const e = mine.find((x) => x.id === id);
      if (e) {
        const themes = [...e.themes, ...themeIds.filter((x) => !e.themes.includes(x))];
        queue.push({ kind: 'patch', id: e.id, change: { themes } });
        w.say(`Added ${names(themeIds)} to the excerpt.`);
        w.remember(themeIds);
      }
      w.setPicker(null);
      return;
    }
    if (!w.selection) {
      w.say('Select some text first.');
      return;
    }
    const [start, end] = trimSpan(text, w.selection[0], w.selection[1]);
    if (end <= start) {
      w.say('The selection is only white space. Select some words.');
      w.setPicker(null);
      return;
    }
    const e: Excerpt = { id: newId(), start, end, themes: themeIds, memo: '' };
    queue.push({ kind: 'add', excerpt: e });
    w.remember(themeIds);
    w.setPicker(null);
    w.say(`Applied ${names(themeIds)} to “${snippet(text.slice(e.start, e.end), 60)}”.`);
    w.made(e);
  }

  /** remove deletes an excerpt; restore brings it back. */
  function remove(id: string) {
    const e = mine.find((x) => x.id === id);
    if (!e || !editable) return;
    queue.push({ kind: 'delete', id });
    setUndo(e);
    w.quietChoose(null);
    w.say(`Deleted the excerpt “${snippet(text.slice(e.start, e.end), 40)}”. Press Undo (or Control+Z in the text) to bring it back.`);
  }

  function restore() {
    if (!undo || !editable) return;
    queue.push({ kind: 'add', excerpt: { ...undo } });
    w.quietChoose(undo.id);
    w.say('The excerpt is back.');
    setUndo(null);
  }

  /** change changes an excerpt, and says words when given. */
  function change(id: string, c: Change, words?: string) {
    if (!editable) return;
    queue.push({ kind: 'patch', id, change: c });
    if (words) w.say(words);
  }

  return { undo, apply, remove, restore, change };
}
