import { describe, expect, it } from 'vitest';
import { movedWords, projectWords, reconcileLinkWords, steps, unresolvedOf } from './phase';

describe('steps', () => {
  it('moves one step forward first, then one back', () => {
    expect(steps('independent').map((s) => s.to)).toEqual(['revealed']);
    expect(steps('revealed').map((s) => s.to)).toEqual(['reconciling', 'independent']);
    expect(steps('reconciling').map((s) => s.to)).toEqual(['locked', 'revealed']);
    expect(steps('locked').map((s) => s.to)).toEqual(['reconciling']);
  });
  it('asks before revealing and for a reason to unlock', () => {
    expect(steps('independent')[0].ask).toBe('reveal');
    expect(steps('locked')[0].ask).toBe('reason');
    expect(steps('reconciling')[0].ask).toBe('');
  });
});

describe('words', () => {
  it('says what a move did', () => {
    expect(movedWords('Alex', 'independent', 'revealed')).toBe('Everyone can now see all coding of “Alex”.');
    expect(movedWords('Alex', 'locked', 'reconciling')).toMatch(/unlocked/);
    expect(movedWords('Alex', 'reconciling', 'revealed')).toMatch(/consensus is kept/);
  });
  it('says what a project-wide action did, also when nothing moved', () => {
    expect(projectWords('reveal-submitted', [])).toMatch(/^No transcript was ready/);
    expect(projectWords('reveal-submitted', [{ id: 'a', title: 'Alex', phase: 'revealed' }])).toBe('Revealed 1 transcript: “Alex”.');
    expect(
      projectWords('lock-reconciled', [
        { id: 'a', title: 'Alex', phase: 'locked' },
        { id: 'b', title: 'Sam', phase: 'locked' },
      ]),
    ).toBe('Locked 2 transcripts: “Alex”, “Sam”.');
  });
  it('reads the unresolved count of a refused lock', () => {
    expect(unresolvedOf({ unresolved: 3 })).toBe(3);
    expect(unresolvedOf(undefined)).toBe(0);
  });
});

describe('the link to the reconciliation view', () => {
  it('is there from revealed on, and reads the decisions once locked', () => {
    expect(reconcileLinkWords('independent')).toBe('');
    expect(reconcileLinkWords('revealed')).toBe('Reconcile');
    expect(reconcileLinkWords('reconciling')).toBe('Reconcile');
    expect(reconcileLinkWords('locked')).toBe('See the decisions');
  });
});
