import { describe, expect, it } from 'vitest';
import { emailProblem, formatDate, passwordProblem, researcherWords, setupTokenFrom } from './words';

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
