import { describe, expect, it } from 'vitest';
import { CodePointText } from '../shared/text';
import {
  announceWords,
  coderWords,
  groupItems,
  isTyping,
  keyCommand,
  nextOpen,
  nudge,
  passageOf,
  positionWords,
  progressOf,
  progressWords,
  stateOf,
  step,
  type QueueItem,
} from './queue';

const names: Record<string, string> = { t1: 'Belonging', t2: 'Autonomy' };
const name = (id: string) => names[id] ?? id;

function item(id: string, start: number, end: number, over: Partial<QueueItem> = {}): QueueItem {
  return {
    id,
    transcriptId: 'tr',
    theme: 't1',
    rule: 'turn',
    start,
    end,
    text: 'some text',
    applied: [],
    notApplied: [],
    agreed: false,
    consensus: { start, end },
    fingerprint: 'f',
    decision: null,
    revision: 0,
    resolved: false,
    stale: false,
    ...over,
  };
}

const decided = (action: 'accept' | 'reject' | 'adjust' | 'theme' | 'defer') =>
  ({ action, resolved: action !== 'defer', decision: { action } as QueueItem['decision'] }) as Partial<QueueItem>;

describe('the queue in text order', () => {
  it('orders by start, then end, then theme name, and puts agreed items apart', () => {
    const items = [
      item('c', 50, 60),
      item('a', 10, 30, { theme: 't1' }),
      item('b', 10, 30, { theme: 't2' }),
      item('ag', 5, 8, { agreed: true, resolved: true }),
      item('d', 10, 20),
    ];
    const g = groupItems(items, name);
    expect(g.disagreements.map((i) => i.id)).toEqual(['d', 'b', 'a', 'c']);
    expect(g.agreed.map((i) => i.id)).toEqual(['ag']);
    expect(positionWords(g, 'b')).toBe('Disagreement 2 of 4');
    expect(positionWords(g, 'ag')).toMatch(/^Every coder applied this/);
  });
});

describe('states', () => {
  it('reads the latest decision, and an item whose coding changed since is open again', () => {
    expect(stateOf(item('x', 0, 1))).toBe('open');
    expect(stateOf(item('x', 0, 1, { agreed: true }))).toBe('agreed');
    expect(stateOf(item('x', 0, 1, decided('accept')))).toBe('accepted');
    expect(stateOf(item('x', 0, 1, decided('theme')))).toBe('theme');
    expect(stateOf(item('x', 0, 1, decided('adjust')))).toBe('adjusted');
    expect(stateOf(item('x', 0, 1, decided('defer')))).toBe('deferred');
    expect(stateOf(item('x', 0, 1, { ...decided('reject'), stale: true, resolved: false }))).toBe('open');
  });
});

describe('the passage of an item', () => {
  it('is what accepting takes, or the bounds a decision took in', () => {
    const it0 = item('x', 0, 40, { consensus: { start: 5, end: 20 } });
    expect(passageOf(it0)).toEqual([5, 20]);
    const adjusted = { ...it0, decision: { action: 'adjust', consensusStart: 5, consensusEnd: 12 } as QueueItem['decision'] };
    expect(passageOf(adjusted)).toEqual([5, 12]);
    expect(passageOf({ ...adjusted, stale: true })).toEqual([5, 20]);
    const rejected = { ...it0, decision: { action: 'reject', consensusStart: 0, consensusEnd: 0 } as QueueItem['decision'] };
    expect(passageOf(rejected)).toEqual([5, 20]);
  });
});

describe('next open item', () => {
  const list = [item('a', 0, 1, decided('accept')), item('b', 2, 3), item('c', 4, 5, decided('defer')), item('d', 6, 7)];
  it('goes to the next open item after the current one, wrapping round', () => {
    expect(nextOpen(list, 'a')).toBe('b');
    expect(nextOpen(list, 'b')).toBe('d');
    expect(nextOpen(list, 'd')).toBe('b');
    expect(nextOpen(list, null)).toBe('b');
  });
  it('comes back to deferred items when nothing else is open, and says when all is done', () => {
    const rest = [item('a', 0, 1, decided('accept')), item('c', 4, 5, decided('defer'))];
    expect(nextOpen(rest, 'a')).toBe('c');
    expect(nextOpen(rest, 'c')).toBe('c');
    expect(nextOpen([item('a', 0, 1, decided('accept'))], 'a')).toBeNull();
    expect(nextOpen([], null)).toBeNull();
  });
  it('steps to the item before or after, staying at the ends', () => {
    expect(step(list, 'a', 1)).toBe('b');
    expect(step(list, 'a', -1)).toBe('a');
    expect(step(list, 'd', 1)).toBe('d');
    expect(step(list, null, 1)).toBe('a');
    expect(step([], null, 1)).toBeNull();
  });
});

describe('progress in words', () => {
  it('counts resolved disagreements, not deferred ones nor agreed items', () => {
    const items = [item('a', 0, 1, decided('accept')), item('b', 2, 3, decided('defer')), item('c', 4, 5), item('g', 6, 7, { agreed: true, resolved: true })];
    expect(progressOf(items)).toEqual({ resolved: 1, total: 3 });
    expect(progressWords({ resolved: 34, total: 120 })).toBe('34 of 120 resolved');
    expect(progressWords({ resolved: 0, total: 0 })).toMatch(/^Nothing to decide/);
    expect(announceWords('accept', { resolved: 35, total: 120 })).toBe('Accepted. 35 of 120 resolved.');
    expect(announceWords('defer', { resolved: 35, total: 120 })).toBe('Deferred. 35 of 120 resolved.');
  });
  it('names the coders with how they take part', () => {
    expect(coderWords([{ id: '1', name: 'Pat', researcherType: 'peer' }, { id: '2', name: 'Alex', researcherType: 'academic' }])).toBe(
      'Pat (peer), Alex (academic)',
    );
    expect(coderWords([])).toBe('nobody');
  });
});

describe('keys', () => {
  const ev = (key: string, target: unknown = { tagName: 'BUTTON' }, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
    target: target as EventTarget,
  });
  it('maps the letters and arrows to commands', () => {
    expect(keyCommand(ev('j'))).toBe('next');
    expect(keyCommand(ev('ArrowDown'))).toBe('next');
    expect(keyCommand(ev('k'))).toBe('prev');
    expect(keyCommand(ev('ArrowUp'))).toBe('prev');
    expect(keyCommand(ev('a'))).toBe('accept');
    expect(keyCommand(ev('r'))).toBe('reject');
    expect(keyCommand(ev('n'))).toBe('note');
    expect(keyCommand(ev('d'))).toBe('defer');
    expect(keyCommand(ev('?'))).toBe('help');
    expect(keyCommand(ev('x'))).toBeNull();
    expect(keyCommand(ev('a', null))).toBe('accept');
  });
  it('never fires while typing, nor with Control, Command or Alt', () => {
    expect(keyCommand(ev('a', { tagName: 'TEXTAREA' }))).toBeNull();
    expect(keyCommand(ev('j', { tagName: 'INPUT', type: 'text' }))).toBeNull();
    expect(keyCommand(ev('j', { tagName: 'INPUT', type: 'search' }))).toBeNull();
    expect(keyCommand(ev('ArrowDown', { tagName: 'SELECT' }))).toBeNull();
    expect(keyCommand(ev('d', { tagName: 'DIV', isContentEditable: true }))).toBeNull();
    expect(keyCommand(ev('a', { tagName: 'BUTTON' }, { ctrlKey: true }))).toBeNull();
    expect(keyCommand(ev('r', { tagName: 'BUTTON' }, { metaKey: true }))).toBeNull();
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
  });
  it('lets the arrows scroll the transcript when it has the focus; the letters still work there', () => {
    const inRegion = { tagName: 'DIV', closest: (sel: string) => (sel === '[role="region"]' ? {} : null) };
    expect(keyCommand(ev('ArrowDown', inRegion))).toBeNull();
    expect(keyCommand(ev('j', inRegion))).toBe('next');
  });
});

describe('nudging the bounds by a word', () => {
  const text = new CodePointText('We cook lunch together and talk.');
  const turns = [{ start: 0, end: text.length }];
  const b: [number, number] = [3, 13]; // "cook lunch"
  const said = (x: [number, number]) => text.slice(x[0], x[1]);
  it('moves the start and the end a word at a time', () => {
    expect(said(nudge(text, turns, b, 'start', -1))).toBe('We cook lunch');
    expect(said(nudge(text, turns, b, 'start', 1))).toBe('lunch');
    expect(said(nudge(text, turns, b, 'end', 1))).toBe('cook lunch together');
    expect(said(nudge(text, turns, b, 'end', -1))).toBe('cook');
  });
  it('keeps at least one word and stays in the text', () => {
    const one: [number, number] = [3, 7]; // "cook"
    expect(nudge(text, turns, one, 'start', 1)).toEqual(one);
    expect(nudge(text, turns, one, 'end', -1)).toEqual(one);
    expect(said(nudge(text, turns, [0, 2], 'start', -1))).toBe('We');
  });
});
