import { describe, expect, it } from 'vitest';
import { CodePointText, formatClock, pieces } from './text';

describe('CodePointText', () => {
  // What the server makes of "P1: Cafe\u0301 first 👩🏽‍🦱 then\r\nmore": NFC
  // "é" is one code point; the emoji sequence is four code points (seven
  // UTF-16 units); the CRLF became "\n".
  const server = 'Café first 👩🏽‍🦱 then\nmore';
  const t = new CodePointText(server);

  it('counts code points, not UTF-16 units', () => {
    expect(server.length).toBe(28);
    expect(t.length).toBe(25);
  });

  it('slices by code points as the API does', () => {
    expect(t.slice(0, 4)).toBe('Café');
    expect(t.slice(11, 15)).toBe('👩🏽‍🦱');
    expect(t.slice(16, 20)).toBe('then');
    expect(t.slice(21, 25)).toBe('more');
  });

  it('converts both ways', () => {
    expect(t.toUTF16(15)).toBe(18);
    expect(t.toCodePoint(18)).toBe(15);
    expect(t.toCodePoint(12)).toBe(11); // inside a surrogate pair rounds down
    expect(t.toUTF16(99)).toBe(server.length);
  });

  it('keeps a combining mark the server did not compose as its own code point', () => {
    const decomposed = new CodePointText('e\u0301x');
    expect(decomposed.length).toBe(3);
    expect(decomposed.slice(2, 3)).toBe('x');
  });
});

describe('pieces', () => {
  it('marks spans inside a range', () => {
    const t = new CodePointText("I'm Zoë 🙂 from Leeds.");
    expect(pieces(t, 0, t.length, [[15, 20], [4, 7]])).toEqual([
      { text: "I'm " },
      { text: 'Zoë', mark: 1 },
      { text: ' 🙂 from ' },
      { text: 'Leeds', mark: 0 },
      { text: '.' },
    ]);
  });
  it('clips spans to the range', () => {
    const t = new CodePointText('abcdef');
    expect(pieces(t, 2, 5, [[0, 3]])).toEqual([{ text: 'c', mark: 0 }, { text: 'de' }]);
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [62_500, '1:02'],
    [3_723_000, '1:02:03'],
  ])('%d ms is %s', (ms, want) => expect(formatClock(ms)).toBe(want));
});
