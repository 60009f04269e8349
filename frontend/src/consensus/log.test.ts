import { describe, expect, it } from 'vitest';
import type { CodebookNode, Excerpt, TranscriptInfo } from '../api/types';
import { actionWords, byTheme, filtersFromSearch, filtersQuery, isFiltered, mayReadConsensus, noFilters, sideWords } from './log';

describe('the decisions log filters in the address', () => {
  const cases: { name: string; search: string; want: typeof noFilters; query: string }[] = [
    { name: 'none', search: '', want: noFilters, query: '' },
    { name: 'every filter', search: '?theme=t1&transcript=x&action=reject&split=true', want: { theme: 't1', transcript: 'x', action: 'reject', split: true }, query: '?theme=t1&transcript=x&action=reject&split=true' },
    { name: 'split only when true', search: '?split=1', want: noFilters, query: '' },
    { name: 'an unknown action is any', search: '?action=delete', want: noFilters, query: '' },
    { name: 'an id that needs escaping', search: '?theme=a%26b', want: { ...noFilters, theme: 'a&b' }, query: '?theme=a%26b' },
  ];
  for (const c of cases) {
    it(`reads and writes ${c.name}`, () => {
      const f = filtersFromSearch(c.search);
      expect(f).toEqual(c.want);
      expect(filtersQuery(f)).toBe(c.query);
      expect(isFiltered(f)).toBe(c.query !== '');
      // What is written reads back the same: a shared address opens the same view.
      expect(filtersFromSearch(filtersQuery(f))).toEqual(f);
    });
  }
});

describe('the decisions log in words', () => {
  it('says every action as the workbook does', () => {
    expect(actionWords).toEqual({
      accept: 'Accepted',
      reject: 'Rejected',
      adjust: 'Accepted with other bounds',
      theme: 'Given another theme',
      defer: 'Deferred',
    });
  });
  it('names the coders of a side with their researcher type', () => {
    expect(sideWords([])).toEqual(['Nobody']);
    expect(
      sideWords([
        { id: 'a', name: 'Sam', researcherType: 'peer' },
        { id: 'b', name: 'Ari', researcherType: 'academic' },
        { id: 'c', name: 'Lee', researcherType: 'other' },
      ]),
    ).toEqual(['Sam (peer researcher)', 'Ari (academic researcher)', 'Lee (other)']);
  });
});

describe('a consensus by theme', () => {
  const node = (id: string, order: number, extra: Partial<CodebookNode> = {}) => ({ id, level: 'theme', parentId: 'c', order, name: id.toUpperCase(), ...extra }) as CodebookNode;
  const nodes = [node('c', 0, { level: 'category', parentId: '' }), node('t1', 0), node('t2', 1), node('old', 2, { mergedInto: 't1' })];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const themeOf = (id: string) => {
    const n = byId.get(id);
    return n?.mergedInto ? byId.get(n.mergedInto) : n;
  };
  const ex = (id: string, start: number, themes: string[]) => ({ id, start, end: start + 5, themes, memo: '' }) as unknown as Excerpt;

  it('groups in codebook order, text order within a theme, an excerpt in each of its themes', () => {
    const a = ex('a', 50, ['t2']);
    const b = ex('b', 10, ['t2', 't1']);
    const c = ex('c', 5, ['t1']);
    const groups = byTheme([a, b, c], themeOf, nodes);
    expect(groups.map((g) => [g.id, g.excerpts.map((e) => e.id)])).toEqual([
      ['t1', ['c', 'b']],
      ['t2', ['b', 'a']],
    ]);
  });
  it('counts a merged theme as the theme it went into, once per excerpt', () => {
    const groups = byTheme([ex('a', 0, ['old', 't1']), ex('b', 9, ['old'])], themeOf, nodes);
    expect(groups.map((g) => [g.id, g.excerpts.map((e) => e.id)])).toEqual([['t1', ['a', 'b']]]);
  });
  it('puts a theme no longer in the codebook last, with no entry', () => {
    const groups = byTheme([ex('a', 0, ['gone']), ex('b', 9, ['t2'])], themeOf, nodes);
    expect(groups.map((g) => [g.id, g.theme?.name])).toEqual([
      ['t2', 'T2'],
      ['gone', undefined],
    ]);
  });
  it('has no group for no excerpts', () => {
    expect(byTheme([], themeOf, nodes)).toEqual([]);
  });
});

describe('who is offered a consensus', () => {
  const cases: { phase: TranscriptInfo['phase']; has: boolean; lead: boolean; want: boolean }[] = [
    { phase: 'independent', has: false, lead: true, want: false },
    { phase: 'reconciling', has: true, lead: true, want: true },
    { phase: 'reconciling', has: true, lead: false, want: false },
    { phase: 'revealed', has: true, lead: true, want: true }, // reconciling stopped: the consensus stays
    { phase: 'locked', has: true, lead: false, want: true },
    { phase: 'locked', has: false, lead: false, want: false },
  ];
  for (const c of cases) {
    it(`${c.lead ? 'a lead' : 'a member'}, ${c.phase}, ${c.has ? 'with' : 'without'} a consensus: ${c.want}`, () => {
      expect(mayReadConsensus({ phase: c.phase, hasConsensus: c.has }, c.lead)).toBe(c.want);
    });
  }
});
