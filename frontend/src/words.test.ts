import { describe, expect, it } from 'vitest';
import { emailProblem, formatDate, formatDay, invitationDaysProblem, passwordProblem, researcherWords, setupTokenFrom, waitWords } from './words';

describe('passwordProblem', () => {
  it('asks for 10 characters, counting emoji as one each', () => {
    expect(passwordProblem('short', 'short')).toMatch(/at least 10/);
    expect(passwordProblem('🙂🙂🙂🙂🙂🙂🙂🙂🙂', '🙂🙂🙂🙂🙂🙂🙂🙂🙂')).toMatch(/at least 10/);
    expect(passwordProblem('🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂', '🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂')).toBeNull();
  });
  it('notices a mistyped confirmation', () => {
    expect(passwordProblem('long enough pw', 'long enough pq')).toMatch(/not the same/);
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

describe('setupTokenFrom', () => {
  it('reads the token from the link fragment', () => {
    expect(setupTokenFrom('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(setupTokenFrom('')).toBe('');
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

describe('waitWords', () => {
  it.each([
    [1, '1 second'],
    [42, '42 seconds'],
    [60, '1 minute'],
    [61, 'about 2 minutes'],
    [899, 'about 15 minutes'],
    [900, '15 minutes'],
  ])('%d s is %s', (s, want) => expect(waitWords(s)).toBe(want));
});
