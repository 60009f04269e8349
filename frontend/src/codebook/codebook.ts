// The codebook's pure logic: the tree, counts, where an entry may move, what
// changed between two versions, and plain words for levels and fields.
import type { CodebookNode, ImportPreview, Level, NodeStatus, NodeText, Proposal } from '../api/client';

export const textFields: (keyof NodeText)[] = ['name', 'colour', 'brief', 'full', 'whenToUse', 'whenNotToUse', 'example', 'plainLanguage'];

/** fieldWords names each field of an entry the way the forms and the history say it. */
export const fieldWords: Record<keyof NodeText, string> = {
  name: 'Name',
  colour: 'Colour',
  brief: 'Short definition',
  full: 'Full definition',
  whenToUse: 'When to use it',
  whenNotToUse: 'When not to use it',
  example: 'Example',
  plainLanguage: 'In plain words',
};

/** levelWords names the three levels; child is the level that goes under each. */
export const levelWords: Record<Level, { name: string; plural: string; child?: Level; parent?: Level }> = {
  domain: { name: 'domain', plural: 'domains', child: 'category' },
  category: { name: 'category', plural: 'categories', child: 'theme', parent: 'domain' },
  theme: { name: 'theme', plural: 'themes', parent: 'category' },
};

export const nodeStatusWords: Record<NodeStatus, string> = {
  proposed: 'Proposed',
  active: 'In use',
  archived: 'Archived',
};

export const emptyText: NodeText = { name: '', colour: '', brief: '', full: '', whenToUse: '', whenNotToUse: '', example: '', plainLanguage: '' };

/** textOf returns the wording of an entry, every field a string. */
export function textOf(n: Partial<NodeText>): NodeText {
  const out = { ...emptyText };
  for (const f of textFields) out[f] = n[f] ?? '';
  return out;
}

/** capital starts a phrase with a capital letter. */
export function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** plural says "1 theme" or "3 themes". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface TreeNode {
  node: CodebookNode;
  children: TreeNode[];
}

/** childrenOf returns the entries under parentId ("" for domains) in their order. */
export function childrenOf(nodes: CodebookNode[], parentId: string): CodebookNode[] {
  return nodes.filter((n) => n.parentId === parentId).sort((a, b) => a.order - b.order);
}

/** buildTree arranges the entries as domains > categories > themes, each in
 * its order. An entry whose parent is missing is kept at the top, after the
 * domains, rather than lost. */
export function buildTree(nodes: CodebookNode[]): TreeNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const byParent = new Map<string, CodebookNode[]>();
  for (const n of nodes) {
    const p = n.parentId && ids.has(n.parentId) ? n.parentId : '';
    byParent.set(p, [...(byParent.get(p) ?? []), n]);
  }
  const seen = new Set<string>();
  const build = (parent: string): TreeNode[] =>
    (byParent.get(parent) ?? [])
      .slice()
      .sort((a, b) => (a.parentId === parent) === (b.parentId === parent) ? a.order - b.order : a.parentId === parent ? -1 : 1)
      .filter((n) => !seen.has(n.id) && seen.add(n.id))
      .map((n) => ({ node: n, children: build(n.id) }));
  return build('');
}

/** Counts are what sits under an entry. Only entries in use count. */
export interface Counts {
  categories: number;
  themes: number;
}

/** countsOf counts the categories and themes in use under each entry. */
export function countsOf(tree: TreeNode[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  const walk = (t: TreeNode): Counts => {
    const c: Counts = { categories: 0, themes: 0 };
    for (const ch of t.children) {
      const below = walk(ch);
      c.categories += below.categories;
      c.themes += below.themes;
      if (ch.node.status === 'active') {
        if (ch.node.level === 'category') c.categories++;
        if (ch.node.level === 'theme') c.themes++;
      }
    }
    out.set(t.node.id, c);
    return c;
  };
  tree.forEach(walk);
  return out;
}

/** countWords says what is under an entry: "2 categories, 6 themes" or "3 themes". */
export function countWords(level: Level, c: Counts | undefined): string {
  if (!c || level === 'theme') return '';
  if (level === 'domain') return `${plural(c.categories, 'category', 'categories')}, ${plural(c.themes, 'theme', 'themes')}`;
  return plural(c.themes, 'theme', 'themes');
}

/** pathOf names the entries above id, from the domain down: ["RLC Attributes", "Atmosphere"]. */
export function pathOf(nodes: CodebookNode[], id: string): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  let n = byId.get(id);
  for (let hops = 0; n && n.parentId && hops < 3; hops++) {
    n = byId.get(n.parentId);
    if (n) out.unshift(n.name);
  }
  return out;
}

/** canHoldChildren says whether an entry can take new entries under it: in use or archived, never proposed or merged. */
function canHoldChildren(n: CodebookNode): boolean {
  return n.status !== 'proposed' && !n.mergedInto;
}

/** moveTargets lists where an entry may move to: the entries of the level
 * above other than its own parent (a domain cannot move anywhere). */
export function moveTargets(nodes: CodebookNode[], node: CodebookNode): { id: string; label: string }[] {
  const want = levelWords[node.level].parent;
  if (!want) return [];
  return buildTreeOrder(nodes)
    .filter((n) => n.level === want && n.id !== node.parentId && canHoldChildren(n))
    .map((n) => ({ id: n.id, label: [...pathOf(nodes, n.id), n.name].join(' › ') + (n.status === 'archived' ? ' (archived)' : '') }));
}

/** buildTreeOrder lists the entries depth first, in the tree's order. */
export function buildTreeOrder(nodes: CodebookNode[]): CodebookNode[] {
  const out: CodebookNode[] = [];
  const walk = (ts: TreeNode[]) => {
    for (const t of ts) {
      out.push(t.node);
      walk(t.children);
    }
  };
  walk(buildTree(nodes));
  return out;
}

/** mergeTargets lists the themes a theme can be merged into. */
export function mergeTargets(nodes: CodebookNode[], node: CodebookNode): { id: string; label: string }[] {
  if (node.level !== 'theme') return [];
  return buildTreeOrder(nodes)
    .filter((n) => n.level === 'theme' && n.id !== node.id && n.status === 'active' && !n.mergedInto)
    .map((n) => ({ id: n.id, label: [...pathOf(nodes, n.id), n.name].join(' › ') }));
}

/** Placement is where a move puts an entry: under parentId, at index among
 * the other children there. */
export interface Placement {
  parentId: string;
  index: number;
}

/** stepPlacement moves an entry up (-1) or down (+1) among its neighbours,
 * or returns null at the top or bottom. */
export function stepPlacement(nodes: CodebookNode[], id: string, delta: -1 | 1): Placement | null {
  const node = nodes.find((n) => n.id === id);
  if (!node) return null;
  const siblings = childrenOf(nodes, node.parentId);
  const at = siblings.findIndex((n) => n.id === id);
  const to = at + delta;
  if (to < 0 || to >= siblings.length) return null;
  return { parentId: node.parentId, index: to };
}

export type DropWhere = 'before' | 'after' | 'inside';

/** dropKind says how an entry dropped on target would land: beside an entry
 * of its own level, or inside an entry of the level above; null otherwise. */
export function dropKind(dragged: CodebookNode, target: CodebookNode): 'beside' | 'inside' | null {
  if (dragged.id === target.id) return null;
  if (target.level === dragged.level) return 'beside';
  if (levelWords[dragged.level].parent === target.level) return 'inside';
  return null;
}

/** dropPlacement says where dropping dragId on targetId puts it (before or
 * after an entry of the same level, or at the end inside an entry of the
 * level above), or null when that drop is not allowed or changes nothing. */
export function dropPlacement(nodes: CodebookNode[], dragId: string, targetId: string, where: DropWhere): Placement | null {
  const drag = nodes.find((n) => n.id === dragId);
  const target = nodes.find((n) => n.id === targetId);
  if (!drag || !target) return null;
  const kind = dropKind(drag, target);
  if (kind === 'beside' && where !== 'inside') {
    const parent = nodes.find((n) => n.id === target.parentId);
    if (parent && parent.id !== drag.parentId && !canHoldChildren(parent)) return null;
    const others = childrenOf(nodes, target.parentId).filter((n) => n.id !== dragId);
    const index = others.findIndex((n) => n.id === targetId) + (where === 'after' ? 1 : 0);
    if (target.parentId === drag.parentId) {
      const now = childrenOf(nodes, drag.parentId).findIndex((n) => n.id === dragId);
      if (now === index) return null;
    }
    return { parentId: target.parentId, index };
  }
  if (kind === 'inside' && where === 'inside') {
    if (target.id === drag.parentId || !canHoldChildren(target)) return null;
    return { parentId: target.id, index: childrenOf(nodes, target.id).length };
  }
  return null;
}

/** placeWords says where an entry now is: "2 of 3 in Atmosphere". */
export function placeWords(nodes: CodebookNode[], id: string): string {
  const node = nodes.find((n) => n.id === id);
  if (!node) return '';
  const siblings = childrenOf(nodes, node.parentId);
  const parent = nodes.find((n) => n.id === node.parentId);
  return `${siblings.findIndex((n) => n.id === id) + 1} of ${siblings.length}${parent ? ` in ${parent.name}` : ' domains'}`;
}

/** isColour says whether s is a colour as #RRGGBB. */
export function isColour(s: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(s);
}

/** contrastWithBlack is the WCAG 2.1 contrast ratio of black text on a #RRGGBB colour (as the server computes it). */
export function contrastWithBlack(hex: string): number {
  const ch = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const lum = 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
  return (lum + 0.05) / 0.05;
}

/** colourProblem says what is wrong with a theme colour, or returns null (an empty colour is allowed). */
export function colourProblem(colour: string, level: Level): string | null {
  const c = colour.trim();
  if (c === '') return null;
  if (!isColour(c)) return 'Give the colour as # and six letters or digits, like #F4C542.';
  if (level === 'theme' && contrastWithBlack(c) < 4.5) return 'This colour is too dark: text on it would be hard to read. Choose a lighter one.';
  return null;
}

/** suggestedColours are light colours on which black text reads well: the
 * server's theme colours, in the same order. */
export const suggestedColours = [
  '#F4C542', '#9AD1F5', '#B5E3A1', '#F7B2C4', '#D3C0F5', '#FFD59E', '#A8E6CF', '#FFB3A7',
  '#C7CEEA', '#E2F0CB', '#FDE2B9', '#BDE0FE', '#F9E79F', '#D5F5E3', '#FADBD8', '#E8DAEF',
];

/** leastUsedColour is the colour a new theme starts with, as the server
 * picks it: the suggested colour the codebook's themes (merged ones left
 * out) use least, the first in order among equals. */
export function leastUsedColour(nodes: { level: Level; colour: string; mergedInto?: string }[]): string {
  const count = new Map<string, number>();
  for (const n of nodes) {
    if (n.level !== 'theme' || n.mergedInto || !n.colour) continue;
    const c = n.colour.toUpperCase();
    count.set(c, (count.get(c) ?? 0) + 1);
  }
  let best = suggestedColours[0];
  for (const c of suggestedColours.slice(1)) if ((count.get(c) ?? 0) < (count.get(best) ?? 0)) best = c;
  return best;
}

/** Piece is a run of text that stayed, was removed or was added. */
export interface Piece {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** diffWords compares two texts word by word (spaces kept with the words),
 * so that a reader sees exactly what was removed and what was added. Very
 * long texts that differ a lot are shown as all removed and all added. */
export function diffWords(before: string, after: string): Piece[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  // Words, runs of spaces, and each punctuation mark on its own ("group," is "group" and ",").
  const tokens = /\s+|[\p{L}\p{N}\p{M}'’_-]+|[^\s\p{L}\p{N}\p{M}]/gu;
  const a = before.match(tokens) ?? [];
  const b = after.match(tokens) ?? [];
  // Common start and end first: most edits change a few words in the middle.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const am = a.slice(start, a.length - end);
  const bm = b.slice(start, b.length - end);
  const pieces: Piece[] = [];
  const push = (kind: Piece['kind'], text: string) => {
    if (!text) return;
    const last = pieces[pieces.length - 1];
    if (last && last.kind === kind) last.text += text;
    else pieces.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  if (am.length * bm.length > 4_000_000) {
    push('removed', am.join(''));
    push('added', bm.join(''));
  } else {
    // Longest common subsequence of the middle parts.
    const n = am.length;
    const m = bm.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        push('same', am[i]);
        i++;
        j++;
      } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        push('removed', am[i++]);
      } else {
        push('added', bm[j++]);
      }
    }
  }
  push('same', a.slice(a.length - end).join(''));
  return joinChanges(pieces);
}

/** joinChanges makes each run of changes read as one: all that was removed,
 * then all that was added. A space alone between two changes joins them. */
function joinChanges(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
    removed = added = '';
  };
  pieces.forEach((p, i) => {
    const inRun = removed !== '' || added !== '';
    const next = pieces[i + 1];
    if (p.kind === 'removed') removed += p.text;
    else if (p.kind === 'added') added += p.text;
    else if (inRun && next && next.kind !== 'same' && /^\s+$/.test(p.text)) {
      removed += p.text;
      added += p.text;
    } else {
      flush();
      out.push(p);
    }
  });
  flush();
  return out;
}

/** FieldChange is one field of an entry that differs between two versions. */
export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
  /** text: compare word by word; otherwise show before → after. */
  text: boolean;
}

export interface NodeChange {
  kind: 'added' | 'removed' | 'changed';
  id: string;
  level: Level;
  name: string;
  changes: FieldChange[];
}

const longFields = new Set<keyof NodeText>(['brief', 'full', 'whenToUse', 'whenNotToUse', 'example', 'plainLanguage']);

/** fieldChanges lists the fields that differ between two states of an entry.
 * nameOf names an entry by id (for the parent and merges). */
export function fieldChanges(before: CodebookNode | undefined, after: CodebookNode | undefined, nameOf: (id: string) => string): FieldChange[] {
  const out: FieldChange[] = [];
  const b = before ? textOf(before) : emptyText;
  const a = after ? textOf(after) : emptyText;
  for (const f of textFields) {
    if (b[f] !== a[f]) out.push({ field: f, label: fieldWords[f], before: b[f], after: a[f], text: longFields.has(f) || f === 'name' });
  }
  if (before && after) {
    if (before.status !== after.status) {
      out.push({ field: 'status', label: 'Status', before: nodeStatusWords[before.status], after: nodeStatusWords[after.status], text: false });
    }
    if (before.parentId !== after.parentId) {
      out.push({ field: 'parentId', label: 'Place in the codebook', before: nameOf(before.parentId), after: nameOf(after.parentId), text: false });
    } else if (before.order !== after.order) {
      out.push({ field: 'order', label: 'Place among its neighbours', before: `${before.order + 1}`, after: `${after.order + 1}`, text: false });
    }
    if ((before.mergedInto ?? '') !== (after.mergedInto ?? '')) {
      out.push({
        field: 'mergedInto',
        label: 'Merged into',
        before: before.mergedInto ? nameOf(before.mergedInto) : '',
        after: after.mergedInto ? nameOf(after.mergedInto) : '',
        text: false,
      });
    }
  }
  return out;
}

/** versionChanges pairs the entries a version changed (before and after, by
 * id) and lists what changed in each: added entries first in tree order,
 * then changed, then removed. Entries whose only change is their place
 * among neighbours (moved along by another entry's move) come last. */
export function versionChanges(before: CodebookNode[] | null, after: CodebookNode[] | null, tree: CodebookNode[] = []): NodeChange[] {
  const b = new Map((before ?? []).map((n) => [n.id, n]));
  const a = new Map((after ?? []).map((n) => [n.id, n]));
  const names = new Map<string, string>();
  for (const n of [...tree, ...(before ?? []), ...(after ?? [])]) names.set(n.id, n.name);
  const nameOf = (id: string) => (id ? names.get(id) ?? 'an entry no longer in the codebook' : 'the top level');
  const out: NodeChange[] = [];
  for (const n of after ?? []) {
    const old = b.get(n.id);
    out.push({ kind: old ? 'changed' : 'added', id: n.id, level: n.level, name: n.name, changes: fieldChanges(old, n, nameOf) });
  }
  for (const n of before ?? []) {
    if (!a.has(n.id)) out.push({ kind: 'removed', id: n.id, level: n.level, name: n.name, changes: fieldChanges(n, undefined, nameOf) });
  }
  const onlyOrder = (c: NodeChange) => c.kind === 'changed' && c.changes.every((f) => f.field === 'order');
  return [...out.filter((c) => !onlyOrder(c)), ...out.filter(onlyOrder)];
}

/** proposalChanges lists the wording a proposal would change in an entry. */
export function proposalChanges(p: Proposal, current: CodebookNode | undefined): FieldChange[] {
  const now = current ? textOf(current) : emptyText;
  const want = textOf(p.text);
  return textFields
    .filter((f) => now[f] !== want[f])
    .map((f) => ({ field: f, label: fieldWords[f], before: now[f], after: want[f], text: f !== 'colour' }));
}

/** changedText returns the fields of mine that differ from base. */
export function changedText(base: NodeText, mine: NodeText): Partial<NodeText> {
  const out: Partial<NodeText> = {};
  for (const f of textFields) if (mine[f] !== base[f]) out[f] = mine[f];
  return out;
}

/** newNodeId finds the entry a change added: in after, not in before. */
export function newNodeId(before: CodebookNode[], after: CodebookNode[]): string | undefined {
  const old = new Set(before.map((n) => n.id));
  return after.find((n) => !old.has(n.id))?.id;
}

/** normalisePreview fills in what an import preview left out, so the page
 * can rely on every list and count being there. */
export function normalisePreview(raw: Partial<ImportPreview>): ImportPreview {
  const items = raw.items ?? [];
  const count = (a: string) => items.filter((i) => i.action === a).length;
  return {
    format: raw.format ?? 'qdc',
    asProposals: raw.asProposals ?? false,
    items: items.map((i) => ({ ...i, changed: i.changed ?? [] })),
    notes: raw.notes ?? [],
    skipped: raw.skipped ?? [],
    refused: raw.refused ?? [],
    counts: raw.counts ?? { add: count('add'), change: count('change'), same: count('same') },
  };
}

/** codebookExportPath is the API path (below /projects/{pid}) of a codebook
 * download; the .qdc may hold the archived entries too. */
export function codebookExportPath(kind: 'xlsx' | 'qdc', archived: boolean): string {
  return `/exports/codebook.${kind}` + (kind === 'qdc' && archived ? '?archived=true' : '');
}

/** importFormatWords names the kind of file an import preview read. */
export function importFormatWords(format: ImportPreview['format']): string {
  switch (format) {
    case 'xlsx':
      return 'Excel workbook';
    case 'qdpx':
      return 'REFI-QDA project (.qdpx)';
    case 'qde':
      return 'REFI-QDA project file (project.qde)';
    default:
      return 'REFI-QDA codebook (.qdc)';
  }
}

/** fieldLabel names a field of the API (as in an import's "changed" list). */
export function fieldLabel(field: string): string {
  return (fieldWords as Record<string, string>)[field] ?? field;
}
