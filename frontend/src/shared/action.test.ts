import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { Action } from './action';
import { messageOf } from './ui';

/** later gives a promise and the functions that settle it. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const p = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { p, resolve, reject };
}

/** watched is an Action whose shown state is kept in s. */
function watched() {
  const s: { doing: string; error: unknown } = { doing: '', error: null };
  const action = new Action({ setDoing: (d) => (s.doing = d), setError: (e) => (s.error = e) });
  return { s, action };
}

describe('Action', () => {
  it('is busy while it runs, and answers what the action answered', async () => {
    const { s, action } = watched();
    const sent = later<string>();
    const done = action.run(() => sent.p, { doing: 'xlsx' });
    expect(s.doing).toBe('xlsx');
    expect(action.busy).toBe(true);
    sent.resolve('saved');
    expect(await done).toBe('saved');
    expect(s.doing).toBe('');
    expect(action.busy).toBe(false);
  });

  it('ignores a second press while the first is under way', async () => {
    const { action } = watched();
    const sent = later<void>();
    let calls = 0;
    const first = action.run(() => {
      calls++;
      return sent.p;
    });
    const second = action.run(async () => {
      calls++;
    });
    expect(await second).toBeUndefined();
    sent.resolve();
    await first;
    expect(calls).toBe(1);
    // Once the first is done, the button works again.
    await action.run(async () => {
      calls++;
    });
    expect(calls).toBe(2);
  });

  it('shows the error in plain words, and clears it on the next try', async () => {
    const { s, action } = watched();
    const refused = new ApiError(409, 'version_conflict', 'Someone changed the codebook meanwhile.');
    expect(await action.run(() => Promise.reject(refused))).toBeUndefined();
    expect(s.error).toBe(refused);
    expect(messageOf(s.error)).toBe('Someone changed the codebook meanwhile.');
    expect(s.doing).toBe('');
    await action.run(async () => 'ok');
    expect(s.error).toBeNull();
  });

  it('leaves an error it was told to handle unshown', async () => {
    const { s, action } = watched();
    const handled: unknown[] = [];
    await action.run(() => Promise.reject(new Error('gone')), { onError: (err) => handled.push(err) > 0 });
    expect(handled).toHaveLength(1);
    expect(s.error).toBeNull();
  });

  it('shows nothing once the page is gone', async () => {
    const { s, action } = watched();
    const sent = later<void>();
    const done = action.run(() => sent.p);
    action.leave();
    sent.reject(new Error('too late'));
    await done;
    expect(s.error).toBeNull();
    expect(s.doing).toBe('busy'); // left as it was: nothing is set on a page that is gone
    expect(action.busy).toBe(false);
  });
});
