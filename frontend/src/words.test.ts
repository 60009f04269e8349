import { describe, expect, it } from 'vitest';
import { emailProblem, formatDate, formatDay, invitationDaysProblem, passwordProblems, researcherWords, tokenFromHash } from './words';

describe('passwordProblems', () => {
  it('asks for 10 characters on the password box, counting emoji as one each', () => {
    expect(passwordProblems('short', 'short').password).toMatch(/at least 10/);
    expect(passwordProblems('🙂🙂🙂🙂🙂🙂🙂🙂🙂', '🙂🙂🙂🙂🙂🙂🙂🙂🙂').password).toMatch(/at least 10/);
    expect(passwordProblems('🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂', '🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂')).toEqual({ password: null, confirm: null });
  });
  it('puts a mistyped confirmation on the confirmation box, not the password box', () => {
    const p = passwordProblems('long enough pw', 'long enough pq');
    expect(p.password).toBeNull();
    expect(p.confirm).toMatch(/not the same as the password above/);
  });
  it('says one thing at a time: a short password first', () => {
    expect(passwordProblems('short', 'other')).toEqual({ password: expect.stringMatching(/at least 10/), confirm: null });
  });
});

describe('emailProblem', () => {
  it.each(['', '  ', 'sam', 'sam@', 'sam@example', 'sam @example.org'])('refuses %j', (e) => {
    expect(emailProblem(e)).not.toBeNull();
  });
  it('accepts an address with spaces around it', () => {
    expect(emailProblem(' sam@example.org ')).toBeNull();
  });
});

describe('researcherWords', () => {
  it('says peer and academic plainly, and uses the self-description for other', () => {
    expect(researcherWords('peer')).toBe('Peer researcher');
    expect(researcherWords('academic')).toBe('Academic researcher');
    expect(researcherWords('other', ' community organiser ')).toBe('community organiser');
    expect(researcherWords('other', '')).toBe('Other');
  });
});

describe('formatDate', () => {
  it('shows day, month, year and time', () => {
    expect(formatDate('2026-11-24T06:40:00Z', 'UTC')).toBe('24 Nov 2026, 06:40');
  });
  it('shows nothing for a bad date', () => {
    expect(formatDate('not a date')).toBe('');
  });
});

describe('tokenFromHash', () => {
  it('reads the token from the link fragment', () => {
    expect(tokenFromHash('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHash('#token=0b9d5a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.Gma7wXy7_NWn')).toBe('0b9d5a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.Gma7wXy7_NWn');
    expect(tokenFromHash('')).toBe('');
  });
});

describe('formatDay', () => {
  it('shows the day in the reader’s time zone', () => {
    expect(formatDay('2026-11-24T23:30:00Z', 'UTC')).toBe('24 Nov 2026');
    expect(formatDay('2026-11-24T23:30:00Z', 'Europe/Berlin')).toBe('25 Nov 2026');
  });
});

describe('invitationDaysProblem', () => {
  it.each(['1', '7', ' 30 '])('accepts %j days', (d) => expect(invitationDaysProblem(d)).toBeNull());
  it('asks for a number when the box is empty', () => {
    expect(invitationDaysProblem('  ')).toMatch(/Enter how many days/);
  });
  it.each(['0', '31', '2.5', '-3', 'seven', '1e1'])('refuses %j with the allowed range', (d) => {
    expect(invitationDaysProblem(d)).toMatch(/from 1 to 30/);
  });
});
