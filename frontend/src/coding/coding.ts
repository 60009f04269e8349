// The coding workspace's pure logic: moving a caret by word and turn, laying
// overlapping excerpts out in layers, cutting each turn into segments by the
// excerpts over it, and the summary shown before submitting. All offsets are
// code points (see text.ts).
import type { CodebookNode, Excerpt, Turn } from '../api/client';
import type { CodePointText } from '../shared/text';

/** Span is anything with [start, end) in code points and an id. */
export interface Span {
  id: string;
  start: number;
  end: number;
}

const wordChar = /[\p{L}\p{N}\p{M}_'’-]/u;

/** isWordChar says whether a character belongs to a word. */
export function isWordChar(ch: string): boolean {
  return ch !== '' && wordChar.test(ch);
}

/** turnAt returns the index of the turn holding code point cp (a caret at a
 * turn's end belongs to it), or of the nearest turn after it; -1 when there is none. */
export function turnAt(turns: Pick<Turn, 'start' | 'end'>[], cp: number): number {
  let lo = 0;
  let hi = turns.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid].start <= cp) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0 && cp <= turns[found].end) return found;
  return found + 1 < turns.length ? found + 1 : turns.length - 1;
}

export type CaretStep = 'char' | 'word' | 'turn' | 'edge';

/** moveCaret moves a caret one step. By word, right goes to the end of the
 * next word and left to the start of the previous one (so Shift+→ from a
 * word's start selects exactly that word); by turn, to the start of the next
 * or previous turn; by edge, to the start or end of the caret's turn; by
 * char, one character. The caret always stays inside a turn. */
export function moveCaret(t: CodePointText, turns: Pick<Turn, 'start' | 'end'>[], cp: number, step: CaretStep, dir: -1 | 1): number {
  if (turns.length === 0) return 0;
  const i = turnAt(turns, cp);
  const turn = turns[i];
  cp = Math.max(turns[0].start, Math.min(cp, turns[turns.length - 1].end));
  switch (step) {
    case 'turn': {
      if (dir > 0) return i + 1 < turns.length ? turns[i + 1].start : turn.end;
      if (cp > turn.start) return turn.start;
      return i > 0 ? turns[i - 1].start : turn.start;
    }
    case 'edge':
      return dir > 0 ? turn.end : turn.start;
    case 'char': {
      let next = cp + dir;
      if (dir > 0 && next > turn.end) next = i + 1 < turns.length ? turns[i + 1].start : turn.end;
      if (dir < 0 && next < turn.start) next = i > 0 ? turns[i - 1].end : turn.start;
      return next;
    }
    case 'word': {
      const last = turns[turns.length - 1].end;
      const first = turns[0].start;
      let k = cp;
      if (dir > 0) {
        while (k < last && !isWordChar(t.at(k))) k++;
        while (k < last && isWordChar(t.at(k))) k++;
        return k;
      }
      while (k > first && !isWordChar(t.at(k - 1))) k--;
      while (k > first && isWordChar(t.at(k - 1))) k--;
      return k;
    }
  }
}

/** trimSpan narrows [start, end) to leave out white space at either end, so a
 * mouse selection that took a space or a line break along starts and ends on words. */
export function trimSpan(t: CodePointText, start: number, end: number): [number, number] {
  if (end < start) [start, end] = [end, start];
  while (start < end && /\s/u.test(t.at(start))) start++;
  while (end > start && /\s/u.test(t.at(end - 1))) end--;
  return [start, end];
}

/** byPosition orders spans by start, longer first at the same start, then by id. */
export function byPosition(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** assignLayers gives each span the lowest layer (0, 1, 2, …) on which it does
 * not overlap another: an excerpt nested in another lies one layer deeper, so
 * that every excerpt keeps its own line under the text. */
export function assignLayers(spans: Span[]): Map<string, number> {
  const sorted = spans.slice().sort(byPosition);
  const ends: number[] = []; // ends[layer] = where the last span on that layer ends
  const out = new Map<string, number>();
  for (const s of sorted) {
    let layer = ends.findIndex((e) => e <= s.start);
    if (layer < 0) {
      layer = ends.length;
      ends.push(s.end);
    } else ends[layer] = s.end;
    out.set(s.id, layer);
  }
  return out;
}

/** Segment is a run of a turn's text with the same excerpts over it (ids, by layer). */
export interface Segment {
  start: number;
  end: number;
  ids: string[];
}

/** segmentsByTurn cuts each turn into segments at every excerpt's start and
 * end. It sweeps once over the sorted boundaries, so the work grows with
 * turns + excerpts (plus what it outputs), not with turns x excerpts. */
export function segmentsByTurn(turns: Pick<Turn, 'start' | 'end'>[], spans: Span[], layers: Map<string, number>): Segment[][] {
  // Boundaries with the ids starting and ending there.
  const points = new Map<number, { open: string[]; close: string[] }>();
  const at = (p: number) => {
    let x = points.get(p);
    if (!x) points.set(p, (x = { open: [], close: [] }));
    return x;
  };
  for (const s of spans) {
    if (s.end <= s.start) continue;
    at(s.start).open.push(s.id);
    at(s.end).close.push(s.id);
  }
  const sorted = [...points.keys()].sort((a, b) => a - b);
  // Runs between consecutive boundaries that have excerpts over them.
  const runs: Segment[] = [];
  const active = new Set<string>();
  for (let k = 0; k < sorted.length; k++) {
    const x = points.get(sorted[k])!;
    for (const id of x.close) active.delete(id);
    for (const id of x.open) active.add(id);
    if (active.size > 0 && k + 1 < sorted.length) {
      const ids = [...active].sort((a, b) => (layers.get(a) ?? 0) - (layers.get(b) ?? 0));
      runs.push({ start: sorted[k], end: sorted[k + 1], ids });
    }
  }
  // Each turn takes the runs over it, clipped, with plain segments between.
  const out: Segment[][] = [];
  let r = 0;
  for (const turn of turns) {
    const segs: Segment[] = [];
    while (r < runs.length && runs[r].end <= turn.start) r++;
    let pos = turn.start;
    let j = r;
    while (j < runs.length && runs[j].start < turn.end) {
      const s = Math.max(runs[j].start, turn.start);
      const e = Math.min(runs[j].end, turn.end);
      if (s > pos) segs.push({ start: pos, end: s, ids: [] });
      if (e > s) segs.push({ start: s, end: e, ids: runs[j].ids });
      pos = Math.max(pos, e);
      j++;
    }
    if (pos < turn.end) segs.push({ start: pos, end: turn.end, ids: [] });
    out.push(segs);
  }
  return out;
}

/** segmentsKey describes a turn's segments (and the themes of the excerpts in
 * them) so a turn whose highlights did not change keeps its segments and is
 * not drawn again. */
export function segmentsKey(segs: Segment[], look: (id: string) => string): string {
  let key = '';
  for (const s of segs) {
    key += `${s.start}-${s.end}`;
    for (const id of s.ids) key += `,${id}:${look(id)}`;
    key += '|';
  }
  return key;
}

/** Look is how one excerpt shows over a run of text: the colours of its
 * themes (fills, in its order of themes) and the darker ones of its line
 * under the text (lines); mine says whether it is the coder's own (filled,
 * solid line) or another coder's (a dashed line only). */
export interface Look {
  fills: string[];
  lines: string[];
  mine: boolean;
}

/** maxLines is how many excerpt lines a run of text shows; more get a dotted "and more" line. */
export const maxLines = 4;

/** stripeEdge is the colour of the thin line between two stripes. */
export const stripeEdge = 'rgba(28, 27, 25, 0.35)';

/** HighlightStyle is the inline style of a highlighted run of text. */
export interface HighlightStyle {
  backgroundColor?: string;
  backgroundImage: string;
  backgroundSize: string;
  backgroundPosition: string;
  backgroundRepeat: string;
  paddingBottom: string;
}

/** bands lays colours one after the other along a gradient, each width px,
 * with gap px of gapColour after each. */
function bands(colours: string[], width: number, gap: number, gapColour: string): string {
  const stops: string[] = [];
  let at = 0;
  for (const c of colours) {
    stops.push(`${c} ${at}px ${at + width}px`);
    at += width;
    if (gap > 0) {
      stops.push(`${gapColour} ${at}px ${at + gap}px`);
      at += gap;
    }
  }
  return stops.join(', ');
}

/** lineImage draws one excerpt's line: solid for the coder's own, dashed for
 * another coder's; with several themes, its pieces take their colours in turn. */
function lineImage(l: Look): string {
  if (l.mine) return l.lines.length === 1 ? `linear-gradient(${l.lines[0]}, ${l.lines[0]})` : `repeating-linear-gradient(90deg, ${bands(l.lines, 12, 0, '')})`;
  return `repeating-linear-gradient(90deg, ${bands(l.lines, 6, 4, 'transparent')})`;
}

/** highlightStyle draws the excerpts over a run of text (looks, by layer):
 * one line per excerpt under the text, so nested and overlapping excerpts
 * stay apart, and the fill of the innermost of the coder's own excerpts. An
 * excerpt with several themes shows every one: its fill is diagonal stripes
 * of their colours, each edged by a thin dark line so that the stripes show
 * even to someone who cannot tell the colours apart, and its line takes their
 * colours in turn. A selected run keeps the lines but not the fill (the
 * selection's colour shows instead). */
export function highlightStyle(looks: Look[], selected = false): HighlightStyle | undefined {
  if (looks.length === 0) return undefined;
  const images: string[] = [];
  const sizes: string[] = [];
  const positions: string[] = [];
  const repeats: string[] = [];
  const shown = looks.slice(0, maxLines);
  shown.forEach((l, i) => {
    images.push(lineImage(l));
    sizes.push('100% 3px');
    positions.push(`0 calc(100% - ${i * 5}px)`);
    repeats.push('no-repeat');
  });
  if (looks.length > maxLines) {
    // More excerpts than lines: a dotted black line says "and more" (the panel lists them all).
    images.push('repeating-linear-gradient(90deg, #1c1b19 0 2px, transparent 2px 5px)');
    sizes.push('100% 3px');
    positions.push(`0 calc(100% - ${maxLines * 5}px)`);
    repeats.push('no-repeat');
  }
  const lines = images.length;
  const fill = selected ? undefined : [...looks].reverse().find((l) => l.mine);
  let backgroundColor: string | undefined;
  if (fill && fill.fills.length === 1) backgroundColor = fill.fills[0];
  else if (fill) {
    images.push(`repeating-linear-gradient(135deg, ${bands(fill.fills, 8, 1.5, stripeEdge)})`);
    sizes.push('auto');
    positions.push('0 0');
    repeats.push('repeat');
  }
  return {
    backgroundColor,
    backgroundImage: images.join(', '),
    backgroundSize: sizes.join(', '),
    backgroundPosition: positions.join(', '),
    backgroundRepeat: repeats.join(', '),
    paddingBottom: `${lines * 5}px`,
  };
}

/** excerptsAt lists the spans over [start, end) (or over the caret when start
 * === end: those that contain it or end or start at it), innermost first. */
export function excerptsAt<T extends Span>(spans: T[], start: number, end: number): T[] {
  const hit = spans.filter((s) => (start === end ? s.start <= start && start <= s.end : s.start < end && start < s.end));
  return hit.sort((a, b) => a.end - a.start - (b.end - b.start) || byPosition(a, b));
}

/** Summary is what a coder sees before submitting. */
export interface Summary {
  excerpts: number;
  themes: { id: string; count: number }[];
  turnsNotCoded: number[];
}

/** codingSummary counts the excerpts, the themes used (most used first) and
 * the turns with no excerpt over them (by index; turns of only white space
 * are left out). */
export function codingSummary(t: CodePointText, turns: Pick<Turn, 'start' | 'end'>[], excerpts: Pick<Excerpt, 'start' | 'end' | 'themes'>[]): Summary {
  const counts = new Map<string, number>();
  for (const e of excerpts) for (const th of e.themes) counts.set(th, (counts.get(th) ?? 0) + 1);
  const sorted = excerpts.slice().sort((a, b) => a.start - b.start);
  const notCoded: number[] = [];
  let k = 0;
  let reach = -Infinity; // the furthest end of the excerpts starting before the turn ends
  turns.forEach((turn, i) => {
    while (k < sorted.length && sorted[k].start < turn.end) reach = Math.max(reach, sorted[k++].end);
    if (reach <= turn.start && t.slice(turn.start, turn.end).trim() !== '') notCoded.push(i);
  });
  const themes = [...counts.entries()].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
  return { excerpts: excerpts.length, themes, turnsNotCoded: notCoded };
}

/** ThemeGroup is the themes of one category, under its domain. */
export interface ThemeGroup {
  domain: string;
  category: string;
  themes: CodebookNode[];
}

/** MatchField is where a search found a theme: its name, one of its
 * definitions, or the name of its category or domain. */
export type MatchField = 'name' | 'brief' | 'plainLanguage' | 'full' | 'whenToUse' | 'example' | 'whenNotToUse' | 'category' | 'domain';

/** matchFieldWords says where a search found a theme, after "Found in". */
export const matchFieldWords: Record<MatchField, string> = {
  name: 'the name',
  brief: 'the short definition',
  plainLanguage: 'the plain-words description',
  full: 'the full definition',
  whenToUse: '“when to use it”',
  example: 'the example',
  whenNotToUse: '“when not to use it”',
  category: 'its category',
  domain: 'its domain',
};

/** otherFields are searched after the name, the more telling first. */
const otherFields: Exclude<MatchField, 'name'>[] = ['brief', 'plainLanguage', 'full', 'whenToUse', 'example', 'whenNotToUse', 'category', 'domain'];

/** ThemeMatch is a theme a search found: rank says how well (0 the name is
 * the query, 1 the name starts with it, 2 a word of the name does, 3 the name
 * contains it, 4 and up another field, in the order of otherFields), field
 * where, and context the words around the match when it is not in the name. */
export interface ThemeMatch {
  node: CodebookNode;
  /** where is the theme's domain and category ("RLC Attributes › Atmosphere"). */
  where: string;
  rank: number;
  field: MatchField;
  context?: { before: string; hit: string; after: string };
}

interface Placed {
  node: CodebookNode;
  category: CodebookNode | undefined;
  domain: CodebookNode | undefined;
}

/** placedThemes lists the themes a coder may apply, in the codebook's order
 * (by domain, category, then theme), each with its category and domain. */
function placedThemes(nodes: CodebookNode[]): Placed[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const order = (n: CodebookNode | undefined) => (n ? n.order : 0);
  return nodes
    .filter((n) => n.level === 'theme' && n.status === 'active' && !n.mergedInto)
    .map((node) => {
      const category = byId.get(node.parentId);
      return { node, category, domain: category ? byId.get(category.parentId) : undefined };
    })
    .sort((a, b) => order(a.domain) - order(b.domain) || order(a.category) - order(b.category) || a.node.order - b.node.order);
}

/** startsWord says whether needle occurs in hay at the start of a word. */
function startsWord(hay: string, needle: string): boolean {
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    if (i === 0 || !/[\p{L}\p{N}]/u.test(hay[i - 1])) return true;
  }
  return false;
}

/** around returns the words around text[at, at+len): about 30 characters
 * before and 50 after, cut at spaces, with "…" where cut. */
function around(text: string, at: number, len: number): { before: string; hit: string; after: string } {
  let from = Math.max(0, at - 30);
  let to = Math.min(text.length, at + len + 50);
  if (from > 0) from = text.indexOf(' ', from) + 1 || at;
  if (from > at) from = at;
  if (to < text.length) {
    const sp = text.lastIndexOf(' ', to);
    to = sp > at + len ? sp : to;
  }
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, at).replace(/\s+/g, ' '),
    hit: text.slice(at, at + len),
    after: text.slice(at + len, to).replace(/\s+/g, ' ') + (to < text.length ? '…' : ''),
  };
}

/** matchTheme says how a theme matches a query (see ThemeMatch), or null. */
function matchTheme(p: Placed, query: string): ThemeMatch | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const where = [p.domain?.name, p.category?.name].filter(Boolean).join(' › ');
  const found = (rank: number, field: MatchField = 'name', context?: ThemeMatch['context']): ThemeMatch => ({ node: p.node, where, rank, field, context });
  if (words.length === 0) return found(0);
  const phrase = words.join(' ');
  const name = p.node.name.toLowerCase().replace(/\s+/g, ' ').trim();
  if (name === phrase) return found(0);
  if (name.startsWith(phrase)) return found(1);
  if (startsWord(name, phrase) || words.every((w) => startsWord(name, w))) return found(2);
  if (name.includes(phrase) || words.every((w) => name.includes(w))) return found(3);
  // Other fields, where a word must start a word ("social" does not find
  // "psychosocial"): every word must be somewhere; the weakest place counts.
  const text = (f: (typeof otherFields)[number]) => (f === 'category' ? (p.category?.name ?? '') : f === 'domain' ? (p.domain?.name ?? '') : (p.node[f] ?? ''));
  let worst = -1;
  let word = '';
  for (const w of words) {
    if (name.includes(w)) continue;
    const i = otherFields.findIndex((f) => startsWord(text(f).toLowerCase(), w));
    if (i < 0) return null;
    if (i > worst) [worst, word] = [i, w];
  }
  const field = otherFields[worst];
  const hay = text(field);
  const lower = hay.toLowerCase();
  let at = lower.indexOf(word);
  while (at > 0 && /[\p{L}\p{N}]/u.test(lower[at - 1])) at = lower.indexOf(word, at + 1);
  return found(4 + worst, field, around(lower.length === hay.length ? hay : lower, at, word.length));
}

/** rankThemes finds the themes a coder may apply that match a query, best
 * first (see ThemeMatch; ties in the codebook's order), so that typing a
 * theme's name and pressing Enter applies that theme, not another whose
 * definition happens to use the word. */
export function rankThemes(nodes: CodebookNode[], query: string): ThemeMatch[] {
  const out: ThemeMatch[] = [];
  for (const p of placedThemes(nodes)) {
    const m = matchTheme(p, query);
    if (m) out.push(m);
  }
  // Array.prototype.sort is stable: equal ranks keep the codebook's order.
  return out.sort((a, b) => a.rank - b.rank);
}

/** usableThemes lists the themes a coder may apply that match the query (as
 * rankThemes does), grouped by domain and category in the codebook's order. */
export function usableThemes(nodes: CodebookNode[], query: string): ThemeGroup[] {
  const groups = new Map<string, ThemeGroup>();
  for (const p of placedThemes(nodes)) {
    if (!matchTheme(p, query)) continue;
    const gid = `${p.domain?.id ?? ''}/${p.category?.id ?? ''}`;
    let g = groups.get(gid);
    if (!g) groups.set(gid, (g = { domain: p.domain?.name ?? '', category: p.category?.name ?? '', themes: [] }));
    g.themes.push(p.node);
  }
  return [...groups.values()];
}

/** pushRecent puts the themes just used first in the recent list (at most max). */
export function pushRecent(recent: string[], used: string[], max = 9): string[] {
  return [...used, ...recent.filter((id) => !used.includes(id))].slice(0, max);
}

/** darker mixes a #RRGGBB colour with black, for lines that must stand out on a light page. */
export function darker(hex: string, amount = 0.55): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return '#4a4740';
  const ch = (i: number) =>
    Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - amount))
      .toString(16)
      .padStart(2, '0');
  return `#${ch(1)}${ch(3)}${ch(5)}`;
}

/** snippet shortens text for a list: the first words, "…" when cut. */
export function snippet(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  return chars.slice(0, max - 1).join('').replace(/\s+\S*$/, '') + '…';
}

/** newId makes an excerpt id (a UUID v4). crypto.randomUUID needs a secure
 * context; a server reached over plain http on a local network has none, so
 * fall back to getRandomValues. */
export function newId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
