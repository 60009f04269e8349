import { describe, expect, it } from 'vitest';
import { characterCount, textLength } from './counter';

describe('textLength', () => {
  it.each([
    ['plain', 'Belonging', 9],
    ['an emoji is one character, as on the server', '🙂🙂', 2],
    ['a combining accent counts on its own', 'e\u0301', 2],
    ['spaces at either end do not count', '  Hope \n', 4],
    ['a Windows line end is one character', 'a\r\nb', 3],
  ])('%s', (_name, value, want) => {
    expect(textLength(value)).toBe(want);
  });
});

describe('characterCount', () => {
  it('stays quiet well under the limit', () => {
    expect(characterCount('a'.repeat(79), 100)).toEqual({ show: false, over: 0, text: '79 of 100 characters' });
  });
  it('shows a counter near the limit', () => {
    expect(characterCount('a'.repeat(95), 100)).toEqual({ show: true, over: 0, text: '95 of 100 characters' });
    expect(characterCount('a'.repeat(100), 100).over).toBe(0);
  });
  it('says how many too many, and cuts nothing', () => {
    const value = 'a'.repeat(112);
    expect(characterCount(value, 100)).toEqual({ show: true, over: 12, text: '112 of 100 characters: 12 too many. Shorten it, please.' });
    expect(value).toHaveLength(112);
  });
  it('writes big numbers with commas', () => {
    expect(characterCount('a'.repeat(2001), 2000).text).toBe('2,001 of 2,000 characters: 1 too many. Shorten it, please.');
  });
});
