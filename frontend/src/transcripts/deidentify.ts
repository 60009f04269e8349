// The logic of removing names: which replacements the lead's choices make,
// and what they do to the coding.
import type { Candidate, Identifiers } from '../api/client';

/** kindWords says why a word was found. */
export const kindWords: Record<Candidate['kind'], string> = {
  speaker: 'a speaker’s name',
  listed: 'on your list of names',
  capitalised: 'a capitalised word that recurs',
  email: 'an email address',
  phone: 'a phone number',
};

/** presets are the usual replacements. */
export const presets = ['[NAME]', '[PLACE]', '[ORGANISATION]', '[EMAIL]', '[PHONE]'];

/** Choice is what the lead chose for one candidate. */
export interface Choice {
  accept: boolean;
  with: string; // a preset, or "" for a pseudonym
  pseudonym: string;
}

/** defaultChoice is a candidate's choice before the lead changes it. */
export function defaultChoice(c: Candidate): Choice {
  const preset = c.kind === 'email' ? '[EMAIL]' : c.kind === 'phone' ? '[PHONE]' : '[NAME]';
  return { accept: c.kind !== 'capitalised', with: preset, pseudonym: '' };
}

/** replacementsFor turns the accepted candidates into replacements, dropping
 * spans that overlap one already taken. */
export function replacementsFor(candidates: Candidate[], choices: Choice[]) {
  const all: { start: number; end: number; with: string }[] = [];
  candidates.forEach((c, i) => {
    const ch = choices[i];
    if (!ch?.accept) return;
    const w = ch.with || ch.pseudonym.trim();
    if (!w) return;
    for (const [start, end] of c.spans) all.push({ start, end, with: w });
  });
  all.sort((a, b) => a.start - b.start);
  const out: typeof all = [];
  for (const r of all) {
    if (out.length === 0 || r.start >= out[out.length - 1].end) out.push(r);
  }
  return out;
}

/** codingTouched counts the excerpts that hold words about to be replaced,
 * and their coders: these excerpts are adjusted to hold the replacement
 * (every other excerpt just moves with the text). */
export function codingTouched(coding: Identifiers['coding'], reps: { start: number; end: number }[]) {
  let excerpts = 0;
  let coders = 0;
  for (const c of coding) {
    const n = c.spans.filter(([s, e]) => reps.some((r) => r.start < e && r.end > s)).length;
    excerpts += n;
    if (n > 0) coders++;
  }
  return { excerpts, coders };
}

/** touchedWords says what codingTouched found, in plain words. */
export function touchedWords(t: { excerpts: number; coders: number }) {
  if (t.excerpts === 0) return '';
  const ex = t.excerpts === 1 ? '1 excerpt' : `${t.excerpts} excerpts`;
  const by = t.coders === 1 ? '1 coder' : `${t.coders} coders`;
  return `${ex} by ${by} ${t.excerpts === 1 ? 'holds' : 'hold'} these words and will be adjusted to hold the replacement. All other coding stays on its words.`;
}
