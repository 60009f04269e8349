import { describe, expect, it } from 'vitest';
import { mergeAfterConflict } from './conflict';

describe('mergeAfterConflict', () => {
  const base = { name: 'RLC study', description: 'Interviews.' };

  it('keeps what I typed and takes the other lead’s change to a field I did not touch', () => {
    const mine = { name: 'RLC study', description: 'Ten interviews with members.' };
    const current = { name: 'RLC social integration', description: 'Interviews.' };
    expect(mergeAfterConflict(base, mine, current)).toEqual({
      merged: { name: 'RLC social integration', description: 'Ten interviews with members.' },
      clashes: [],
    });
  });

  it('names the fields that both of us changed differently, keeping my text', () => {
    const mine = { name: 'Recovery study', description: 'Interviews.' };
    const current = { name: 'RLC social integration', description: 'Interviews.' };
    expect(mergeAfterConflict(base, mine, current)).toEqual({
      merged: { name: 'Recovery study', description: 'Interviews.' },
      clashes: ['name'],
    });
  });

  it('does not call it a clash when we both typed the same', () => {
    const same = { name: 'Same name', description: 'Interviews.' };
    expect(mergeAfterConflict(base, same, same).clashes).toEqual([]);
  });
});
