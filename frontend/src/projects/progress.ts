// The words of the progress table.
import type { ProgressCell, ProgressRow } from '../api/client';

/** cellWords says a coder's state on a transcript. */
export function cellWords(cell: ProgressCell | undefined, assigned: boolean): { text: string; cls: string } {
  if (!cell) return { text: assigned ? 'Not started' : 'Not assigned', cls: 'status-none' };
  if (cell.status === 'submitted') return { text: 'Submitted', cls: 'status-done' };
  return { text: 'In progress', cls: 'status-going' };
}

/** revealWords says what revealing a transcript's coding does, and who has
 * not submitted yet, before the lead confirms. */
export function revealWords(r: ProgressRow): string {
  const open = r.assignedCoders.filter((id) => r.sets.find((s) => s.coderId === id)?.status !== 'submitted').length;
  const waiting =
    open === 0
      ? ''
      : ` ${open} of ${r.assignedCoders.length} assigned ${r.assignedCoders.length === 1 ? 'coder' : 'coders'} ${open === 1 ? 'has' : 'have'} not submitted yet.`;
  return `Coders will see each other’s excerpts and memos on “${r.title}”, and only a lead can reopen their coding after this.${waiting}`;
}
