// How long a text is, counted the way the server counts it, and what a
// field says about it near and over its limit. Nothing is ever cut: a text
// over the limit is shown as too long and the server refuses it.

/** textLength is the length the server checks: Unicode code points (an
 * emoji is one), after line breaks become "\n" and the spaces at either
 * end go. */
export function textLength(value: string): number {
  return [...value.replace(/\r\n?/g, '\n').trim()].length;
}

/** Count is what a field shows about its length. */
export interface Count {
  /** show: near the limit (from 80% of it) or over it. */
  show: boolean;
  /** over is how many characters too many (0 when it fits). */
  over: number;
  /** text is the counter, such as "95 of 100 characters". */
  text: string;
}

/** characterCount is the counter of a field with at most max characters. */
export function characterCount(value: string, max: number): Count {
  const n = textLength(value);
  const over = Math.max(0, n - max);
  const of = `${n.toLocaleString('en-GB')} of ${max.toLocaleString('en-GB')} characters`;
  return {
    show: n >= Math.floor(max * 0.8),
    over,
    text: over > 0 ? `${of}: ${over.toLocaleString('en-GB')} too many. Shorten it, please.` : of,
  };
}
