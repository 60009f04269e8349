// The pure logic of the findings page: counts in words, and which of a
// coder's themes to show and to flag.
import type { CoderConsensus, ConsensusRow, FindingRow } from '../api/types';

/** outOf writes a count out of a total in words: "8 of 10 participants", "1 of 1 participant". */
export function outOf(n: number, total: number, one: string, many: string): string {
  return `${n} of ${total} ${total === 1 ? one : many}`;
}

/** quoteFrom says whom a quote is from: the participant, or else the interview's title. */
export function quoteFrom(q: { participant: string; transcriptTitle: string }): string {
  return q.participant.trim() || q.transcriptTitle;
}

/** hasExample tells whether a theme's quotes hold the codebook's example. */
export function hasExample(row: FindingRow): boolean {
  return row.quotes.some((q) => q.codebookExample);
}

/** usedRows are the themes a coder or the consensus applied at least once:
 * the others have nothing to say about how the coder compares. */
export function usedRows(c: CoderConsensus): ConsensusRow[] {
  return c.themes.filter((r) => r.coderApplied + r.consensusApplied > 0 || r.coderChars + r.consensusChars > 0);
}

/** lowKappa is below which a theme is worth talking through with the coder:
 * kappa under .40 is at most "fair" agreement (Landis and Koch 1977). */
export const lowKappa = 0.4;

/** needsTalk tells whether a coder's figures on a theme are worth talking
 * through: the consensus applied the theme and kappa is low or undefined. */
export function needsTalk(r: ConsensusRow): boolean {
  if (r.consensusApplied === 0 && r.coderApplied === 0) return false;
  return r.cohenKappa.value === null || r.cohenKappa.value < lowKappa;
}
