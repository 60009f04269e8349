import { describe, expect, it } from 'vitest';
import {
  alphaPoints,
  chartDomain,
  ci,
  comparedCounts,
  compareQuery,
  contrast,
  figureText,
  firstDirection,
  hasWithinGroups,
  heatColour,
  laneSegments,
  names,
  noteWords,
  percent,
  readQuery,
  readingOf,
  readingOfValue,
  resolver,
  shorten,
  sortRows,
  splitThemes,
  stat,
  turnAt,
  turnsOf,
  within,
} from './agreement';
import { defaultFilters, reportQuery } from './api';
import type { AgreementReport, Row } from '../api/types';

const fig = (value: number | null, note?: string) => (note ? { value, note } : { value });

function row(name: string, alpha: number | null, extra: Partial<Row> = {}): Row {
  return {
    nodeId: name.toLowerCase(),
    name,
    level: 'theme',
    parentId: 'c',
    units: 35,
    coders: 2,
    prevalence: fig(0.05),
    percentAgreement: fig(0.97),
    cohenKappaMean: fig(alpha),
    fleissKappa: fig(alpha),
    alpha: alpha === null ? fig(null, 'not enough data: no variation') : fig(alpha),
    gwetAC1: fig(0.9),
    scottPiMean: fig(alpha),
    brennanPrediger: fig(0.94),
    reading: readingOfValue(alpha),
    binaryUAlpha: fig(0.3),
    ...extra,
  };
}

describe('figures', () => {
  it('writes statistics with three decimals and a real minus', () => {
    expect(stat(0.6567)).toBe('0.657');
    expect(stat(1)).toBe('1.000');
    expect(stat(-0.0299)).toBe('\u22120.030');
    expect(stat(-0.0001)).toBe('0.000');
    expect(stat(null)).toBe('n/a');
    expect(stat(NaN)).toBe('n/a');
  });
  it('rounds the server’s full-precision figures only for display', () => {
    expect(stat(0.8711111111111112)).toBe('0.871');
    expect(stat(-0.07407407407407396)).toBe('\u22120.074');
    expect(stat(0.19999999999999998)).toBe('0.200');
    expect(percent(0.9444444444444444)).toBe('94.4%');
    expect(ci(0.5835127591706538, 1)).toBe('0.584 to 1.000');
  });
  it('writes percentages and intervals', () => {
    expect(percent(0.9714)).toBe('97.1%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('n/a');
    expect(ci(-0.0196, 1)).toBe('\u22120.020 to 1.000');
    expect(ci(undefined, 1)).toBe('');
    expect(figureText({ value: 0.0429 }, true)).toBe('4.3%');
    expect(figureText({ value: null, note: 'x' })).toBe('n/a');
  });
  it('never shows NaN for an undefined figure, and explains it', () => {
    expect(noteWords('not enough data: fewer than two coders in the group')).toBe('Not enough data: fewer than two coders in the group.');
    expect(noteWords('not enough data')).toBe('Not enough data to work this out.');
    expect(noteWords(undefined)).toBe('Not enough data to work this out.');
    expect(noteWords("a coder's excerpts of different themes overlap here")).toBe("A coder's excerpts of different themes overlap here.");
  });
});

describe('readings', () => {
  it('follow the usual thresholds', () => {
    expect(readingOfValue(0.8)).toBe('reliable');
    expect(readingOfValue(0.7999)).toBe('tentative');
    expect(readingOfValue(0.667)).toBe('tentative');
    expect(readingOfValue(0.6669)).toBe('not reliable');
    expect(readingOfValue(null)).toBe('not enough data');
  });
  it('have a word and a symbol besides a tone, and plain meanings', () => {
    for (const r of ['reliable', 'tentative', 'not reliable', 'not enough data']) {
      const info = readingOf(r);
      expect(info.word.length).toBeGreaterThan(3);
      expect(info.symbol).not.toBe('');
      expect(info.meaning).toMatch(/\.$/);
    }
    expect(readingOf('nonsense').word).toBe('Not enough data');
  });
});

describe('sorting', () => {
  const rows = [row('Beta', 0.9), row('alpha', null), row('Gamma', 0.4), row('Delta', 0.9)];
  it('sorts figures both ways with undefined values last', () => {
    expect(sortRows(rows, 'alpha', 'ascending').map((r) => r.name)).toEqual(['Gamma', 'Beta', 'Delta', 'alpha']);
    expect(sortRows(rows, 'alpha', 'descending').map((r) => r.name)).toEqual(['Beta', 'Delta', 'Gamma', 'alpha']);
  });
  it('sorts names without regard to case and does not change the input', () => {
    expect(sortRows(rows, 'name', 'ascending').map((r) => r.name)).toEqual(['alpha', 'Beta', 'Delta', 'Gamma']);
    expect(rows[0].name).toBe('Beta');
  });
  it('sorts the interval by its lower end', () => {
    const r = [row('A', 0.9, { alphaLow: 0.5 }), row('B', 0.8, { alphaLow: 0.7 }), row('C', 0.7)];
    expect(sortRows(r, 'ci', 'descending').map((x) => x.name)).toEqual(['B', 'A', 'C']);
  });
  it('starts counts at the largest and figures at the weakest', () => {
    expect(firstDirection('units')).toBe('descending');
    expect(firstDirection('alpha')).toBe('ascending');
  });
});

describe('heat map', () => {
  it('goes from rose through sand to green, grey when undefined', () => {
    expect(heatColour(null)).toBe('#e9e6df');
    expect(heatColour(-0.5)).toBe(heatColour(0));
    expect(heatColour(1)).toBe('#a0d4ac');
    expect(heatColour(0.667)).toBe('#fce4a8');
    expect(heatColour(0.3)).not.toBe(heatColour(0.6));
  });
  it('keeps dark text readable on every colour (WCAG AA, and more)', () => {
    for (let v = -1; v <= 1.0001; v += 0.05) expect(contrast('#1c1b19', heatColour(v))).toBeGreaterThanOrEqual(7);
    expect(contrast('#1c1b19', heatColour(null))).toBeGreaterThanOrEqual(7);
  });
});

describe('charts', () => {
  it('plots themes with an alpha, with error bars from the interval', () => {
    const pts = alphaPoints([row('A', 0.6567, { alphaLow: -0.0196, alphaHigh: 1 }), row('B', null), row('C', 1)]);
    expect(pts.map((p) => p.name)).toEqual(['A', 'C']);
    expect(pts[0].error[0]).toBeCloseTo(0.6763);
    expect(pts[0].error[1]).toBeCloseTo(0.3433);
    expect(pts[1].error).toEqual([0, 0]);
    expect(chartDomain(pts)).toEqual([-0.1, 1]);
    expect(chartDomain([{ low: 0.5, alpha: 0.6 }])).toEqual([0, 1]);
  });
  it('shortens long names', () => {
    expect(shorten('Holding jobs and other positions of responsibility', 20)).toBe('Holding jobs and ot…');
    expect(shorten('Leadership')).toBe('Leadership');
  });
  it('finds split themes', () => {
    const none = { value: null, note: 'not enough data' };
    const g = [
      { nodeId: 'a', name: 'A', withinPeer: { value: 0.9 }, withinAcademic: { value: 0.85 }, across: { value: 0.4 }, split: true },
      { nodeId: 'b', name: 'B', withinPeer: none, withinAcademic: none, across: { value: 0.7 }, split: false },
    ];
    expect(splitThemes(g).map((x) => x.name)).toEqual(['A']);
    expect(hasWithinGroups(g)).toBe(true);
    expect(hasWithinGroups([g[1]])).toBe(false);
  });
});

describe('names', () => {
  const coders = [
    { id: '1', name: 'Jordan' },
    { id: '2', name: 'Dr Morgan' },
    { id: '3', name: 'Kai' },
  ];
  it('lists names in plain English', () => {
    expect(names(coders, [])).toBe('nobody');
    expect(names(coders, ['2'])).toBe('Dr Morgan');
    expect(names(coders, ['1', '2', '3'])).toBe('Jordan, Dr Morgan and Kai');
    expect(names(coders, ['9'])).toBe('a former member');
  });
});

describe('lanes', () => {
  const resolve = resolver([{ id: 'old', mergedInto: 'new' }, { id: 'new' }]);
  it('resolves merged themes', () => {
    expect(resolve('old')).toBe('new');
    expect(resolve('x')).toBe('x');
  });
  it('clips excerpts to the turn and keeps the chosen theme', () => {
    const ex = [
      { id: 'e2', start: 150, end: 260, themes: ['t2'] },
      { id: 'e1', start: 90, end: 120, themes: ['t1', 'old'] },
      { id: 'e3', start: 300, end: 400, themes: ['t1'] },
    ];
    const all = laneSegments(100, 200, ex, '', resolve);
    expect(all.map((s) => [s.id, s.start, s.end, s.left, s.width])).toEqual([
      ['e1', 100, 120, 0, 20],
      ['e2', 150, 200, 50, 50],
    ]);
    expect(all[0].themes).toEqual(['t1', 'new']);
    expect(laneSegments(100, 200, ex, 'new', resolve).map((s) => s.id)).toEqual(['e1']);
    expect(laneSegments(100, 200, ex, 'none', resolve)).toEqual([]);
  });
  it('finds the turn of an offset', () => {
    const turns = [
      { start: 0, end: 10 },
      { start: 12, end: 30 },
      { start: 31, end: 50 },
    ];
    expect(turnAt(turns, 0)).toBe(0);
    expect(turnAt(turns, 11)).toBe(0);
    expect(turnAt(turns, 12)).toBe(1);
    expect(turnAt(turns, 49)).toBe(2);
    expect(turnAt([{ start: 5, end: 9 }], 2)).toBe(-1);
    expect(turnsOf([], 40)).toEqual([{ start: 0, end: 40, speaker: '' }]);
  });
  it('clips differences to a turn', () => {
    const d = [{ start: 5, end: 15, text: 'x', applied: ['a'], notApplied: ['b'] }];
    expect(within(d, 10, 20)).toEqual([{ start: 10, end: 15, text: 'x', applied: ['a'], notApplied: ['b'] }]);
    expect(within(d, 15, 20)).toEqual([]);
  });
});

describe('addresses', () => {
  it('leaves out default filters', () => {
    expect(reportQuery(defaultFilters)).toBe('');
    expect(reportQuery({ unit: 'sentence', overlap: 5, transcripts: ['t1', 't2'], coders: ['c1'] })).toBe(
      '?unit=sentence&overlap=5&transcripts=t1%2Ct2&coders=c1',
    );
    expect(reportQuery(defaultFilters, { transcript: 't', theme: 'h' })).toBe('?transcript=t&theme=h');
  });
  it('round-trips the compare view address', () => {
    expect(compareQuery('', 'turn', 1)).toBe('');
    const q = compareQuery('th1', 'paragraph', 3);
    expect(readQuery(q)).toEqual({ theme: 'th1', unit: 'paragraph', overlap: 3 });
    expect(readQuery('?unit=word&overlap=-2')).toEqual({ theme: '', unit: 'turn', overlap: 1 });
  });
});

describe('agreement in the text', () => {
  it('finds what every coder covered', async () => {
    const { agreedSpans, themesDiffering } = await import('./agreement');
    expect(agreedSpans([[[0, 10]], [[5, 20]]])).toEqual([[5, 10]]);
    expect(agreedSpans([[[0, 10], [8, 14]], [[0, 20]], [[2, 12]]])).toEqual([[2, 12]]);
    expect(agreedSpans([[[0, 10]]])).toEqual([]);
    expect(agreedSpans([[[0, 4]], [[6, 9]]])).toEqual([]);
    expect(themesDiffering([new Set(['a', 'b']), new Set(['b', 'c'])])).toEqual(['a', 'c']);
    expect(themesDiffering([new Set(['a']), new Set(['a'])])).toEqual([]);
  });
});

describe('report address', () => {
  it('adds the bootstrap draws when asked', () => {
    expect(reportQuery(defaultFilters, { draws: '0' })).toBe('?draws=0');
  });
});

describe('coder labels', () => {
  it('say how each coder takes part', async () => {
    const { coderLabel } = await import('./agreement');
    expect(coderLabel({ name: 'Jordan', researcherType: 'peer' })).toBe('Jordan, peer researcher');
    expect(coderLabel({ name: 'Kai', researcherType: 'other' })).toBe('Kai, researcher');
  });
});

describe('comparedCounts', () => {
  const ts = (n: number) => Array.from({ length: n }, () => ({}) as AgreementReport['transcripts'][number]);
  it('counts what the figures use, not every interview', () => {
    expect(comparedCounts({ comparedTranscripts: 3, comparedUnits: 54, transcripts: ts(3) })).toEqual({ interviews: 3, units: 54, leftOut: '' });
  });
  it('says how many interviews are left out, and why', () => {
    expect(comparedCounts({ comparedTranscripts: 2, comparedUnits: 40, transcripts: ts(3) }).leftOut).toBe(
      '1 more interview is not counted: fewer than two coders have submitted their coding of it.',
    );
    expect(comparedCounts({ comparedTranscripts: 0, comparedUnits: 0, transcripts: ts(2) })).toEqual({
      interviews: 0,
      units: 0,
      leftOut: '2 more interviews are not counted: fewer than two coders have submitted their coding of them.',
    });
  });
});
