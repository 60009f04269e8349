import { describe, expect, it } from 'vitest';
import type { CodebookNode } from '../api/client';
import { choiceSummary, coveredBy, excerptPath, themeOptions, toggleTheme } from './exports';

const node = (id: string, level: CodebookNode['level'], parentId: string, order: number, extra: Partial<CodebookNode> = {}): CodebookNode =>
  ({ id, level, parentId, order, name: id.toUpperCase(), status: 'active', colour: '', brief: '', full: '', whenToUse: '', whenNotToUse: '',
    example: '', plainLanguage: '', proposedBy: '', proposedByName: '', proposedByType: 'academic', ...extra }) as CodebookNode;

const nodes = [
  node('d2', 'domain', '', 1),
  node('d1', 'domain', '', 0),
  node('c1', 'category', 'd1', 0),
  node('t2', 'theme', 'c1', 1),
  node('t1', 'theme', 'c1', 0),
  node('old', 'theme', 'c1', 2, { mergedInto: 't1' }),
  node('idea', 'theme', 'c1', 3, { status: 'proposed' }),
  node('c2', 'category', 'd2', 0),
  node('t3', 'theme', 'c2', 0),
];

describe('the excerpt export', () => {
  it('asks for the choices, leaving the defaults out', () => {
    expect(excerptPath('xlsx', { sets: 'both', themes: [], transcripts: [] })).toBe('/exports/excerpts.xlsx');
    expect(excerptPath('csv', { sets: 'consensus', themes: ['t1', 'c2'], transcripts: ['x y'] })).toBe(
      '/exports/excerpts.csv?sets=consensus&themes=t1%2Cc2&transcripts=x+y',
    );
    expect(excerptPath('txt', { sets: 'coders', themes: [], transcripts: [] })).toBe('/exports/excerpts.txt?sets=coders');
  });

  it('lists the codebook in its order, without merged entries and proposals', () => {
    expect(themeOptions(nodes).map((o) => `${o.depth}:${o.id}`)).toEqual(['0:d1', '1:c1', '2:t1', '2:t2', '0:d2', '1:c2', '2:t3']);
  });

  it('lets a domain or category stand for what is in it', () => {
    let chosen = toggleTheme(nodes, [], 't1');
    chosen = toggleTheme(nodes, chosen, 't3');
    expect(chosen).toEqual(['t1', 't3']);
    // Ticking the domain drops its own themes (they add nothing) and covers them.
    chosen = toggleTheme(nodes, chosen, 'd1');
    expect(chosen).toEqual(['t3', 'd1']);
    expect(coveredBy(nodes, chosen, 't2')).toBe('d1');
    expect(coveredBy(nodes, chosen, 'c1')).toBe('d1');
    expect(coveredBy(nodes, chosen, 'd1')).toBeUndefined();
    expect(coveredBy(nodes, chosen, 't3')).toBeUndefined();
    // Unticking gives the choice back.
    expect(toggleTheme(nodes, chosen, 'd1')).toEqual(['t3']);
  });

  it('says in words what will come', () => {
    expect(choiceSummary({ sets: 'both', themes: [], transcripts: [] })).toBe(
      'You will get the consensus and every coder’s coding, all themes, all interviews.',
    );
    expect(choiceSummary({ sets: 'consensus', themes: ['t1'], transcripts: ['a', 'b'] })).toBe(
      'You will get the consensus, 1 chosen entry of the codebook, 2 chosen interviews.',
    );
  });
});
