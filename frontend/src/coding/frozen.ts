// What the coding workspace says and allows once a transcript left the
// coders: while a lead reconciles it, and once it is locked, the coders'
// coding no longer changes, and the workspace reads like a viewer's.
import { ApiError } from '../api/client';
import { plural } from '../codebook/codebook';
import type { Phase } from '../reconcile/api';

/** isFrozen tells whether coders' coding of a transcript in phase can no longer change. */
export function isFrozen(phase: Phase): boolean {
  return phase === 'reconciling' || phase === 'locked';
}

/** frozenWords is the notice at the top of the workspace in a frozen phase ("" in the others). */
export function frozenWords(phase: Phase): string {
  if (phase === 'reconciling') return 'The lead is reconciling this interview: your coding can no longer change.';
  if (phase === 'locked') return 'This interview is locked: your coding can no longer change. A lead can unlock it.';
  return '';
}

/** refusedPhase reads from a refused save the phase that refused it: the
 * transcript moved to reconciling or locked meanwhile (null for any other refusal). */
export function refusedPhase(err: unknown): Phase | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'coding_frozen') return 'reconciling';
  if (err.code === 'transcript_locked') return 'locked';
  return null;
}

/** lostWords says how many changes made before the move were not saved ("" for none). */
export function lostWords(lost: number): string {
  if (lost <= 0) return '';
  return `${plural(lost, 'change', 'changes')} you made just now ${lost === 1 ? 'was' : 'were'} not saved, because the coding had already stopped.`;
}

/** replayWords is the notice about the changes made last time that had
 * not reached Tandem and were sent when the workspace opened: sent of them
 * were saved; refused were not, because meanwhile the interview moved to
 * phase (reconciling or locked) and the coding stopped ("" when there is
 * nothing to say). */
export function replayWords(sent: number, refused: number, phase: Phase | null): string {
  const words: string[] = [];
  if (sent > 0) words.push(`${plural(sent, 'change', 'changes')} you made last time had not reached Tandem; ${sent === 1 ? 'it was' : 'they were'} sent now.`);
  if (refused > 0) {
    const why = phase === 'locked' ? 'a lead locked this interview' : 'the lead started reconciling this interview';
    words.push(`${plural(refused, 'change', 'changes')} you made last time could not be saved, because ${why} in the meantime.`);
  }
  return words.join(' ');
}
