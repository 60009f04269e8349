// Text positions: the API counts Unicode code points; JavaScript strings
// count UTF-16 code units. This is the one place that converts between them.

/** CodePointText indexes a text by code points. */
export class CodePointText {
  /** utf16[k] is the UTF-16 offset of code point k; utf16[length] is text.length. */
  private readonly utf16: number[];

  constructor(readonly text: string) {
    this.utf16 = [];
    let i = 0;
    for (const ch of text) {
      this.utf16.push(i);
      i += ch.length;
    }
    this.utf16.push(i);
  }

  /** length is the number of code points. */
  get length(): number {
    return this.utf16.length - 1;
  }

  /** slice returns the text of code points [start, end). */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUTF16(start), this.toUTF16(end));
  }

  /** at returns the character (one code point) at code point k, or "" outside the text. */
  at(k: number): string {
    if (k < 0 || k >= this.length) return '';
    return this.text.slice(this.utf16[k], this.utf16[k + 1]);
  }

  /** toUTF16 converts a code point offset to a UTF-16 offset. */
  toUTF16(cp: number): number {
    return this.utf16[Math.max(0, Math.min(cp, this.length))];
  }

  /** toCodePoint converts a UTF-16 offset to a code point offset (rounding
   * down inside a surrogate pair). */
  toCodePoint(u: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.utf16[mid] <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** codePointsIn counts the code points in the first u UTF-16 units of s (a
 * DOM selection offset inside a piece of text), rounding down inside a
 * surrogate pair so a selection never splits a character. */
export function codePointsIn(s: string, u: number): number {
  let n = 0;
  let i = 0;
  const stop = Math.max(0, Math.min(u, s.length));
  while (i < stop) {
    const c = s.charCodeAt(i);
    const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const w = wide ? 2 : 1;
    if (i + w > stop) break; // inside a surrogate pair: round down
    i += w;
    n++;
  }
  return n;
}

/** utf16In is the UTF-16 offset of code point k in s (the inverse of codePointsIn). */
export function utf16In(s: string, k: number): number {
  let i = 0;
  for (let n = 0; n < k && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** Piece is a run of text, marked when it lies inside one of the spans. */
export interface Piece {
  text: string;
  mark?: number; // index of the span
}

/** pieces cuts [start, end) of a text into runs inside and outside spans
 * (code point offsets; spans must not overlap). */
export function pieces(t: CodePointText, start: number, end: number, spans: [number, number][]): Piece[] {
  const inside = spans
    .map((s, i) => ({ s: Math.max(s[0], start), e: Math.min(s[1], end), i }))
    .filter((s) => s.s < s.e)
    .sort((a, b) => a.s - b.s);
  const out: Piece[] = [];
  let at = start;
  for (const s of inside) {
    if (s.s < at) continue; // overlapping: keep the first
    if (s.s > at) out.push({ text: t.slice(at, s.s) });
    out.push({ text: t.slice(s.s, s.e), mark: s.i });
    at = s.e;
  }
  if (at < end) out.push({ text: t.slice(at, end) });
  return out;
}

/** formatClock shows milliseconds as 0:01:02 or 1:02. */
export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
