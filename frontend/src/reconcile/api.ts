// Typed calls of the reconciliation API: moving a transcript from phase to
// phase, and the project-wide moves. They go through the one client in
// ../api, which carries the access token and turns error answers into ApiError.
import { api } from '../api/client';
import type { components } from '../api/schema';

export type Phase = components['schemas']['Phase'];
type TranscriptInfo = components['schemas']['TranscriptInfo'];

/** Moved is a transcript a project-wide action moved. */
export interface Moved {
  id: string;
  title: string;
  phase: Phase;
}

export type ProjectAction = 'reveal-submitted' | 'lock-reconciled';

const base = (pid: string) => `/projects/${encodeURIComponent(pid)}`;

/** movePhase moves a transcript one step; reason is needed to unlock,
 * confirm to lock with disagreements left. */
export function movePhase(pid: string, tid: string, phase: Phase, extra: { reason?: string; confirm?: boolean } = {}): Promise<TranscriptInfo> {
  return api.request<TranscriptInfo>('POST', `${base(pid)}/transcripts/${encodeURIComponent(tid)}/phase`, { phase, ...extra });
}

/** projectPhases reveals every transcript whose coders all submitted, or
 * locks every reconciled one. */
export function projectPhases(pid: string, action: ProjectAction): Promise<{ moved: Moved[] }> {
  return api.request<{ moved: Moved[] }>('POST', `${base(pid)}/phases`, { action });
}

type Queue = components['schemas']['Queue'];
type QueueItem = components['schemas']['QueueItem'];
type Decision = components['schemas']['Decision'];

/** DecisionBody is a lead's decision on an item, at the item's revision and fingerprint. */
export interface DecisionBody {
  itemId: string;
  fingerprint: string;
  revision: number;
  action: Decision['action'];
  rationale?: string;
  start?: number;
  end?: number;
  theme?: string;
}

/** queueOf reads a transcript's items (agreed and disagreements) with their decisions. */
export function queueOf(pid: string, tid: string): Promise<Queue> {
  return api.request<Queue>('GET', `${base(pid)}/transcripts/${encodeURIComponent(tid)}/queue`);
}

/** decide records a decision; a stale item answers version_conflict with the
 * fresh item (read it with conflictCurrent). */
export function decide(pid: string, tid: string, body: DecisionBody): Promise<{ decision: Decision; item: QueueItem }> {
  return api.request<{ decision: Decision; item: QueueItem }>('POST', `${base(pid)}/transcripts/${encodeURIComponent(tid)}/decisions`, body);
}
