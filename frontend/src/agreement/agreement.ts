// The pure logic of the agreement dashboard and the compare view: how
// figures are written, what the readings mean in plain words, sorting, the
// heat-map colour scale, and where each coder's excerpts lie in a turn.
import type { AgreementReport, Figure, GroupRow, Reading, ReportCoder, Row } from '../api/types';

const minus = '\u2212'; // a real minus sign, read as "minus"

/** stat writes a statistic such as alpha with three decimals (0.667, −0.031),
 * or "n/a" when it is undefined. */
export function stat(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = Math.abs(v).toFixed(3);
  return v < 0 && s !== '0.000' ? `${minus}${s}` : s;
}

/** percent writes a proportion as a percentage with one decimal (97.1%). */
export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return `${(v * 100).toFixed(1)}%`;
}

/** figureText writes a figure: its number, or "n/a" when it is undefined. */
export function figureText(f: Figure | undefined, asPercent = false): string {
  if (!f) return 'n/a';
  return asPercent ? percent(f.value) : stat(f.value);
}

/** noteWords turns the server's note on an undefined figure into a sentence. */
export function noteWords(note: string | undefined): string {
  const n = (note ?? '').trim();
  if (!n) return 'Not enough data to work this out.';
  const m = /^not enough data(?::\s*(.*))?$/i.exec(n);
  if (m) {
    const why = (m[1] ?? '').trim();
    return why ? `Not enough data: ${why}.` : 'Not enough data to work this out.';
  }
  return n.charAt(0).toUpperCase() + n.slice(1) + (/[.!?]$/.test(n) ? '' : '.');
}

/** ci writes a 95% interval, or "" when there is none. */
export function ci(low: number | undefined, high: number | undefined): string {
  if (low === undefined || high === undefined) return '';
  return `${stat(low)} to ${stat(high)}`;
}

export type Tone = 'good' | 'mid' | 'bad' | 'none';

export interface ReadingInfo {
  /** word is what the table shows. */
  word: string;
  tone: Tone;
  /** symbol stands beside the word so that the colour is never the only sign. */
  symbol: string;
  /** meaning says it in plain words. */
  meaning: string;
}

export const readings: Record<Reading, ReadingInfo> = {
  reliable: {
    word: 'Reliable',
    tone: 'good',
    symbol: '✓',
    meaning: 'Alpha is 0.800 or more: the coders apply this theme in the same places. You can report it with confidence.',
  },
  tentative: {
    word: 'Tentative',
    tone: 'mid',
    symbol: '~',
    meaning:
      'Alpha is from 0.667 to 0.800: the coders mostly agree. Fine for first conclusions; talk the differences through before you rely on it.',
  },
  'not reliable': {
    word: 'Not reliable',
    tone: 'bad',
    symbol: '✗',
    meaning:
      'Alpha is below 0.667: the coders often apply this theme in different places. Look at where they differ, and sharpen the definition or talk it through.',
  },
  'not enough data': {
    word: 'Not enough data',
    tone: 'none',
    symbol: '?',
    meaning:
      'Tandem cannot work alpha out yet: fewer than two coders submitted, or nobody (or everybody) applied the theme everywhere, so there is nothing to compare.',
  },
};

/** readingOf returns the words for a reading, treating anything unknown as "not enough data". */
export function readingOf(r: string | undefined): ReadingInfo {
  return (r && (readings as Record<string, ReadingInfo>)[r]) || readings['not enough data'];
}

/** readingOfValue reads a bare alpha (as in the coder matrix) the same way the server does. */
export function readingOfValue(v: number | null | undefined): Reading {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'not enough data';
  if (v >= 0.8) return 'reliable';
  if (v >= 0.667) return 'tentative';
  return 'not reliable';
}

// ---- Sorting ----

export type SortKey =
  | 'name'
  | 'alpha'
  | 'ci'
  | 'percent'
  | 'cohen'
  | 'fleiss'
  | 'ac1'
  | 'prevalence'
  | 'ualpha'
  | 'units'
  | 'coders';

export type SortDir = 'ascending' | 'descending';

/** rowValue is the value of a row that a column sorts by (null: undefined). */
export function rowValue(r: Row, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return r.name;
    case 'alpha':
      return r.alpha.value;
    case 'ci':
      return r.alphaLow ?? null; // the lower end says how sure one can be
    case 'percent':
      return r.percentAgreement.value;
    case 'cohen':
      return r.cohenKappaMean.value;
    case 'fleiss':
      return r.fleissKappa.value;
    case 'ac1':
      return r.gwetAC1.value;
    case 'prevalence':
      return r.prevalence.value;
    case 'ualpha':
      return r.binaryUAlpha.value;
    case 'units':
      return r.units;
    case 'coders':
      return r.coders;
  }
}

/** sortBy sorts a copy of items by value; undefined values (null) always go
 * last, ties keep their order (the codebook's). */
export function sortBy<T>(items: T[], value: (t: T) => number | string | null, dir: SortDir): T[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return items
    .map((t, i) => ({ t, i, v: value(t) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) {
        if (a.v === null && b.v === null) return a.i - b.i;
        return a.v === null ? 1 : -1;
      }
      let c: number;
      if (typeof a.v === 'string' || typeof b.v === 'string') c = String(a.v).localeCompare(String(b.v), 'en', { sensitivity: 'base' });
      else c = a.v - b.v;
      return c !== 0 ? c * sign : a.i - b.i;
    })
    .map((x) => x.t);
}

/** sortRows sorts report rows by a column. */
export function sortRows(rows: Row[], key: SortKey, dir: SortDir): Row[] {
  return sortBy(rows, (r) => rowValue(r, key), dir);
}

/** firstDirection is the direction a column sorts in when first chosen:
 * names A to Z, figures lowest first (the weakest themes come to the top). */
export function firstDirection(key: SortKey): SortDir {
  return key === 'units' || key === 'coders' ? 'descending' : 'ascending';
}

// ---- Heat-map colours ----

type RGB = [number, number, number];

// Light colours, so that dark text on them keeps a contrast of at least 7:1.
const stops: { at: number; rgb: RGB }[] = [
  { at: 0, rgb: [246, 200, 196] }, // no better than chance: rose
  { at: 0.667, rgb: [252, 228, 168] }, // the tentative line: sand
  { at: 0.8, rgb: [206, 233, 196] }, // the reliable line: pale green
  { at: 1, rgb: [160, 212, 172] }, // perfect: green
];

const hex = (rgb: RGB) => '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');

/** heatColour is the background of a heat-map cell for an alpha (grey when
 * undefined); the text on it is always the dark text colour. */
export function heatColour(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '#e9e6df';
  if (v <= stops[0].at) return hex(stops[0].rgb);
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1];
    const b = stops[i];
    if (v <= b.at) {
      const t = (v - a.at) / (b.at - a.at);
      return hex([0, 1, 2].map((k) => a.rgb[k] + (b.rgb[k] - a.rgb[k]) * t) as RGB);
    }
  }
  return hex(stops[stops.length - 1].rgb);
}

/** contrast is the WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (h: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// ---- Charts ----

export interface AlphaPoint {
  nodeId: string;
  name: string;
  alpha: number;
  low: number;
  high: number;
  /** error is [below, above] alpha, as error bars take it. */
  error: [number, number];
  reading: Reading;
}

/** alphaPoints are the themes with an alpha, for the chart (in the given order). */
export function alphaPoints(rows: Row[]): AlphaPoint[] {
  const out: AlphaPoint[] = [];
  for (const r of rows) {
    const a = r.alpha.value;
    if (a === null || !Number.isFinite(a)) continue;
    const low = r.alphaLow ?? a;
    const high = r.alphaHigh ?? a;
    out.push({ nodeId: r.nodeId, name: r.name, alpha: a, low, high, error: [Math.max(0, a - low), Math.max(0, high - a)], reading: r.reading });
  }
  return out;
}

/** chartDomain is the range of the alpha axis: up to 1, down to 0 or to the lowest value shown. */
export function chartDomain(points: { low: number; alpha: number }[]): [number, number] {
  let lo = 0;
  for (const p of points) lo = Math.min(lo, p.low, p.alpha);
  return [Math.max(-1, Math.floor(lo * 10) / 10), 1];
}

/** shorten cuts a long name for a chart axis. */
export function shorten(s: string, n = 28): string {
  return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…';
}

/** splitThemes are the themes where peer and academic coders each agree among themselves but not with each other. */
export function splitThemes(groups: GroupRow[]): GroupRow[] {
  return groups.filter((g) => g.split);
}

/** hasWithinGroups says whether any theme has agreement within a group (two peers, or two academics). */
export function hasWithinGroups(groups: GroupRow[]): boolean {
  return groups.some((g) => g.withinPeer.value !== null || g.withinAcademic.value !== null);
}

// ---- What the figures count ----

/** comparedCounts are the interviews and units the figures are computed
 * over (those that at least two coders submitted), and a sentence on the
 * interviews chosen but left out ("" when none is). */
export function comparedCounts(r: Pick<AgreementReport, 'comparedTranscripts' | 'comparedUnits' | 'transcripts'>): { interviews: number; units: number; leftOut: string } {
  const left = r.transcripts.length - r.comparedTranscripts;
  let leftOut = '';
  if (left === 1) leftOut = '1 more interview is not counted: fewer than two coders have submitted their coding of it.';
  else if (left > 1) leftOut = `${left} more interviews are not counted: fewer than two coders have submitted their coding of them.`;
  return { interviews: r.comparedTranscripts, units: r.comparedUnits, leftOut };
}

// ---- Names ----

/** names lists the names of coders by id, in the order given ("nobody" for none). */
export function names(coders: { id: string; name: string }[], ids: string[]): string {
  const by = new Map(coders.map((c) => [c.id, c.name]));
  const list = ids.map((id) => by.get(id) ?? 'a former member');
  if (list.length === 0) return 'nobody';
  if (list.length === 1) return list[0];
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

export const typeWords: Record<string, string> = { peer: 'peer researcher', academic: 'academic researcher', other: 'researcher' };

/** coderLabel is a coder's name with how they take part. */
export function coderLabel(c: ReportCoder | { name: string; researcherType: string }): string {
  return `${c.name}, ${typeWords[c.researcherType] ?? 'researcher'}`;
}

// ---- Lanes of the compare view ----

export interface LaneExcerpt {
  id: string;
  start: number;
  end: number;
  themes: string[];
}

export interface LaneSegment {
  id: string;
  /** left and width are percentages of the turn. */
  left: number;
  width: number;
  start: number;
  end: number;
  themes: string[];
}

/** resolver maps a theme id to the theme it was merged into (or itself). */
export function resolver(nodes: { id: string; mergedInto?: string }[]): (id: string) => string {
  const into = new Map(nodes.filter((n) => n.mergedInto).map((n) => [n.id, n.mergedInto!]));
  return (id: string) => {
    let at = id;
    for (let i = 0; i < 20 && into.has(at); i++) at = into.get(at)!;
    return at;
  };
}

/** laneSegments are the parts of a coder's excerpts inside the turn [from,
 * to), with their themes (resolved) limited to theme when one is chosen,
 * in the order they start. */
export function laneSegments(from: number, to: number, excerpts: LaneExcerpt[], theme: string, resolve: (id: string) => string = (x) => x): LaneSegment[] {
  const len = Math.max(1, to - from);
  const out: LaneSegment[] = [];
  for (const e of excerpts) {
    const s = Math.max(e.start, from);
    const t = Math.min(e.end, to);
    if (s >= t) continue;
    const themes = [...new Set(e.themes.map(resolve))].filter((th) => !theme || th === theme);
    if (themes.length === 0) continue;
    out.push({ id: e.id, start: s, end: t, left: ((s - from) / len) * 100, width: ((t - s) / len) * 100, themes });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** turnAt is the index of the turn holding offset (the last turn starting at or before it), or -1. */
export function turnAt(turns: { start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = turns.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** turnsOf are the turns of a transcript, or the whole text as one turn when it has none. */
export function turnsOf<T extends { start: number; end: number }>(turns: T[] | null | undefined, length: number): (T | { start: number; end: number; speaker: string })[] {
  if (turns && turns.length > 0) return turns;
  return [{ start: 0, end: length, speaker: '' }];
}

/** within keeps the differences that fall (at least partly) inside [from, to), clipped to it. */
export function within<T extends { start: number; end: number }>(items: T[], from: number, to: number): T[] {
  return items.filter((d) => d.start < to && d.end > from).map((d) => ({ ...d, start: Math.max(d.start, from), end: Math.min(d.end, to) }));
}

/** compareQuery keeps a chosen theme (and the report's unit and overlap) in the compare view's address. */
export function compareQuery(theme: string, unit = 'turn', overlap = 1): string {
  const q = new URLSearchParams();
  if (theme) q.set('theme', theme);
  if (unit && unit !== 'turn') q.set('unit', unit);
  if (overlap && overlap !== 1) q.set('overlap', String(overlap));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** readQuery reads the compare view's address: theme, unit and overlap. */
export function readQuery(search: string): { theme: string; unit: 'turn' | 'paragraph' | 'sentence'; overlap: number } {
  const q = new URLSearchParams(search);
  const u = q.get('unit');
  const unit = u === 'paragraph' || u === 'sentence' ? u : 'turn';
  const o = Number(q.get('overlap'));
  return { theme: q.get('theme') ?? '', unit, overlap: Number.isInteger(o) && o >= 1 && o <= 10000 ? o : 1 };
}

/** agreedSpans are the stretches every coder covered (each coder's coverage
 * is a list of [start, end) segments, overlapping or not). */
export function agreedSpans(coverages: [number, number][][]): [number, number][] {
  if (coverages.length < 2) return [];
  const cuts = [...new Set(coverages.flat().flat())].sort((a, b) => a - b);
  const covers = (segs: [number, number][], at: number) => segs.some(([s, e]) => s <= at && at < e);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    if (!coverages.every((segs) => covers(segs, a))) continue;
    const last = out[out.length - 1];
    if (last && last[1] === a) last[1] = b;
    else out.push([a, b]);
  }
  return out;
}

/** themesDiffering are the themes that some coders applied to [from, to) and
 * others did not (each coder given as the resolved themes of their excerpts
 * overlapping it), in first-seen order. */
export function themesDiffering(perCoder: Set<string>[]): string[] {
  if (perCoder.length < 2) return [];
  const all: string[] = [];
  for (const s of perCoder) for (const t of s) if (!all.includes(t)) all.push(t);
  return all.filter((t) => !perCoder.every((s) => s.has(t)));
}
