import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { frozenWords, isFrozen, lostWords, refusedPhase, replayWords } from './frozen';

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

describe('replayWords', () => {
  it('says the changes kept from last time were sent, once they were', () => {
    expect(replayWords(1, 0, null)).toBe('1 change you made last time had not reached Tandem; it was sent now.');
    expect(replayWords(2, 0, null)).toBe('2 changes you made last time had not reached Tandem; they were sent now.');
  });
  it('says plainly that kept changes could not be saved because the lead reconciles or locked the interview, not that they were sent', () => {
    expect(replayWords(0, 1, 'reconciling')).toBe(
      '1 change you made last time could not be saved, because the lead started reconciling this interview in the meantime.',
    );
    expect(replayWords(0, 3, 'locked')).toBe('3 changes you made last time could not be saved, because a lead locked this interview in the meantime.');
    expect(replayWords(0, 2, 'locked')).not.toMatch(/sent now|not reached/);
  });
  it('says both when the phase moved halfway through the replay', () => {
    expect(replayWords(1, 1, 'reconciling')).toBe(
      '1 change you made last time had not reached Tandem; it was sent now. 1 change you made last time could not be saved, because the lead started reconciling this interview in the meantime.',
    );
  });
  it('says nothing while nothing is known yet', () => {
    expect(replayWords(0, 0, null)).toBe('');
  });
});
