import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { frozenWords, isFrozen, lostWords, refusedPhase } from './frozen';

describe('isFrozen', () => {
  it('freezes the coding from reconciling on, not before', () => {
    expect(isFrozen('independent')).toBe(false);
    expect(isFrozen('revealed')).toBe(false);
    expect(isFrozen('reconciling')).toBe(true);
    expect(isFrozen('locked')).toBe(true);
  });
});

describe('frozenWords', () => {
  it('says plainly why the coding no longer changes', () => {
    expect(frozenWords('reconciling')).toBe('The lead is reconciling this interview: your coding can no longer change.');
    expect(frozenWords('locked')).toBe('This interview is locked: your coding can no longer change. A lead can unlock it.');
  });
  it('says nothing while coders still code', () => {
    expect(frozenWords('independent')).toBe('');
    expect(frozenWords('revealed')).toBe('');
  });
});

describe('refusedPhase', () => {
  it('reads the phase from the server refusing a save', () => {
    expect(refusedPhase(new ApiError(409, 'coding_frozen', 'A lead is reconciling this transcript'))).toBe('reconciling');
    expect(refusedPhase(new ApiError(409, 'transcript_locked', 'This transcript is locked'))).toBe('locked');
  });
  it('leaves other refusals to the usual error', () => {
    expect(refusedPhase(new ApiError(409, 'coding_submitted', 'submitted'))).toBeNull();
    expect(refusedPhase(new ApiError(400, 'theme_not_usable', 'archived'))).toBeNull();
    expect(refusedPhase(new Error('offline'))).toBeNull();
    expect(refusedPhase(undefined)).toBeNull();
  });
});

describe('lostWords', () => {
  it('counts the changes that were not saved', () => {
    expect(lostWords(0)).toBe('');
    expect(lostWords(1)).toBe('1 change you made just now was not saved, because the coding had already stopped.');
    expect(lostWords(3)).toBe('3 changes you made just now were not saved, because the coding had already stopped.');
  });
});
