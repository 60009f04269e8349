import { describe, expect, it } from 'vitest';
import {
  PASSWORD_HINT,
  emailProblem,
  formatDate,
  formatDay,
  invitationDaysProblem,
  newPasswordProblem,
  passwordProblems,
  researcherWords,
  tokenFromHash,
} from './words';

describe('passwordProblems', () => {
  it('asks for 10 characters on the password box, counting emoji as one each', () => {
    expect(passwordProblems('short', 'short').password).toMatch(/at least 10/);
    expect(passwordProblems('🙂🌱🐈🍵🌈🎵📚🌻🚲', '🙂🌱🐈🍵🌈🎵📚🌻🚲').password).toMatch(/at least 10/);
    expect(passwordProblems('🙂🌱🐈🍵🌈🎵📚🌻🚲🍎', '🙂🌱🐈🍵🌈🎵📚🌻🚲🍎')).toEqual({ password: null, confirm: null });
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

// The same rule as the server's (internal/tandem TestValidatePassword).
describe('newPasswordProblem', () => {
  it.each(['a long enough password', 'correct horse battery', 'Grüße aus Köln 2026', 'tea & toast at 4 ☕', 'a1b2c3d4e5', 'Summer  rain  falls'])(
    'accepts %j',
    (p) => {
      expect(newPasswordProblem(p)).toBeNull();
    },
  );
  it.each([
    ['aaaaaaaaab', /different characters/],
    [' '.repeat(10), /different characters/],
    ['AaAaAaAaAaAa', /different characters/],
    ['1234512345', /same part/],
    ['hello!hello!hello!', /same part/],
    ['bcdefghijk', /run of letters or numbers/],
    ['9876543210', /run of letters or numbers/],
    ['\0'.repeat(10), /cannot be seen/],
    ['\u200b'.repeat(10), /cannot be seen/],
    ['a long\tenough password', /cannot be seen/],
    ['a long enough\u200dpassword', /cannot be seen/],
    ['\ufeffa long enough password', /cannot be seen/],
    ['a long enough\u2028password', /cannot be seen/],
    ['a long enough \ud800password', /cannot be seen/],
  ])('refuses %j', (p, why) => {
    expect(newPasswordProblem(p)).toMatch(why);
  });
  it('is shown as the hint of every new password box', () => {
    expect(PASSWORD_HINT).toMatch(/At least 10 characters, at least 5 of them different/);
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
