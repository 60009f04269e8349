import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { refusedPhase } from './frozen';
import { PendingStore, SaveQueue, backoff, parseOps, rebaseOps, type Excerpt, type ExcerptChange, type Op, type WorkingSet, type Written } from './saveQueue';

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
  private current(): WorkingSet {
    return { coderId: 'me', coderName: 'Me', researcherType: 'peer', status: 'in_progress', version: this.version, hidden: false, excerpts: [...this.excerpts.values()] };
  }
  private conflict() {
    return new ApiError(409, 'version_conflict', 'changed elsewhere', { current: this.current() });
  }
  sender() {
    return {
      add: async (version: number, e: Excerpt): Promise<Written> => {
        const f = this.fail(`add ${e.id} v${version}`);
        // Like the server: an add of an excerpt already there is a no-op when
        // it is the same excerpt (a retry), and refused when it is not.
        const x = this.excerpts.get(e.id);
        const same = x && x.start === e.start && x.end === e.end && x.themes.join() === e.themes.join() && x.memo === (e.memo ?? '');
        if (version !== this.version) {
          if (same) return { version: this.version, excerpt: x };
          throw this.conflict();
        }
        if (x && !same) throw new ApiError(409, 'conflict', 'There is already another excerpt with this id.');
        this.excerpts.set(e.id, e);
        this.version++;
        if (f === 'lose-answer') throw new ApiError(0, 'network', 'lost');
        return { version: this.version, excerpt: e };
      },
      patch: async (version: number, id: string, change: ExcerptChange): Promise<Written> => {
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
      remove: async (version: number, id: string): Promise<Written> => {
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

function setup(server = new FakeServer(), wait?: (ms: number) => Promise<void>) {
  const waits: number[] = [];
  const refused: [Op, unknown][] = [];
  const statuses: string[] = [];
  const kept: string[] = []; // what persist was told, as JSON, in order
  let conflicts = 0;
  const q = new SaveQueue({ version: server.version, excerpts: [...server.excerpts.values()] }, server.sender(), {
    wait:
      wait ??
      (async (ms) => {
        waits.push(ms);
      }),
    onRefused: (op, err) => refused.push([op, err]),
    onChange: () => statuses.push(q.status),
    onConflict: () => conflicts++,
    persist: (ops) => kept.push(JSON.stringify(ops)),
  });
  return { q, server, waits, refused, statuses, kept, conflicts: () => conflicts };
}

/** timers is a wait whose pauses end only when the test says so. */
function timers() {
  const open: { ms: number; end: () => void }[] = [];
  return {
    open,
    wait: (ms: number) => new Promise<void>((end) => open.push({ ms, end })),
    endAll: () => open.splice(0).forEach((t) => t.end()),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

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

  it('reports every change queued when the transcript moved to reconciling: none is dropped without a word', async () => {
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.excerpts.set('c', ex('c', 10, 12));
    const frozen = () => new ApiError(409, 'coding_frozen', 'A lead is reconciling this transcript.');
    server.script = [frozen(), frozen(), frozen()];
    const { q, refused } = setup(server);
    q.reset({ version: 0, excerpts: [ex('a', 0, 5), ex('c', 10, 12)] });
    q.push({ kind: 'add', excerpt: ex('b', 6, 9) });
    q.push({ kind: 'patch', id: 'a', change: { memo: 'why' } });
    q.push({ kind: 'delete', id: 'c' });
    await q.idle();
    expect(refused.map(([op]) => op.kind)).toEqual(['add', 'patch', 'delete']);
    expect(refused.map(([, err]) => refusedPhase(err))).toEqual(['reconciling', 'reconciling', 'reconciling']);
    expect(ids(q)).toEqual(['a', 'c']); // the set as the server keeps it
    expect(q.excerpts().find((e) => e.id === 'a')?.memo).toBe('');
    expect(q.saved).toBe(true);
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

  it('holds a memo being typed: pending and kept in the browser at once, one request once the typing pauses', async () => {
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.version = 1;
    const clock = timers();
    const { q, kept } = setup(server, clock.wait);
    q.push({ kind: 'patch', id: 'a', change: { memo: 'W' } }, { settle: true });
    // Recorded at once: not saved, kept in storage, shown.
    expect(q.saved).toBe(false);
    expect(q.status).toBe('saving');
    expect(JSON.parse(kept.at(-1)!)).toEqual([{ kind: 'patch', id: 'a', change: { memo: 'W' } }]);
    q.push({ kind: 'patch', id: 'a', change: { memo: 'Wh' } }, { settle: true });
    q.push({ kind: 'patch', id: 'a', change: { memo: 'Why' } }, { settle: true });
    expect(q.pending).toHaveLength(1); // folded into one change
    expect(JSON.parse(kept.at(-1)!)[0].change.memo).toBe('Why');
    await tick();
    expect(server.calls).toEqual([]); // still typing
    clock.endAll(); // typing went on during the first pause: wait once more
    await tick();
    expect(server.calls).toEqual([]);
    clock.endAll();
    await q.idle();
    expect(server.calls).toEqual(['patch a v1']);
    expect(server.excerpts.get('a')?.memo).toBe('Why');
    expect(kept.at(-1)).toBe('[]');
  });

  it('flush sends a held memo at once (the page is being hidden or closed)', async () => {
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.version = 1;
    const clock = timers();
    const { q } = setup(server, clock.wait);
    q.push({ kind: 'patch', id: 'a', change: { memo: 'typed just before closing' } }, { settle: true });
    await tick();
    expect(server.calls).toEqual([]);
    q.flush();
    await q.idle();
    expect(server.calls).toEqual(['patch a v1']);
    expect(server.excerpts.get('a')?.memo).toBe('typed just before closing');
  });

  it('another change sends a held memo along with it, in order', async () => {
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.version = 1;
    const clock = timers();
    const { q } = setup(server, clock.wait);
    q.push({ kind: 'patch', id: 'a', change: { memo: 'first' } }, { settle: true });
    await tick();
    q.push({ kind: 'add', excerpt: ex('b', 6, 9) });
    await q.idle();
    expect(server.calls).toEqual(['patch a v1', 'add b v2']);
  });

  it('replays what a closed tab left without adding twice, failing or calling it a conflict', async () => {
    // The tab sent an add and a memo as it closed; both landed, no answer came back.
    const server = new FakeServer();
    server.excerpts.set('a', { ...ex('a', 0, 5), memo: 'why' });
    server.excerpts.set('d', ex('d', 10, 12));
    server.version = 7;
    const { q, refused, conflicts } = setup(server);
    const left: Op[] = [
      { kind: 'add', excerpt: ex('a', 0, 5) },
      { kind: 'patch', id: 'a', change: { memo: 'why ' } },
      { kind: 'add', excerpt: ex('b', 6, 9) }, // this one never left
      { kind: 'delete', id: 'c' }, // landed: c is gone
    ];
    expect(q.restore(left)).toHaveLength(1);
    await q.idle();
    expect(server.calls).toEqual(['add b v7']);
    expect(refused).toEqual([]);
    expect(conflicts()).toBe(0);
    expect([...server.excerpts.keys()].sort()).toEqual(['a', 'b', 'd']);
  });

  it('a change the set already holds after a 409 is dropped quietly, not sent again', async () => {
    // Sent as the tab was hidden; it landed, but the answer was lost and the set moved on.
    const server = new FakeServer();
    server.excerpts.set('a', ex('a', 0, 5));
    server.version = 1;
    const { q, refused, conflicts } = setup(server);
    server.excerpts.set('a', { ...ex('a', 0, 5), memo: 'done' });
    server.version = 2;
    q.push({ kind: 'patch', id: 'a', change: { memo: 'done' } });
    await q.idle();
    expect(server.calls).toEqual(['patch a v1']);
    expect(refused).toEqual([]);
    expect(conflicts()).toBe(0);
    expect(q.version).toBe(2);
  });
});

describe('rebaseOps', () => {
  const a = ex('a', 0, 5);
  const aMemo = { ...a, memo: 'why' };
  const cases: { name: string; server: Excerpt[]; ops: Op[]; want: Op[] }[] = [
    { name: 'nothing landed: sent as they are', server: [], ops: [{ kind: 'add', excerpt: a }], want: [{ kind: 'add', excerpt: a }] },
    { name: 'an add that landed is not sent again', server: [a], ops: [{ kind: 'add', excerpt: a }], want: [] },
    {
      name: 'an add that landed without its memo becomes a patch of the memo',
      server: [a],
      ops: [{ kind: 'add', excerpt: aMemo }],
      want: [{ kind: 'patch', id: 'a', change: { memo: 'why' } }],
    },
    { name: 'a memo the server has (trimmed) is not sent again', server: [aMemo], ops: [{ kind: 'patch', id: 'a', change: { memo: ' why\n' } }], want: [] },
    {
      name: 'a patch keeps only what differs',
      server: [aMemo],
      ops: [{ kind: 'patch', id: 'a', change: { memo: 'why', end: 9 } }],
      want: [{ kind: 'patch', id: 'a', change: { end: 9 } }],
    },
    {
      name: 'changes to an excerpt deleted in the end: only the delete, while it is there',
      server: [a],
      ops: [
        { kind: 'patch', id: 'a', change: { memo: 'x' } },
        { kind: 'delete', id: 'a' },
      ],
      want: [{ kind: 'delete', id: 'a' }],
    },
    {
      name: 'an add and delete that both landed: nothing',
      server: [],
      ops: [
        { kind: 'add', excerpt: a },
        { kind: 'delete', id: 'a' },
      ],
      want: [],
    },
    {
      name: 'a patch and a delete that both landed: nothing',
      server: [],
      ops: [
        { kind: 'patch', id: 'a', change: { memo: 'x' } },
        { kind: 'delete', id: 'a' },
      ],
      want: [],
    },
    {
      name: 'an add with its memo typed later, neither landed: one add',
      server: [],
      ops: [
        { kind: 'add', excerpt: a },
        { kind: 'patch', id: 'a', change: { memo: 'why' } },
      ],
      want: [{ kind: 'add', excerpt: aMemo }],
    },
    {
      name: 'a patch of an excerpt gone elsewhere is kept, so the coder hears of it',
      server: [],
      ops: [{ kind: 'patch', id: 'a', change: { memo: 'x' } }],
      want: [{ kind: 'patch', id: 'a', change: { memo: 'x' } }],
    },
    {
      name: 'a deleted excerpt brought back (undo) is added again',
      server: [],
      ops: [
        { kind: 'delete', id: 'a' },
        { kind: 'add', excerpt: a },
      ],
      want: [{ kind: 'add', excerpt: a }],
    },
    {
      name: 'themes compare in order',
      server: [ex('a', 0, 5, ['t1', 't2'])],
      ops: [{ kind: 'patch', id: 'a', change: { themes: ['t1', 't2', 't3'] } }],
      want: [{ kind: 'patch', id: 'a', change: { themes: ['t1', 't2', 't3'] } }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(rebaseOps(c.server, c.ops)).toEqual(c.want);
    });
  }
});

describe('PendingStore', () => {
  function memory(init: Record<string, string> = {}) {
    const m = new Map(Object.entries(init));
    return {
      map: m,
      get length() {
        return m.size;
      },
      key: (i: number) => [...m.keys()][i] ?? null,
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
    };
  }
  const op = (id: string): Op => ({ kind: 'delete', id });

  it('keeps each tab under its own key and forgets it when all is saved', () => {
    const mem = memory();
    const one = new PendingStore(mem, 'p.t.u', 'tab1');
    const two = new PendingStore(mem, 'p.t.u', 'tab2');
    one.save([op('a')]);
    two.save([op('b')]);
    expect(parseOps(mem.getItem('p.t.u.tab1'))).toEqual([op('a')]);
    expect(parseOps(mem.getItem('p.t.u.tab2'))).toEqual([op('b')]);
    one.save([]);
    expect(mem.map.has('p.t.u.tab1')).toBe(false);
  });

  it('takes over the changes of closed tabs only, and the key of earlier versions', () => {
    const mem = memory({
      'p.t.u': JSON.stringify([op('old')]),
      'p.t.u.open': JSON.stringify([op('live')]),
      'p.t.u.closed': JSON.stringify([op('left')]),
      'p.t.u2.closed': JSON.stringify([op('someone else')]),
      'p.t.u.me': JSON.stringify([op('mine')]),
    });
    const me = new PendingStore(mem, 'p.t.u', 'me');
    const got = me.leftBehind(new Set(['open', 'me']));
    expect(got.keys.sort()).toEqual(['p.t.u', 'p.t.u.closed']);
    expect(got.ops.map((o) => (o.kind === 'delete' ? o.id : '')).sort()).toEqual(['left', 'old']);
    // A browser that cannot tell which tabs are open: every other tab's.
    expect(me.leftBehind(null).keys.sort()).toEqual(['p.t.u', 'p.t.u.closed', 'p.t.u.open']);
    me.forget(got.keys);
    expect([...mem.map.keys()].sort()).toEqual(['p.t.u.me', 'p.t.u.open', 'p.t.u2.closed']);
  });

  it('lists the open tabs that keep changes, to take them over once they close', () => {
    const mem = memory({
      'p.t.u.open': JSON.stringify([op('live')]),
      'p.t.u.closing': JSON.stringify([op('sent at the next visit')]),
      'p.t.u2.closing': JSON.stringify([op('someone else')]),
      'p.t.u.me': JSON.stringify([op('mine')]),
    });
    const me = new PendingStore(mem, 'p.t.u', 'me');
    // A tab just closed may still be listed as open a moment after.
    expect(me.waiting(new Set(['open', 'closing', 'me'])).sort()).toEqual(['closing', 'open']);
    expect(me.waiting(null)).toEqual([]);
    const kept = me.keptBy('closing');
    expect(kept.keys).toEqual(['p.t.u.closing']);
    expect(kept.ops).toEqual([op('sent at the next visit')]);
    expect(me.keptBy('gone')).toEqual({ keys: [], ops: [] });
  });

  it('ignores what it cannot read', () => {
    expect(parseOps('not json')).toEqual([]);
    expect(parseOps('{"kind":"add"}')).toEqual([]);
    expect(parseOps(JSON.stringify([{ kind: 'add' }, { kind: 'patch', id: 'a', change: { memo: 'm' } }, 7]))).toEqual([{ kind: 'patch', id: 'a', change: { memo: 'm' } }]);
  });
});

describe('SaveQueue and names removed from the text', () => {
  /** movedServer is a server whose text a lead redacts: 3 characters more
   * before position 10; positions sent on the old text are moved. */
  function movedServer() {
    const s = {
      version: 4,
      textVersion: 1,
      excerpts: new Map<string, Excerpt>([['e1', ex('e1', 10, 15)]]),
      sent: [] as { what: string; textVersion?: number }[],
      redact() {
        s.textVersion = 2;
        s.version++;
        for (const [id, e] of s.excerpts) s.excerpts.set(id, { ...e, start: e.start + 3, end: e.end + 3 });
      },
      move: (p: number, tv?: number) => ((tv ?? s.textVersion) < 2 && p >= 10 ? p + 3 : p),
      current(): WorkingSet {
        return { coderId: 'me', coderName: 'Me', researcherType: 'peer', status: 'in_progress', version: s.version, textVersion: s.textVersion, hidden: false, excerpts: [...s.excerpts.values()] };
      },
    };
    const sender = {
      add: async (version: number, e: Excerpt, textVersion?: number): Promise<Written> => {
        s.sent.push({ what: `add ${e.id}`, textVersion });
        if (version !== s.version) throw new ApiError(409, 'version_conflict', 'changed', { current: s.current() });
        const stored = { ...e, start: s.move(e.start, textVersion), end: s.move(e.end, textVersion) };
        s.excerpts.set(e.id, stored);
        return { version: ++s.version, excerpt: stored };
      },
      patch: async (version: number, id: string, change: ExcerptChange, textVersion?: number): Promise<Written> => {
        s.sent.push({ what: `patch ${id}`, textVersion });
        if (version !== s.version) throw new ApiError(409, 'version_conflict', 'changed', { current: s.current() });
        const x = s.excerpts.get(id)!;
        const stored = { ...x, ...change, ...(change.start !== undefined ? { start: s.move(change.start, textVersion) } : {}), ...(change.end !== undefined ? { end: s.move(change.end, textVersion) } : {}) };
        s.excerpts.set(id, stored);
        return { version: ++s.version, excerpt: stored };
      },
      remove: async (): Promise<Written> => ({ version: ++s.version }),
      reload: async () => s.current(),
    };
    return { s, sender };
  }

  it('sends the text version with positions, and a change made on the old text lands on the same words', async () => {
    const { s, sender } = movedServer();
    let textChanged = 0;
    const q = new SaveQueue({ version: s.version, excerpts: [...s.excerpts.values()] }, sender, { wait: async () => {}, onTextChanged: () => textChanged++ });
    q.textVersion = 1;
    s.redact(); // the coder's tab still shows the old text
    q.push({ kind: 'add', excerpt: ex('e2', 20, 25) });
    q.push({ kind: 'patch', id: 'e2', change: { memo: 'no positions' } });
    await q.idle();
    expect(s.sent).toEqual([
      { what: 'add e2', textVersion: 1 },
      { what: 'add e2', textVersion: 1 }, // again after the 409, still on the text it was made on
      { what: 'patch e2', textVersion: undefined }, // no positions: nothing to move
    ]);
    expect(textChanged).toBe(1);
    expect(q.excerpts().find((e) => e.id === 'e2')).toMatchObject({ start: 23, end: 28, memo: 'no positions' });
    expect(q.excerpts().find((e) => e.id === 'e1')).toMatchObject({ start: 13, end: 18 });
  });

  it('does not fold positions taken on another text into an earlier change', () => {
    const q = new SaveQueue({ version: 0, excerpts: [] }, new FakeServer().sender(), { wait: () => new Promise(() => {}) });
    q.textVersion = 1;
    q.push({ kind: 'add', excerpt: ex('a', 1, 2) }); // in flight
    q.push({ kind: 'patch', id: 'a', change: { start: 5, end: 9 } });
    q.textVersion = 2;
    q.push({ kind: 'patch', id: 'a', change: { start: 6, end: 9 } });
    q.push({ kind: 'patch', id: 'a', change: { memo: 'm' } });
    expect(q.pending).toEqual([
      { kind: 'add', excerpt: ex('a', 1, 2), textVersion: 1 },
      { kind: 'patch', id: 'a', change: { start: 5, end: 9 }, textVersion: 1 },
      { kind: 'patch', id: 'a', change: { start: 6, end: 9, memo: 'm' }, textVersion: 2 },
    ]);
  });

  it('waits while a lead removes names (503 transcript_busy), then saves', async () => {
    const server = new FakeServer();
    server.script = [new ApiError(503, 'transcript_busy', 'A lead is removing names…', { retryAfterSeconds: 1 })];
    const { q, waits, statuses, refused } = setup(server);
    q.push({ kind: 'add', excerpt: ex('a', 0, 5) });
    await q.idle();
    expect(waits).toEqual([1000]);
    expect(statuses).toContain('waiting');
    expect(refused).toEqual([]);
    expect(server.excerpts.has('a')).toBe(true);
  });

  it('replays a change left behind with the text version its positions were taken on', () => {
    const ops: Op[] = [
      { kind: 'add', excerpt: ex('a', 10, 12), textVersion: 1 },
      { kind: 'patch', id: 'b', change: { start: 3 }, textVersion: 1 },
      { kind: 'patch', id: 'c', change: { memo: 'x' } },
    ];
    expect(rebaseOps([ex('b', 1, 8), ex('c', 1, 2)], ops)).toEqual([
      { kind: 'add', excerpt: ex('a', 10, 12), textVersion: 1 },
      { kind: 'patch', id: 'b', change: { start: 3 }, textVersion: 1 },
      { kind: 'patch', id: 'c', change: { memo: 'x' } },
    ]);
  });
});
