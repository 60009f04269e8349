import { describe, expect, it } from 'vitest';
import { Latest } from './load';

/** later gives a promise and the function that settles it. */
function later<T>() {
  let resolve!: (v: T) => void;
  const p = new Promise<T>((r) => (resolve = r));
  return { p, resolve };
}

describe('Latest', () => {
  it('keeps only the answer to the latest request, whatever order the answers come in', async () => {
    const latest = new Latest();
    const kept: string[] = [];
    const ask = (answer: Promise<string>) => {
      const n = latest.next();
      return answer.then((v) => latest.isLatest(n) && kept.push(v));
    };
    const slow = later<string>();
    const fast = later<string>();
    const first = ask(slow.p); // the project the person left
    const second = ask(fast.p); // the project they opened
    fast.resolve('opened');
    slow.resolve('left');
    await Promise.all([first, second]);
    expect(kept).toEqual(['opened']);
  });

  it('makes an answer stale when a value was set meanwhile', () => {
    const latest = new Latest();
    const n = latest.next();
    latest.next(); // a save answered with the new value
    expect(latest.isLatest(n)).toBe(false);
  });
});
