import { describe, expect, it } from 'vitest';
import { ApiError, type CodingSet, type Excerpt, type ExcerptWritten } from './api';
import { SaveQueue, backoff, type ExcerptChange, type Op } from './saveQueue';

/** FakeServer holds a set like the API does: versioned writes, 409 with the
 * current set, idempotent adds by id; failures can be scripted. */
class FakeServer {
  version = 0;
  excerpts = new Map<string, Excerpt>();
  calls: string[] = [];
  script: (ApiError | 'lose-answer')[] = [];

  private fail(what: string) {
    this.calls.push(what);
    const next = this.script.shift();
    if (next instanceof ApiError) throw next;
    return next;
  }
  private current(): CodingSet {
    return { coderId: 'me', coderName: 'Me', researcherType: 'peer', status: 'in_progress', version: this.version, hidden: false, excerpts: [...this.excerpts.values()] };
  }
  private conflict() {
    return new ApiError(409, 'version_conflict', 'changed elsewhere', { current: this.current() });
  }
  sender() {
    return {
      add: async (version: number, e: Excerpt): Promise<ExcerptWritten> => {
        const f = this.fail(`add ${e.id} v${version}`);
        if (version !== this.version) {
          const x = this.excerpts.get(e.id);
          if (x && x.start === e.start && x.end === e.end) return { version: this.version, excerpt: x };
          throw this.conflict();
        }
        this.excerpts.set(e.id, e);
        this.version++;
        if (f === 'lose-answer') throw new ApiError(0, 'network', 'lost');
        return { version: this.version, excerpt: e };
      },
      patch: async (version: number, id: string, change: ExcerptChange): Promise<ExcerptWritten> => {
        const f = this.fail(`patch ${id} v${version}`);
        if (version !== this.version) throw this.conflict();
        const x = this.excerpts.get(id);
        if (!x) throw new ApiError(404, 'not_found', 'no such excerpt');
        const e = { ...x, ...change };
        this.excerpts.set(id, e);
        this.version++;
        if (f === 'lose-answer') throw new ApiError(0, 'network', 'lost');
        return { version: this.version, excerpt: e };
      },
      remove: async (version: number, id: string): Promise<ExcerptWritten> => {
        this.fail(`delete ${id} v${version}`);
        if (version !== this.version) throw this.conflict();
        if (!this.excerpts.delete(id)) throw new ApiError(404, 'not_found', 'no such excerpt');
        this.version++;
        return { version: this.version };
      },
      reload: async () => this.current(),
    };
  }
}

const ex = (id: string, start: number, end: number, themes = ['t1']): Excerpt => ({ id, start, end, themes, memo: '' });

function setup(server = new FakeServer()) {
  const waits: number[] = [];
  const refused: [Op, unknown][] = [];
  const statuses: string[] = [];
  let conflicts = 0;
  const q = new SaveQueue({ version: server.version, excerpts: [...server.excerpts.values()] }, server.sender(), {
    wait: async (ms) => {
      waits.push(ms);
    },
    onRefused: (op, err) => refused.push([op, err]),
    onChange: () => statuses.push(q.status),
    onConflict: () => conflicts++,
  });
  return { q, server, waits, refused, statuses, conflicts: () => conflicts };
}

const ids = (q: SaveQueue) => q.excerpts().map((e) => e.id).sort();

describe('SaveQueue', () => {
  it('sends changes in order, each with the version the last answer gave', async () => {
    const { q, server } = setup();
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    q.push({ kind: 'add', excerpt: ex('b', 3, 9) });
    expect(ids(q)).toEqual(['a', 'b']); // shown at once
    expect(q.status).toBe('saving');
    await q.idle();
    expect(server.calls).toEqual(['add a v0', 'add b v1']);
    expect(q.version).toBe(2);
    expect(q.status).toBe('saved');
    expect(q.saved).toBe(true);
  });

  it('folds changes to an excerpt not sent yet into it', async () => {
    const { q, server } = setup();
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) }); // on its way
    q.push({ kind: 'add', excerpt: ex('b', 6, 9) });
    q.push({ kind: 'patch', id: 'b', change: { memo: 'why' } });
    q.push({ kind: 'patch', id: 'b', change: { themes: ['t2'] } });
    await q.idle();
    expect(server.calls).toEqual(['add a v0', 'add b v1']);
    expect(server.excerpts.get('b')).toMatchObject({ memo: 'why', themes: ['t2'] });
  });

  it('forgets an add and its changes when the excerpt is deleted before it left', async () => {
    const { q, server } = setup();
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    q.push({ kind: 'add', excerpt: ex('b', 6, 9) });
    q.push({ kind: 'patch', id: 'b', change: { memo: 'x' } });
    q.push({ kind: 'delete', id: 'b' });
    await q.idle();
    expect(server.calls).toEqual(['add a v0']);
    expect(ids(q)).toEqual(['a']);
  });

  it('keeps changes while offline and retries with a growing wait', async () => {
    const server = new FakeServer();
    const net = () => new ApiError(0, 'network', 'Tandem cannot be reached.');
    server.script = [net(), net(), net()];
    const { q, waits, statuses } = setup(server);
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    await Promise.resolve();
    await q.idle();
    expect(statuses).toContain('offline');
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(server.excerpts.has('a')).toBe(true);
    expect(q.status).toBe('saved');
    expect(backoff(10)).toBe(30_000);
  });

  it('treats server errors (5xx) as a reason to retry, not to drop', async () => {
    const server = new FakeServer();
    server.script = [new ApiError(503, 'internal', 'busy')];
    const { q, refused } = setup(server);
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    await q.idle();
    expect(refused).toEqual([]);
    expect(server.excerpts.has('a')).toBe(true);
  });

  it('recognises an add that went in although its answer was lost', async () => {
    const server = new FakeServer();
    server.script = ['lose-answer'];
    const { q, refused } = setup(server);
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    q.push({ kind: 'patch', id: 'a', change: { memo: 'later' } });
    await q.idle();
    expect(refused).toEqual([]);
    expect(server.calls).toEqual(['add a v0', 'add a v0', 'patch a v1']);
    expect([...server.excerpts.values()]).toHaveLength(1);
    expect(server.excerpts.get('a')?.memo).toBe('later');
    expect(q.version).toBe(2);
  });

  it('on 409 takes the set from the other tab and applies the pending change on top', async () => {
    const server = new FakeServer();
    const { q, conflicts } = setup(server);
    // Another tab adds an excerpt meanwhile.
    server.excerpts.set('other', ex('other', 20, 30));
    server.version = 4;
    q.push({ kind: 'add', excerpt: ex('mine', 0, 5) });
    await q.idle();
    expect(conflicts()).toBe(1);
    expect(server.calls).toEqual(['add mine v0', 'add mine v4']);
    expect(ids(q)).toEqual(['mine', 'other']);
    expect(q.version).toBe(5);
  });

  it('on 409 drops a change to an excerpt deleted elsewhere, and says so', async () => {
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.version = 1;
    const { q, refused } = setup(server);
    server.excerpts.delete('a');
    server.version = 2;
    q.push({ kind: 'patch', id: 'a', change: { memo: 'x' } });
    q.push({ kind: 'add', excerpt: ex('b', 6, 9) });
    await q.idle();
    expect(refused).toHaveLength(1);
    expect((refused[0][1] as ApiError).message).toMatch(/deleted in another tab/);
    expect(ids(q)).toEqual(['b']);
  });

  it('waits as long as a 429 asks, then sends the change', async () => {
    const server = new FakeServer();
    server.script = [new ApiError(429, 'rate_limited', 'Too many changes at once', { retryAfterSeconds: 2 })];
    const { q, waits, statuses, refused } = setup(server);
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    await q.idle();
    expect(statuses).toContain('waiting');
    expect(waits).toEqual([2000]);
    expect(refused).toEqual([]);
    expect(server.excerpts.has('a')).toBe(true);
  });

  it('drops a refused change, reports it and shows the set without it', async () => {
    const server = new FakeServer();
    server.script = [new ApiError(400, 'theme_not_usable', 'The theme “Flexible” is archived.', { field: 'themes' })];
    const { q, refused } = setup(server);
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    q.push({ kind: 'add', excerpt: ex('b', 6, 9) });
    await q.idle();
    expect(refused.map(([op]) => op.kind)).toEqual(['add']);
    expect(ids(q)).toEqual(['b']);
  });

  it('retryNow ends the wait when the connection comes back', async () => {
    const server = new FakeServer();
    server.script = [new ApiError(0, 'network', 'down')];
    let release: () => void = () => {};
    const q = new SaveQueue({ version: 0, excerpts: [] }, server.sender(), { wait: () => new Promise((r) => (release = r)) });
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    await new Promise((r) => setTimeout(r, 0));
    expect(q.status).toBe('offline');
    q.retryNow();
    await q.idle();
    expect(server.excerpts.has('a')).toBe(true);
    release();
  });

  it('a delete of an excerpt already gone is not an error', async () => {
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.version = 1;
    const { q, refused } = setup(server);
    server.excerpts.delete('a'); // deleted elsewhere without a version change (as if the answer was lost)
    q.push({ kind: 'delete', id: 'a' });
    await q.idle();
    expect(refused).toEqual([]);
    expect(ids(q)).toEqual([]);
  });

  it('never folds a change into the request already on its way', async () => {
    const { q, server } = setup();
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) }); // leaves at once
    q.push({ kind: 'patch', id: 'a', change: { memo: 'typed while saving' } });
    await q.idle();
    expect(server.calls).toEqual(['add a v0', 'patch a v1']);
    expect(server.excerpts.get('a')?.memo).toBe('typed while saving');
  });

  it('keeps pending changes on top of a set loaded from the server (reset)', async () => {
    const server = new FakeServer();
    server.script = [new ApiError(0, 'network', 'down')];
    let release: () => void = () => {};
    const q = new SaveQueue({ version: 0, excerpts: [] }, server.sender(), { wait: () => new Promise((r) => (release = r)) });
    q.push({ kind: 'add', excerpt: ex('mine', 0, 5) });
    await new Promise((r) => setTimeout(r, 0));
    q.reset({ version: 3, excerpts: [ex('theirs', 10, 20)] });
    expect(ids(q)).toEqual(['mine', 'theirs']);
    expect(q.saved).toBe(false);
    release();
  });
});
