// Plain words for the values the API uses, and small checks of form input.
import type { InvitationStatus, ResearcherType, Role } from './api';

// For each role: its name, what "you" do in it, and what "a member" does in it.
export const roleWords: Record<Role, { name: string; you: string; does: string }> = {
  lead: {
    name: 'Lead',
    you: 'set up the project, invite people and reconcile the codes',
    does: 'sets up the project, invites people and reconciles the codes',
  },
  coder: { name: 'Coder', you: 'code the transcripts assigned to you', does: 'codes the transcripts assigned to them' },
  viewer: { name: 'Viewer', you: 'read the project but change nothing', does: 'reads the project but changes nothing' },
};

/** researcherWords describes a researcher type the way people say it. */
export function researcherWords(type: ResearcherType, label?: string): string {
  if (type === 'peer') return 'Peer researcher';
  if (type === 'academic') return 'Academic researcher';
  return label?.trim() ? label.trim() : 'Other';
}

export const statusWords: Record<InvitationStatus, string> = {
  pending: 'Waiting to be used',
  used: 'Used',
  expired: 'Expired',
  revoked: 'Withdrawn',
};

/** formatDate shows a timestamp as "24 Nov 2026, 14:05" in the reader's time zone. */
export function formatDate(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(d);
}

/** formatDay shows the day of a timestamp as "24 Nov 2026" in the reader's time zone. */
export function formatDay(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(d);
}

export const MIN_PASSWORD = 10;

/** passwordProblems says what is wrong with a new password typed twice: a
 * password too short belongs to the first box, a second one that differs to
 * the second (the confirmation) box. */
export function passwordProblems(password: string, confirm: string): { password: string | null; confirm: string | null } {
  if ([...password].length < MIN_PASSWORD) return { password: `Choose a password of at least ${MIN_PASSWORD} characters.`, confirm: null };
  if (password !== confirm) return { password: null, confirm: 'This is not the same as the password above. Type it again.' };
  return { password: null, confirm: null };
}

/** emailProblem says what is wrong with an email address, or returns null. */
export function emailProblem(email: string): string | null {
  const e = email.trim();
  if (e === '') return 'Enter an email address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return 'That does not look like an email address (for example name@example.org).';
  return null;
}

/** tokenFromHash reads the one-time token from the fragment "#token=..." of
 * a setup or password reset link (a fragment never reaches a server log). */
export function tokenFromHash(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token') ?? '';
}

/** invitationDaysProblem checks how many days an invitation link works (1 to 30). */
export function invitationDaysProblem(days: string): string | null {
  const d = days.trim();
  if (d === '') return 'Enter how many days the link works: a whole number from 1 to 30.';
  if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 30) return 'Choose a whole number of days from 1 to 30.';
  return null;
}

