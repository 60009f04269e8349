import { describe, expect, it } from 'vitest';
import type { CoderConsensus, ConsensusRow } from '../api/types';
import { consensusFigures, supportList } from './consensus';

const fig = (value: number | null) => ({ value });

function row(nodeId: string, p: Partial<ConsensusRow>): ConsensusRow {
  return {
    nodeId, name: nodeId.toUpperCase(), parentId: 'c', units: 10, coderApplied: 0, consensusApplied: 0, bothApplied: 0,
    percentAgreement: fig(1), cohenKappa: fig(null), coderChars: 0, consensusChars: 0, bothChars: 0,
    precision: fig(null), recall: fig(null), f1: fig(null), ...p,
  };
}

function coder(id: string, themes: ConsensusRow[]): CoderConsensus {
  return { id, name: id, researcherType: 'peer', transcripts: 1, units: 10, meanKappa: fig(0.5), themes };
}

describe('each coder against the consensus', () => {
  it('explains every figure of a row, once, in column order', () => {
    expect(consensusFigures.map((f) => f.key)).toEqual(['percentAgreement', 'cohenKappa', 'recall', 'precision', 'f1']);
    for (const f of consensusFigures) expect(f.meaning(true, 'turn').length).toBeGreaterThan(20);
    const agreement = consensusFigures[0];
    expect(agreement.meaning(true, 'turn')).toMatch(/^The share of turns where the coder and the agreed coding/);
    expect(agreement.meaning(false, 'sentence')).toMatch(/^The share of sentences where you and the agreed coding/);
    // A coder reads about themselves: never "the coder".
    for (const f of consensusFigures) expect(f.meaning(false, 'turn')).not.toMatch(/the coder/);
  });

  it('lists who may want support with which theme', () => {
    const sam = coder('sam', [
      row('hope', { coderApplied: 1, consensusApplied: 4, bothApplied: 1, cohenKappa: fig(0.2) }), // low kappa
      row('peer', { coderApplied: 3, consensusApplied: 3, bothApplied: 3, cohenKappa: fig(1) }), // agrees
      row('unused', {}), // nobody used it: nothing to talk about
    ]);
    const ari = coder('ari', [
      row('hope', { coderApplied: 2, consensusApplied: 0, cohenKappa: fig(null) }), // the team never used it: undefined kappa
      row('peer', { coderApplied: 3, consensusApplied: 3, bothApplied: 3, cohenKappa: fig(0.4) }), // at the line: fine
    ]);
    expect(supportList([sam, ari]).map((s) => `${s.coder.id}:${s.row.nodeId}`)).toEqual(['sam:hope', 'ari:hope']);
    expect(supportList([])).toEqual([]);
  });
});
