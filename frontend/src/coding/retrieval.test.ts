import { describe, expect, it } from 'vitest';
import type { PassageTurn } from '../api/client';
import { passageLines } from './retrieval';

const turn = (p: Partial<PassageTurn>): PassageTurn => ({ speaker: '', before: '', text: '', after: '', cutStart: false, cutEnd: false, ...p });

describe('passageLines', () => {
  it('puts an ellipsis only where the words were cut', () => {
    expect(
      passageLines([
        turn({ speaker: 'Interviewer', before: 'it?', cutStart: true }),
        turn({ speaker: 'Sam', before: 'A friend told me. ', text: 'I was nervous', after: ' at first.' }),
        turn({ speaker: 'Interviewer', after: 'What', cutEnd: true }),
      ]),
    ).toEqual([
      { speaker: 'Interviewer', before: '…it?', text: '', after: '' },
      { speaker: 'Sam', before: 'A friend told me. ', text: 'I was nervous', after: ' at first.' },
      { speaker: 'Interviewer', before: '', text: '', after: 'What…' },
    ]);
  });
  it('cuts around the excerpt itself when there is no context', () => {
    expect(passageLines([turn({ speaker: 'Sam', text: 'nervous', cutStart: true, cutEnd: true })])).toEqual([
      { speaker: 'Sam', before: '', text: '…nervous…', after: '' },
    ]);
  });
  it('keeps text outside the turns without a speaker', () => {
    expect(passageLines([turn({ before: 'Interview 7' })])).toEqual([{ speaker: '', before: 'Interview 7', text: '', after: '' }]);
  });
});
