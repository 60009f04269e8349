import { describe, expect, it } from 'vitest';
import { codingTouched, replacementsFor, touchedWords } from './deidentify';

describe('replacementsFor', () => {
  it('uses each accepted candidate’s choice, in text order, without overlaps', () => {
    const candidates = [
      { text: 'Maria', kind: 'speaker' as const, spans: [[30, 35], [6, 11]] as [number, number][] },
      { text: 'maria.l@example.org', kind: 'email' as const, spans: [[29, 48]] as [number, number][] },
      { text: 'Tuesday', kind: 'capitalised' as const, spans: [[60, 67]] as [number, number][] },
      { text: 'Leeds', kind: 'listed' as const, spans: [[70, 75]] as [number, number][] },
    ];
    const choices = [
      { accept: true, with: '[NAME]', pseudonym: '' },
      { accept: true, with: '[EMAIL]', pseudonym: '' },
      { accept: false, with: '[NAME]', pseudonym: '' },
      { accept: true, with: '', pseudonym: ' Northtown ' },
    ];
    expect(replacementsFor(candidates, choices)).toEqual([
      { start: 6, end: 11, with: '[NAME]' },
      { start: 29, end: 48, with: '[EMAIL]' },
      { start: 70, end: 75, with: 'Northtown' },
    ]);
  });

  it('skips a pseudonym left empty', () => {
    const c = [{ text: 'Sam', kind: 'speaker' as const, spans: [[0, 3]] as [number, number][] }];
    expect(replacementsFor(c, [{ accept: true, with: '', pseudonym: '  ' }])).toEqual([]);
  });
});

describe('codingTouched', () => {
  const coding = [
    { coderId: 'p', coderName: 'Peer', spans: [[0, 10], [20, 30], [40, 45]] as [number, number][] },
    { coderId: 'a', coderName: 'Academic', spans: [[5, 8]] as [number, number][] },
    { coderId: 'l', coderName: 'Lead', spans: [[50, 60]] as [number, number][] },
  ];
  it('counts the excerpts that hold a replaced word, and their coders', () => {
    const t = codingTouched(coding, [
      { start: 6, end: 7 }, // inside two excerpts
      { start: 30, end: 35 }, // right after one: not inside
      { start: 44, end: 48 }, // across an excerpt's end
    ]);
    expect(t).toEqual({ excerpts: 3, coders: 2 });
    expect(touchedWords(t)).toBe(
      '3 excerpts by 2 coders hold these words and will be adjusted to hold the replacement. All other coding stays on its words.',
    );
  });
  it('says nothing when no excerpt holds the words', () => {
    expect(touchedWords(codingTouched(coding, [{ start: 12, end: 15 }]))).toBe('');
  });
  it('speaks of one excerpt and one coder', () => {
    expect(touchedWords({ excerpts: 1, coders: 1 })).toMatch(/^1 excerpt by 1 coder holds/);
  });
});
