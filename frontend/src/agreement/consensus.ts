// Each coder against the consensus, as the agreement page shows it: what
// each figure means in plain words, and which coder may want support with
// which theme. Pure logic, tested in consensus.test.ts.
import type { CoderConsensus, ConsensusRow } from '../api/types';
import { needsTalk } from '../findings/findings';

/** ConsensusFigure is one figure of a coder's row against the consensus. */
export interface ConsensusFigure {
  key: 'percentAgreement' | 'cohenKappa' | 'recall' | 'precision' | 'f1';
  name: string;
  asPercent: boolean;
  /** meaning says what the figure means, of "the coder" for a lead, of "you" for a coder; unit names the unit ("turn"). */
  meaning: (lead: boolean, unit: string) => string;
}

/** consensusFigures are the figures of each row, in column order, each with one plain line. */
export const consensusFigures: ConsensusFigure[] = [
  {
    key: 'percentAgreement',
    name: 'Agreement',
    asPercent: true,
    meaning: (lead, unit) => `The share of ${unit}s where ${lead ? 'the coder' : 'you'} and the agreed coding gave the same answer: the theme is here, or it is not.`,
  },
  {
    key: 'cohenKappa',
    name: 'Kappa',
    asPercent: false,
    meaning: () => 'Cohen’s kappa: the same agreement with the agreement expected by chance taken away. 1 is perfect, 0 is no better than chance.',
  },
  {
    key: 'recall',
    name: 'Found',
    asPercent: true,
    meaning: (lead) => `Recall: how much of the agreed text with the theme ${lead ? 'the coder' : 'you'} also marked with it. Low: ${lead ? 'the coder' : 'you'} missed passages.`,
  },
  {
    key: 'precision',
    name: 'Kept',
    asPercent: true,
    meaning: (lead) => `Precision: how much of the text ${lead ? 'the coder' : 'you'} marked with the theme the agreed coding kept. Low: ${lead ? 'the coder' : 'you'} used the theme where the team did not.`,
  },
  {
    key: 'f1',
    name: 'F1',
    asPercent: true,
    meaning: (lead) => `Found and kept in one figure (their harmonic mean): high only when both are. 100% means ${lead ? 'the coder' : 'you'} marked exactly the agreed text.`,
  },
];

/** Support is a theme a coder may want to talk through with a lead. */
export interface Support {
  coder: CoderConsensus;
  row: ConsensusRow;
}

/** supportList lists, coder by coder in the report's order, the themes worth
 * talking through (the consensus or the coder used the theme, and kappa is
 * low or undefined). */
export function supportList(coders: CoderConsensus[]): Support[] {
  return coders.flatMap((coder) => coder.themes.filter(needsTalk).map((row) => ({ coder, row })));
}
