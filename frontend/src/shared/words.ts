// Plain words for the values the API uses, and small checks of form input.
import type { InvitationStatus, ResearcherType, Role } from '../api/client';

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
export function researcherWords(type: ResearcherType | string, label?: string): string {
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
/** MIN_PASSWORD_KINDS is the fewest different characters a password may have. */
export const MIN_PASSWORD_KINDS = 5;

/** PASSWORD_HINT is the password rule as the forms show it, under every box
 * for a new password. The server checks the same (tandem.ValidatePassword),
 * and also refuses well-known passwords and the email address. */
export const PASSWORD_HINT = `At least ${MIN_PASSWORD} characters, at least ${MIN_PASSWORD_KINDS} of them different. A few words that mean something to you work well.`;

// Characters that cannot be seen or typed the same on another device:
// control and format characters (tabs, line breaks, zero-width spaces and
// joiners, soft hyphens, direction marks), separators, private use, broken
// surrogates and noncharacters.
const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\uFFFE\uFFFF]/u;

/** newPasswordProblem says what is wrong with a new password, or returns null. */
export function newPasswordProblem(password: string): string | null {
  if (invisible.test(password)) {
    return 'Your password has a character that cannot be seen, such as a tab, a line break or a zero-width space. Use letters, numbers, spaces and symbols.';
  }
  if ([...password].length < MIN_PASSWORD) return `Choose a password of at least ${MIN_PASSWORD} characters.`;
  const chars = [...password.toLowerCase()];
  if (new Set(chars).size < MIN_PASSWORD_KINDS) {
    return `That password uses too few different characters. Use at least ${MIN_PASSWORD_KINDS} different characters.`;
  }
  if (repeats(chars)) return 'That password is the same part typed again and again. Try a few words that mean something to you.';
  if (inOrder(chars)) {
    return 'That password is a run of letters or numbers in order, like abcdefg or 7654321. Try a few words that mean something to you.';
  }
  return null;
}

// repeats says whether the text is one shorter part written again and again.
function repeats(c: string[]): boolean {
  for (let p = 1; p <= c.length / 2; p++) {
    if (c.every((ch, i) => i < p || ch === c[i - p])) return true;
  }
  return false;
}

// inOrder says whether each character follows the one before it, up or down.
function inOrder(c: string[]): boolean {
  const code = c.map((ch) => ch.codePointAt(0) ?? 0);
  const step = code[1] - code[0];
  return (step === 1 || step === -1) && code.every((x, i) => i === 0 || x - code[i - 1] === step);
}

/** passwordProblems says what is wrong with a new password typed twice: a
 * problem with the password belongs to the first box, a second one that
 * differs to the second (the confirmation) box. */
export function passwordProblems(password: string, confirm: string): { password: string | null; confirm: string | null } {
  const problem = newPasswordProblem(password);
  if (problem) return { password: problem, confirm: null };
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

