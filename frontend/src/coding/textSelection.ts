// Selecting text in the coding workspace with a mouse or a finger: the
// browser's selection becomes the coder's, in code points.
import { useEffect, useLayoutEffect, useRef, type MouseEvent, type PointerEvent, type RefObject } from 'react';
import { trimSpan } from './coding';
import { codePointsIn, type CodePointText } from '../shared/text';

/** Adopt is what the workspace does with a selection the browser made. */
export interface Adopt {
  /** span selects [start, end); following is true while a finger still drags the handles. */
  span: (start: number, end: number, following: boolean) => void;
  /** caret puts the caret at a point clicked or tapped. */
  caret: (at: number) => void;
}

/** useTextSelection takes the browser's selection in the text as the
 * coder's: a span is selected, a click or a tap places the caret. On a touch
 * screen there is no mouse-up after a long press: the selection is followed
 * as the coder drags its handles, and the browser's own selection (and its
 * handles) stays while they do. It returns the text's event handlers. */
export function useTextSelection(textRef: RefObject<HTMLDivElement | null>, text: CodePointText, adopt: Adopt) {
  const touching = useRef(false);

  /** take reads the selection; spanOnly (following a finger) takes spans, not carets. */
  function take(touch: boolean, spanOnly: boolean, x?: number, y?: number) {
    const box = textRef.current;
    const sel = window.getSelection();
    if (!sel || !box) return;
    let a: number | null = null;
    let f: number | null = null;
    if (sel.rangeCount > 0 && box.contains(sel.anchorNode) && box.contains(sel.focusNode)) {
      a = domToCodePoint(sel.anchorNode!, sel.anchorOffset);
      f = domToCodePoint(sel.focusNode!, sel.focusOffset);
    } else if (!spanOnly && x !== undefined && y !== undefined && document.caretRangeFromPoint) {
      // A tap on a touch screen leaves no selection: take the point tapped.
      const r = document.caretRangeFromPoint(x, y);
      if (r && box.contains(r.startContainer)) a = f = domToCodePoint(r.startContainer, r.startOffset);
    }
    if (a === null || f === null) return;
    if (spanOnly && a === f) return;
    if (a === f) adopt.caret(a);
    else {
      const [s, e] = trimSpan(text, Math.min(a, f), Math.max(a, f));
      if (s === e) return;
      adopt.span(s, e, touch);
      if (touch) return;
    }
    sel.removeAllRanges();
    box.focus({ preventScroll: true });
  }

  const follow = useRef(take);
  useLayoutEffect(() => {
    follow.current = take;
  });
  useEffect(() => {
    const changed = () => touching.current && follow.current(true, true);
    document.addEventListener('selectionchange', changed);
    return () => document.removeEventListener('selectionchange', changed);
  }, []);

  return {
    onMouseUp: (e: MouseEvent) => take(touching.current, false, e.clientX, e.clientY),
    onPointerDown: (e: PointerEvent) => (touching.current = e.pointerType === 'touch' || e.pointerType === 'pen'),
  };
}

/** domToCodePoint converts a DOM selection point inside the text to a code point offset. */
export function domToCodePoint(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const el = node.parentElement;
    const seg = el?.closest<HTMLElement>('[data-s]');
    if (seg) return Number(seg.dataset.s) + codePointsIn((node as Text).data, offset);
    const at = el?.closest<HTMLElement>('[data-at]');
    if (at) return Number(at.dataset.at);
    // In a speaker's name: the start of that turn.
    const turn = el?.closest<HTMLElement>('[data-ts]');
    return turn ? Number(turn.dataset.ts) : null;
  }
  const el = node as Element;
  const kids = el.childNodes;
  if (offset < kids.length) {
    const k = kids[offset];
    if (k instanceof HTMLElement) {
      const s = k.matches('[data-s]') ? k : k.querySelector<HTMLElement>('[data-s]');
      if (s) return Number(s.dataset.s);
      const at = k.closest<HTMLElement>('[data-at]') ?? k.querySelector<HTMLElement>('[data-at]');
      if (at) return Number(at.dataset.at);
    }
  }
  const all = el.querySelectorAll<HTMLElement>('[data-e]');
  if (all.length) return Number(all[all.length - 1].dataset.e);
  const own = el.closest<HTMLElement>('[data-e]');
  if (own) return Number(own.dataset.e);
  const turn = el.closest<HTMLElement>('[data-ts]');
  return turn ? Number(turn.dataset.ts) : null;
}
