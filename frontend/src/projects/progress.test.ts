import { describe, expect, it } from 'vitest';
import { revealWords } from './progress';

describe('revealWords', () => {
  const row = (sets: { coderId: string; status: 'in_progress' | 'submitted' }[]) => ({
    id: 't',
    title: 'Alex interview',
    assignedCoders: ['a', 'b'],
    revealed: false,
    phase: 'independent' as const,
    mine: false,
    sets,
  });
  it('says coders will see each other’s work, and who has not submitted', () => {
    expect(revealWords(row([{ coderId: 'a', status: 'submitted' }, { coderId: 'b', status: 'in_progress' }]))).toBe(
      'Coders will see each other’s excerpts and memos on “Alex interview”, and only a lead can reopen their coding after this. 1 of 2 assigned coders has not submitted yet.',
    );
  });
  it('counts a coder who has not started as not submitted', () => {
    expect(revealWords(row([{ coderId: 'a', status: 'submitted' }]))).toMatch(/1 of 2 assigned coders has not submitted yet\.$/);
  });
  it('counts several', () => {
    expect(revealWords(row([]))).toMatch(/2 of 2 assigned coders have not submitted yet\.$/);
  });
  it('says nothing more when everyone submitted', () => {
    expect(
      revealWords(row([{ coderId: 'a', status: 'submitted' }, { coderId: 'b', status: 'submitted' }])),
    ).toMatch(/after this\.$/);
  });
});
