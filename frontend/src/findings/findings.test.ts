import { describe, expect, it } from 'vitest';
import type { CoderConsensus, ConsensusRow, FindingRow } from '../api/types';
import { hasExample, needsTalk, outOf, quoteFrom, usedRows } from './findings';

const fig = (value: number | null) => ({ value });

function row(p: Partial<ConsensusRow>): ConsensusRow {
  return {
    nodeId: 't', name: 'T', parentId: 'c', units: 10, coderApplied: 0, consensusApplied: 0, bothApplied: 0,
    percentAgreement: fig(1), cohenKappa: fig(null), coderChars: 0, consensusChars: 0, bothChars: 0,
    precision: fig(null), recall: fig(null), f1: fig(null), ...p,
  };
}

describe('findings in words', () => {
  it('says a count out of its total', () => {
    expect(outOf(8, 10, 'participant', 'participants')).toBe('8 of 10 participants');
    expect(outOf(1, 1, 'participant', 'participants')).toBe('1 of 1 participant');
    expect(outOf(0, 0, 'interview', 'interviews')).toBe('0 of 0 interviews');
  });
  it('names a quote by its participant, or else its interview', () => {
    expect(quoteFrom({ participant: ' P3 ', transcriptTitle: 'Interview 3' })).toBe('P3');
    expect(quoteFrom({ participant: '', transcriptTitle: 'Interview 3' })).toBe('Interview 3');
  });
  it('finds the codebook example among the quotes', () => {
    const r = { quotes: [{ codebookExample: false }, { codebookExample: true }] } as unknown as FindingRow;
    expect(hasExample(r)).toBe(true);
    expect(hasExample({ quotes: [] } as unknown as FindingRow)).toBe(false);
  });
});

describe('a coder against the consensus', () => {
  it('shows only the themes someone applied', () => {
    const c = { themes: [row({ nodeId: 'a' }), row({ nodeId: 'b', coderApplied: 1 }), row({ nodeId: 'c', consensusChars: 4 })] } as CoderConsensus;
    expect(usedRows(c).map((r) => r.nodeId)).toEqual(['b', 'c']);
  });
  it('flags a low or undefined kappa on a theme in use', () => {
    expect(needsTalk(row({ consensusApplied: 3, coderApplied: 2, cohenKappa: fig(0.39) }))).toBe(true);
    expect(needsTalk(row({ consensusApplied: 3, coderApplied: 2, cohenKappa: fig(0.4) }))).toBe(false);
    expect(needsTalk(row({ consensusApplied: 3, cohenKappa: fig(null) }))).toBe(true);
    expect(needsTalk(row({}))).toBe(false);
  });
});
