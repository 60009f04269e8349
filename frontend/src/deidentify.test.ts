import { describe, expect, it } from 'vitest';
import { replacementsFor } from './pages/Deidentify';

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
