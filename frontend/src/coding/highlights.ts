// The highlights of the coding workspace: the coder's excerpts (and the other
// coders' when shown), laid out in segments per turn with their looks.
import { useMemo, useRef, useState } from 'react';
import type { CodebookNode, CodingSet, Codings, Turn } from '../api/client';
import type { Excerpt } from './saveQueue';
import type { CodePointText } from '../shared/text';
import { assignLayers, darker, segmentsByTurn, segmentsKey, type Look, type Segment } from './coding';

/** Hl is one highlight: an excerpt of the coder, or of another coder (read only). */
export interface Hl {
  id: string; // the excerpt id; others' are prefixed with their coder id
  eid: string;
  start: number;
  end: number;
  themes: string[];
  memo: string;
  mine: boolean;
  coder: string;
}

/** Place is where the coder is in the text: the caret, the selection, the
 * excerpt chosen for editing, among the highlights of the text. */
export interface Place {
  text: CodePointText;
  spans: Hl[];
  caret: number;
  selection: [number, number] | null;
  chosen: Hl | undefined;
}

/** SegLook is how a highlight shows in one segment. */
export interface SegLook extends Look {
  id: string;
  starts: boolean;
  ends: boolean;
  label: string;
}

/** RSeg is a segment of a turn as it is drawn. */
export interface RSeg {
  start: number;
  end: number;
  looks: SegLook[];
  /** title names the themes of every excerpt over the segment, for a tooltip. */
  title?: string;
}

/** useHighlights gives the highlights shown (the coder's, and the others'
 * when shown) and their segments per turn. A turn's segments are kept while
 * its highlights do not change, so that only changed turns are drawn again. */
export function useHighlights({
  mine,
  others,
  userId,
  turns,
  themeOf,
  themeName,
  coderNames,
}: {
  mine: Excerpt[];
  /** others are the other coders' sets shown, or none. */
  others: CodingSet[];
  userId: string;
  turns: Turn[];
  themeOf: (id: string) => CodebookNode | undefined;
  themeName: (id: string) => string;
  coderNames: Map<string, string>;
}) {
  const spans: Hl[] = useMemo(() => {
    const out: Hl[] = mine.map((e) => ({ id: e.id, eid: e.id, start: e.start, end: e.end, themes: e.themes, memo: e.memo, mine: true, coder: userId }));
    for (const s of others)
      for (const e of s.excerpts ?? []) out.push({ id: `${s.coderId}:${e.id}`, eid: e.id, start: e.start, end: e.end, themes: e.themes, memo: e.memo, mine: false, coder: s.coderId });
    return out;
  }, [mine, others, userId]);
  const spanById = useMemo(() => new Map(spans.map((s) => [s.id, s])), [spans]);

  const cache = useRef(new Map<number, { key: string; segs: RSeg[] }>());
  const segments = useMemo(() => {
    // Measured for the end-to-end performance report.
    const t0 = performance.now();
    const layers = assignLayers(spans);
    const raw = segmentsByTurn(turns, spans, layers);
    performance.clearMeasures('tandem:segments');
    performance.measure('tandem:segments', { start: t0, detail: { excerpts: spans.length, turns: turns.length } });
    const lookKey = (id: string) => {
      const s = spanById.get(id)!;
      return `${layers.get(id)}${s.mine ? 'm' : 'o'}${s.start}-${s.end}${s.themes.join('+')}`;
    };
    const colourOf = (th: string) => themeOf(th)?.colour || '#E2E0DA';
    return raw.map((segs: Segment[], i) => {
      const key = segmentsKey(segs, lookKey);
      const old = cache.current.get(i);
      if (old && old.key === key) return old.segs;
      const out: RSeg[] = segs.map((sg) => {
        const looks = sg.ids.map((id): SegLook => {
          const s = spanById.get(id)!;
          const names = s.themes.map(themeName).join(', ');
          const fills = s.themes.length ? s.themes.map(colourOf) : [colourOf('')];
          return {
            id,
            fills,
            lines: fills.map((c) => darker(c)),
            mine: s.mine,
            starts: s.start === sg.start,
            ends: s.end === sg.end,
            label: s.mine ? names : `${names}, by ${coderNames.get(s.coder) ?? 'another coder'}`,
          };
        });
        return { start: sg.start, end: sg.end, looks, title: looks.length ? looks.map((l) => l.label).join('; ') : undefined };
      });
      cache.current.set(i, { key, segs: out });
      return out;
    });
  }, [spans, spanById, turns, themeOf, themeName, coderNames]);

  return { spans, spanById, segments };
}

/** useOthers is the other coders' coding, when the server lets this person
 * see it (visible), and whether it is shown: at first only to someone who
 * does not code here. */
export function useOthers(codings: Codings, userId: string, canCode: boolean) {
  const visible = useMemo(() => codings.sets.filter((s) => s.coderId !== userId && !s.hidden && s.excerpts), [codings, userId]);
  const [show, setShow] = useState(!canCode && visible.length > 0);
  const coderNames = useMemo(() => new Map(codings.sets.map((s) => [s.coderId, s.coderName])), [codings]);
  const shown = useMemo(() => (show ? visible : []), [show, visible]);
  return { visible, show, setShow, coderNames, shown };
}
