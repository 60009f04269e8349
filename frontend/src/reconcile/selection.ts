// The text a lead selected in the transcript of the reconciliation view, as
// new bounds for an item (code points, trimmed of white space at the ends).
import { trimSpan } from '../coding/coding';
import { domToCodePoint } from '../coding/textSelection';
import type { CodePointText } from '../shared/text';

/** selectedBounds reads the browser's selection inside box, or null when
 * nothing (or only white space) is selected there. */
export function selectedBounds(box: Element | null, text: CodePointText): [number, number] | null {
  const sel = window.getSelection();
  if (!box || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  if (!box.contains(sel.anchorNode) || !box.contains(sel.focusNode)) return null;
  const a = domToCodePoint(sel.anchorNode!, sel.anchorOffset);
  const f = domToCodePoint(sel.focusNode!, sel.focusOffset);
  if (a === null || f === null) return null;
  const [s, e] = trimSpan(text, Math.min(a, f), Math.max(a, f));
  return s < e ? [s, e] : null;
}
