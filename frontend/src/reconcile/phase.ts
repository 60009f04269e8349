// The words and steps of a transcript's phases, for leads.
import type { Moved, Phase, ProjectAction } from './api';

/** phaseWords names each phase and says what it means, in plain words. */
export const phaseWords: Record<Phase, { name: string; what: string }> = {
  independent: { name: 'Coding alone', what: 'Each coder sees only their own excerpts.' },
  revealed: { name: 'Revealed', what: 'Everyone sees everyone’s excerpts.' },
  reconciling: { name: 'Reconciling', what: 'Leads decide the disagreements. Coders’ work can no longer change.' },
  locked: { name: 'Locked', what: 'Nothing changes any more. A lead can unlock it with a reason.' },
};

/** Step is a move a lead can make from a phase. */
export interface Step {
  to: Phase;
  label: string;
  primary: boolean;
  /** ask: what the lead confirms first ("" moves at once). */
  ask: '' | 'reveal' | 'reason';
  /** of: the button reads "… of “title”" to a screen reader (else "… “title”"). */
  of?: boolean;
}

/** steps lists the moves from a phase: one step forward, first, then one back. */
export function steps(phase: Phase): Step[] {
  switch (phase) {
    case 'independent':
      return [{ to: 'revealed', label: 'Reveal everyone’s coding', primary: false, ask: 'reveal', of: true }];
    case 'revealed':
      return [
        { to: 'reconciling', label: 'Start reconciling', primary: true, ask: '' },
        { to: 'independent', label: 'Hide again', primary: false, ask: '', of: true },
      ];
    case 'reconciling':
      return [
        { to: 'locked', label: 'Lock', primary: true, ask: '' },
        { to: 'revealed', label: 'Stop reconciling', primary: false, ask: '' },
      ];
    case 'locked':
      return [{ to: 'reconciling', label: 'Unlock', primary: false, ask: 'reason' }];
  }
}

/** movedWords says what a move did to a transcript. */
export function movedWords(title: string, from: Phase, to: Phase): string {
  switch (to) {
    case 'revealed':
      return from === 'independent' ? `Everyone can now see all coding of “${title}”.` : `“${title}” is back to revealed: the consensus is kept.`;
    case 'independent':
      return `The coding of “${title}” is hidden again.`;
    case 'reconciling':
      return from === 'locked'
        ? `“${title}” is unlocked. Your reason is in the audit log.`
        : `You are reconciling “${title}”. What every coder agreed on is in the consensus; coders’ work is frozen.`;
    case 'locked':
      return `“${title}” is locked.`;
  }
}

/** projectWords says what a project-wide action did. */
export function projectWords(action: ProjectAction, moved: Moved[]): string {
  const titles = moved.map((m) => `“${m.title}”`).join(', ');
  if (action === 'reveal-submitted') {
    if (moved.length === 0) return 'No transcript was ready: on each one still hidden, someone has not submitted yet.';
    return `Revealed ${moved.length === 1 ? '1 transcript' : `${moved.length} transcripts`}: ${titles}.`;
  }
  if (moved.length === 0) return 'No transcript was ready to lock: each one being reconciled still has disagreements to decide.';
  return `Locked ${moved.length === 1 ? '1 transcript' : `${moved.length} transcripts`}: ${titles}.`;
}

/** unresolvedOf reads the count of open disagreements from a refused lock. */
export function unresolvedOf(details: unknown): number {
  const n = (details as { unresolved?: unknown } | undefined)?.unresolved;
  return typeof n === 'number' ? n : 0;
}

/** reconcileLinkWords is the words of a lead's link to the reconciliation
 * view of a transcript in a phase, or "" before its coding is revealed. */
export function reconcileLinkWords(phase: Phase): string {
  switch (phase) {
    case 'independent':
      return '';
    case 'revealed':
    case 'reconciling':
      return 'Reconcile';
    case 'locked':
      return 'See the decisions';
  }
}
