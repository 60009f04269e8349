// The rules of the reconciliation view, without React: the order and groups
// of the queue, each item's state in words, which item comes next, what a
// key does, the progress in words, and moving an item's bounds by a word.
import type { CodebookNode, Turn } from '../api/client';
import type { components } from '../api/schema';
import { pathOf, plural } from '../codebook/codebook';
import { moveCaret, snippet } from '../coding/coding';
import type { CodePointText } from '../shared/text';

export type QueueItem = components['schemas']['QueueItem'];
export type Queue = components['schemas']['Queue'];
export type QueueCoder = components['schemas']['QueueCoder'];
export type Action = components['schemas']['Decision']['action'];

/** ItemState is where an item stands: agreed by every coder, open (no
 * decision, or one the coding changed since), or its latest decision. */
export type ItemState = 'agreed' | 'open' | 'accepted' | 'rejected' | 'adjusted' | 'theme' | 'deferred';

const stateOfAction: Record<Action, ItemState> = { accept: 'accepted', reject: 'rejected', adjust: 'adjusted', theme: 'theme', defer: 'deferred' };

/** stateOf is an item's state. A decision taken before the coding changed
 * (stale) leaves the item open again, as the server counts it. */
export function stateOf(it: QueueItem): ItemState {
  if (it.agreed) return 'agreed';
  if (!it.decision || it.stale) return 'open';
  return stateOfAction[it.decision.action];
}

/** stateWords names each state in the queue. */
export const stateWords: Record<ItemState, string> = {
  agreed: 'Everyone agreed',
  open: 'Open',
  accepted: 'Accepted',
  rejected: 'Rejected',
  adjusted: 'Accepted with other bounds',
  theme: 'Other theme',
  deferred: 'Deferred',
};

/** doneWords says what a decision did, for the announcement after it. */
export const doneWords: Record<Action, string> = {
  accept: 'Accepted',
  reject: 'Rejected',
  adjust: 'Accepted with the new bounds',
  theme: 'Applied the other theme',
  defer: 'Deferred',
};

/** needsRationale says whether an action needs a rationale (the server refuses it without). */
export function needsRationale(a: Action): boolean {
  return a === 'reject' || a === 'adjust' || a === 'theme';
}

/** inTextOrder sorts items as they come in the text: by start, then end,
 * then theme name (name gives the theme's name). */
export function inTextOrder(items: QueueItem[], name: (id: string) => string): QueueItem[] {
  return [...items].sort((a, b) => a.start - b.start || a.end - b.end || name(a.theme).localeCompare(name(b.theme)) || a.id.localeCompare(b.id));
}

/** Groups are the queue's two lists: the disagreements, and what every coder agreed on. */
export interface Groups {
  disagreements: QueueItem[];
  agreed: QueueItem[];
}

/** groupItems splits items (in text order) into disagreements and agreed. */
export function groupItems(items: QueueItem[], name: (id: string) => string): Groups {
  const ordered = inTextOrder(items, name);
  return { disagreements: ordered.filter((it) => !it.agreed), agreed: ordered.filter((it) => it.agreed) };
}

/** progressOf counts the resolved disagreements (a decision other than
 * defer, not overtaken by a change of the coding) of all disagreements. */
export function progressOf(items: QueueItem[]): { resolved: number; total: number } {
  const dis = items.filter((it) => !it.agreed);
  return { resolved: dis.filter((it) => it.resolved).length, total: dis.length };
}

/** progressWords says the progress: "34 of 120 resolved". */
export function progressWords(p: { resolved: number; total: number }): string {
  if (p.total === 0) return 'Nothing to decide: the coders agreed on everything.';
  return `${p.resolved} of ${p.total} resolved`;
}

/** nextOpen is the id of the next open disagreement after the item from
 * (in order, wrapping round), or else the next deferred one; null when
 * every disagreement is resolved. */
export function nextOpen(disagreements: QueueItem[], from: string | null): string | null {
  const at = disagreements.findIndex((it) => it.id === from);
  const n = disagreements.length;
  for (const want of ['open', 'deferred'] as ItemState[]) {
    for (let k = 1; k <= n; k++) {
      const it = disagreements[(at + k + n) % n];
      if (it && stateOf(it) === want && (it.id !== from || k === n)) return it.id;
    }
  }
  return null;
}

/** step is the id of the item before (-1) or after (1) from in the list,
 * staying at the ends. */
export function step(list: QueueItem[], from: string | null, dir: -1 | 1): string | null {
  if (list.length === 0) return null;
  const at = list.findIndex((it) => it.id === from);
  if (at < 0) return list[dir > 0 ? 0 : list.length - 1].id;
  return list[Math.max(0, Math.min(list.length - 1, at + dir))].id;
}

/** KeyCommand is what a key of the reconciliation view does. */
export type KeyCommand = 'next' | 'prev' | 'accept' | 'reject' | 'note' | 'defer' | 'theme' | 'bounds' | 'help';

const commands: Record<string, KeyCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'prev',
  ArrowUp: 'prev',
  a: 'accept',
  r: 'reject',
  n: 'note',
  d: 'defer',
  t: 'theme',
  b: 'bounds',
  '?': 'help',
};

/** KeyList is the list "?" shows: each key and what it does. */
export const keyList: [string, string][] = [
  ['j or ↓', 'Next item'],
  ['k or ↑', 'Previous item'],
  ['a', 'Accept'],
  ['r', 'Reject (with a rationale: the first press opens the rationale box)'],
  ['n', 'Write in the rationale box'],
  ['Esc', 'Leave the rationale box'],
  ['b', 'Change the bounds'],
  ['t', 'Apply a different theme'],
  ['d', 'Defer: decide later'],
  ['?', 'Show or hide this list'],
];

/** KeyEventLike is what keyCommand reads of a keyboard event. */
export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** isTyping says whether the event comes from a place where people type:
 * a text box, a list to choose from, or editable text. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type ?? 'text');
}

/** keyCommand is the command of a key, or null: never while typing, never
 * with Control, Command or Alt. */
export function keyCommand(e: KeyEventLike): KeyCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  // In a scrolling region (the transcript) the arrows scroll it.
  if (e.key.startsWith('Arrow') && (e.target as { closest?: (s: string) => unknown } | null)?.closest?.('[role="region"]')) return null;
  return commands[e.key] ?? null;
}

/** themePath is "Domain › Category › Theme" of a theme. */
export function themePath(nodes: CodebookNode[], id: string, name: string): string {
  return [...pathOf(nodes, id), name].join(' › ');
}

/** coderWords names coders with how they take part: "Pat (peer), Alex (academic)". */
export function coderWords(cs: QueueCoder[]): string {
  if (cs.length === 0) return 'nobody';
  return cs.map((c) => `${c.name} (${typeShort[c.researcherType] ?? 'other'})`).join(', ');
}

const typeShort: Record<string, string> = { peer: 'peer', academic: 'academic', other: 'other' };

/** passageOf is the passage an item stands for in the consensus: the bounds
 * of its latest decision when that took it in, else what accepting would take. */
export function passageOf(it: QueueItem): [number, number] {
  const d = it.decision;
  if (d && !it.stale && (d.action === 'accept' || d.action === 'adjust' || d.action === 'theme') && d.consensusEnd > d.consensusStart) {
    return [d.consensusStart, d.consensusEnd];
  }
  return [it.consensus.start, it.consensus.end];
}

/** shortText is a passage shortened for the queue. */
export function shortText(s: string, max = 90): string {
  return snippet(s, max);
}

/** positionWords says where an item is in the queue: "Disagreement 3 of 12". */
export function positionWords(g: Groups, id: string): string {
  const i = g.disagreements.findIndex((it) => it.id === id);
  if (i >= 0) return `Disagreement ${i + 1} of ${g.disagreements.length}`;
  return 'Every coder applied this: it is in the consensus already.';
}

/** announceWords is what the live region says after a decision: "Accepted. 35 of 120 resolved." */
export function announceWords(a: Action, p: { resolved: number; total: number }): string {
  return `${doneWords[a]}. ${progressWords(p)}.`;
}

/** nudge moves one end of the bounds [start, end) by a word: the start to
 * the word before or after, the end to the end of the word before or after.
 * The bounds always keep at least one word. */
export function nudge(text: CodePointText, turns: Pick<Turn, 'start' | 'end'>[], b: [number, number], end: 'start' | 'end', dir: -1 | 1): [number, number] {
  const [s, e] = b;
  if (end === 'start') {
    let k: number;
    if (dir < 0) k = moveCaret(text, turns, s, 'word', -1);
    else {
      k = moveCaret(text, turns, s, 'word', 1); // past this word
      k = moveCaret(text, turns, moveCaret(text, turns, k, 'word', 1), 'word', -1); // to the next word's start
    }
    return k < e ? [k, e] : b;
  }
  let k: number;
  if (dir > 0) k = moveCaret(text, turns, e, 'word', 1);
  else {
    k = moveCaret(text, turns, e, 'word', -1); // to this word's start
    k = moveCaret(text, turns, moveCaret(text, turns, k, 'word', -1), 'word', 1); // to the end of the word before
  }
  return k > s ? [s, k] : b;
}

/** boundsWords says how many words the adjusted passage has, for the nudge buttons' announcements. */
export function boundsWords(text: CodePointText, b: [number, number]): string {
  const words = text.slice(b[0], b[1]).trim().split(/\s+/).filter(Boolean).length;
  return plural(words, 'word', 'words');
}
