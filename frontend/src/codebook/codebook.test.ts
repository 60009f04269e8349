import { describe, expect, it } from 'vitest';
import type { CodebookNode, Level, Proposal } from '../api/client';
import { fileNameFrom } from '../api/client';
import {
  buildTree,
  buildTreeOrder,
  changedText,
  colourProblem,
  contrastWithBlack,
  countWords,
  countsOf,
  diffWords,
  dropPlacement,
  leastUsedColour,
  mergeTargets,
  moveTargets,
  newNodeId,
  normalisePreview,
  importFormatWords,
  codebookExportPath,
  pathOf,
  placeWords,
  proposalChanges,
  stepPlacement,
  suggestedColours,
  textOf,
  versionChanges,
} from './codebook';

function node(id: string, level: Level, parentId: string, order: number, extra: Partial<CodebookNode> = {}): CodebookNode {
  return { ...textOf({ name: id }), id, level, parentId, order, status: 'active', proposedBy: '', proposedByName: '', proposedByType: '', ...extra };
}

// Two domains; Atmosphere has three themes, Opportunities one; a proposed theme under Intrapersonal.
const nodes: CodebookNode[] = [
  node('Outcomes', 'domain', '', 1),
  node('Attributes', 'domain', '', 0),
  node('Atmosphere', 'category', 'Attributes', 0),
  node('Opportunities', 'category', 'Attributes', 1),
  node('Intrapersonal', 'category', 'Outcomes', 0),
  node('Flexible', 'theme', 'Atmosphere', 1),
  node('Judgment-free', 'theme', 'Atmosphere', 0),
  node('Relaxed', 'theme', 'Atmosphere', 2),
  node('Leadership', 'theme', 'Opportunities', 0),
  node('Old', 'theme', 'Opportunities', 1, { status: 'archived' }),
  node('Hope', 'theme', 'Intrapersonal', 0, { status: 'proposed' }),
  node('Idea', 'category', 'Outcomes', 1, { status: 'proposed' }),
];

describe('buildTree', () => {
  it('arranges domains > categories > themes in their order', () => {
    const tree = buildTree(nodes);
    expect(tree.map((t) => t.node.id)).toEqual(['Attributes', 'Outcomes']);
    expect(tree[0].children.map((t) => t.node.id)).toEqual(['Atmosphere', 'Opportunities']);
    expect(tree[0].children[0].children.map((t) => t.node.id)).toEqual(['Judgment-free', 'Flexible', 'Relaxed']);
    expect(buildTreeOrder(nodes).map((n) => n.id).slice(0, 4)).toEqual(['Attributes', 'Atmosphere', 'Judgment-free', 'Flexible']);
  });

  it('keeps an entry whose parent is missing at the top instead of losing it', () => {
    const tree = buildTree([...nodes, node('Lost', 'theme', 'nowhere', 0)]);
    expect(tree.map((t) => t.node.id)).toEqual(['Attributes', 'Outcomes', 'Lost']);
  });

  it('counts the categories and themes in use under each entry', () => {
    const counts = countsOf(buildTree(nodes));
    expect(counts.get('Attributes')).toEqual({ categories: 2, themes: 4 });
    expect(counts.get('Opportunities')).toEqual({ categories: 0, themes: 1 });
    expect(counts.get('Outcomes')).toEqual({ categories: 1, themes: 0 });
    expect(countWords('domain', counts.get('Attributes'))).toBe('2 categories, 4 themes');
    expect(countWords('category', counts.get('Opportunities'))).toBe('1 theme');
    expect(countWords('theme', counts.get('Flexible'))).toBe('');
  });

  it('names the path above an entry and its place', () => {
    expect(pathOf(nodes, 'Flexible')).toEqual(['Attributes', 'Atmosphere']);
    expect(pathOf(nodes, 'Attributes')).toEqual([]);
    expect(placeWords(nodes, 'Flexible')).toBe('2 of 3 in Atmosphere');
    expect(placeWords(nodes, 'Outcomes')).toBe('2 of 2 domains');
  });
});

describe('moving entries', () => {
  it('offers a theme every other category that can hold it, never a proposed one', () => {
    const targets = moveTargets(nodes, nodes.find((n) => n.id === 'Flexible')!);
    expect(targets.map((t) => t.id)).toEqual(['Opportunities', 'Intrapersonal']);
    expect(targets[0].label).toBe('Attributes › Opportunities');
  });

  it('offers a category the other domains, and a domain nothing', () => {
    expect(moveTargets(nodes, nodes.find((n) => n.id === 'Atmosphere')!).map((t) => t.id)).toEqual(['Outcomes']);
    expect(moveTargets(nodes, nodes.find((n) => n.id === 'Attributes')!)).toEqual([]);
  });

  it('merges a theme only into another theme in use', () => {
    expect(mergeTargets(nodes, nodes.find((n) => n.id === 'Flexible')!).map((t) => t.id)).toEqual(['Judgment-free', 'Relaxed', 'Leadership']);
    expect(mergeTargets(nodes, nodes.find((n) => n.id === 'Atmosphere')!)).toEqual([]);
  });

  it('steps up and down among neighbours, not past the ends', () => {
    expect(stepPlacement(nodes, 'Flexible', -1)).toEqual({ parentId: 'Atmosphere', index: 0 });
    expect(stepPlacement(nodes, 'Flexible', 1)).toEqual({ parentId: 'Atmosphere', index: 2 });
    expect(stepPlacement(nodes, 'Judgment-free', -1)).toBeNull();
    expect(stepPlacement(nodes, 'Relaxed', 1)).toBeNull();
    expect(stepPlacement(nodes, 'Outcomes', -1)).toEqual({ parentId: '', index: 0 });
  });

  it('drops beside an entry of the same level, counting without the dragged one', () => {
    // Relaxed (3rd) before Judgment-free (1st): first.
    expect(dropPlacement(nodes, 'Relaxed', 'Judgment-free', 'before')).toEqual({ parentId: 'Atmosphere', index: 0 });
    // Judgment-free after Flexible: second of the others (Flexible, Relaxed) -> index 1.
    expect(dropPlacement(nodes, 'Judgment-free', 'Flexible', 'after')).toEqual({ parentId: 'Atmosphere', index: 1 });
    // Into another category, after Leadership.
    expect(dropPlacement(nodes, 'Flexible', 'Leadership', 'after')).toEqual({ parentId: 'Opportunities', index: 1 });
  });

  it('drops inside an entry of the level above, at its end', () => {
    expect(dropPlacement(nodes, 'Flexible', 'Opportunities', 'inside')).toEqual({ parentId: 'Opportunities', index: 2 });
    expect(dropPlacement(nodes, 'Atmosphere', 'Outcomes', 'inside')).toEqual({ parentId: 'Outcomes', index: 2 });
  });

  it('refuses drops that break the levels or change nothing', () => {
    expect(dropPlacement(nodes, 'Flexible', 'Attributes', 'inside')).toBeNull(); // a theme under a domain
    expect(dropPlacement(nodes, 'Atmosphere', 'Flexible', 'before')).toBeNull(); // a category among themes
    expect(dropPlacement(nodes, 'Attributes', 'Atmosphere', 'inside')).toBeNull(); // a domain under a category
    expect(dropPlacement(nodes, 'Flexible', 'Flexible', 'before')).toBeNull();
    expect(dropPlacement(nodes, 'Flexible', 'Atmosphere', 'inside')).toBeNull(); // already there
    expect(dropPlacement(nodes, 'Flexible', 'Judgment-free', 'after')).toBeNull(); // already right after it
    expect(dropPlacement(nodes, 'Flexible', 'Idea', 'inside')).toBeNull(); // a proposed category
  });
});

describe('colours', () => {
  it('computes the contrast of black text as WCAG does', () => {
    expect(contrastWithBlack('#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastWithBlack('#000000')).toBeCloseTo(1, 5);
    expect(contrastWithBlack('#F4C542')).toBeGreaterThan(4.5);
  });

  it('says when a theme colour is too dark or not a colour', () => {
    expect(colourProblem('', 'theme')).toBeNull();
    expect(colourProblem('#F4C542', 'theme')).toBeNull();
    expect(colourProblem('#1F4E8C', 'theme')).toMatch(/too dark/);
    expect(colourProblem('#1F4E8C', 'domain')).toBeNull();
    expect(colourProblem('yellow', 'theme')).toMatch(/#F4C542/);
  });
});

describe('diffWords', () => {
  const show = (before: string, after: string) =>
    diffWords(before, after)
      .map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`))
      .join('');

  it('marks the words removed and added', () => {
    expect(show('Members feel accepted without judgment.', 'Members feel welcome without judgment.')).toBe(
      'Members feel [-accepted-]{+welcome+} without judgment.',
    );
    expect(show('Calm and open.', 'Calm, informal and open.')).toBe('Calm{+, informal+} and open.');
  });

  it('keeps punctuation apart and reads a run of changes as one', () => {
    expect(show('Getting to run things, like a group or an event.', 'Getting to run things, like a group, an event or a training.')).toBe(
      'Getting to run things, like a group[- or-]{+,+} an event{+ or a training+}.',
    );
    expect(show('one two three', 'one four five')).toBe('one [-two three-]{+four five+}');
  });

  it('handles empty sides and equal texts', () => {
    expect(diffWords('', 'New text')).toEqual([{ kind: 'added', text: 'New text' }]);
    expect(diffWords('Old text', '')).toEqual([{ kind: 'removed', text: 'Old text' }]);
    expect(diffWords('Same', 'Same')).toEqual([{ kind: 'same', text: 'Same' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('puts the texts back together from its pieces', () => {
    const before = 'one two three four five six';
    const after = 'zero one three four six seven';
    const pieces = diffWords(before, after);
    expect(pieces.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(pieces.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
  });
});

describe('versionChanges', () => {
  it('lists added, changed and removed entries with the fields that differ', () => {
    const flexible = nodes.find((n) => n.id === 'Flexible')!;
    const before = [flexible, node('Gone', 'theme', 'Atmosphere', 3)];
    const after = [
      { ...flexible, brief: 'Take part on your own terms.', parentId: 'Opportunities', order: 1 },
      node('New', 'theme', 'Atmosphere', 3, { brief: 'Something new.' }),
    ];
    const changes = versionChanges(before, after, nodes);
    expect(changes.map((c) => [c.kind, c.id])).toEqual([
      ['changed', 'Flexible'],
      ['added', 'New'],
      ['removed', 'Gone'],
    ]);
    expect(changes[0].changes.map((f) => [f.field, f.before, f.after])).toEqual([
      ['brief', '', 'Take part on your own terms.'],
      ['parentId', 'Atmosphere', 'Opportunities'],
    ]);
    expect(changes[1].changes.map((f) => f.field)).toEqual(['name', 'brief']);
  });

  it('puts neighbours that only shifted place last, and reads null lists as empty', () => {
    const a = nodes.find((n) => n.id === 'Judgment-free')!;
    const b = nodes.find((n) => n.id === 'Flexible')!;
    const changes = versionChanges([a, b], [{ ...a, order: 1 }, { ...b, order: 0, status: 'archived' }]);
    expect(changes.map((c) => c.id)).toEqual(['Flexible', 'Judgment-free']);
    expect(changes[0].changes.map((f) => [f.label, f.before, f.after])).toEqual([
      ['Status', 'In use', 'Archived'],
      ['Place among its neighbours', '2', '1'],
    ]);
    expect(versionChanges(null, null)).toEqual([]);
  });
});

describe('small helpers', () => {
  it('lists only the wording a proposal changes', () => {
    const flexible = nodes.find((n) => n.id === 'Flexible')!;
    const p = { kind: 'edit', nodeId: 'Flexible', text: { ...textOf(flexible), plainLanguage: 'Come when you can.' } } as Proposal;
    expect(proposalChanges(p, flexible).map((f) => [f.field, f.after])).toEqual([['plainLanguage', 'Come when you can.']]);
  });

  it('sends only the fields that were changed', () => {
    expect(changedText(textOf({ name: 'A', brief: 'b' }), textOf({ name: 'A', brief: 'c' }))).toEqual({ brief: 'c' });
  });

  it('finds the entry a change added', () => {
    expect(newNodeId(nodes, [...nodes, node('X', 'theme', 'Atmosphere', 3)])).toBe('X');
    expect(newNodeId(nodes, nodes)).toBeUndefined();
  });

  it('fills in what an import preview left out', () => {
    const item = { action: 'add' as const, node: nodes[0], changed: [] };
    const p = normalisePreview({ items: [item, { ...item, action: 'same' }] });
    expect(p.counts).toEqual({ add: 1, change: 0, same: 1 });
    expect(p.refused).toEqual([]);
    expect(p.notes).toEqual([]);
    expect(p.skipped).toEqual([]);
  });

  it('asks for archived entries only in the .qdc', () => {
    expect(codebookExportPath('qdc', true)).toBe('/exports/codebook.qdc?archived=true');
    expect(codebookExportPath('qdc', false)).toBe('/exports/codebook.qdc');
    expect(codebookExportPath('xlsx', true)).toBe('/exports/codebook.xlsx');
  });

  it('names a bare project file as a project, not a codebook', () => {
    expect(importFormatWords('qde')).toBe('REFI-QDA project file (project.qde)');
    expect(importFormatWords('qdpx')).toBe('REFI-QDA project (.qdpx)');
    expect(importFormatWords('qdc')).toBe('REFI-QDA codebook (.qdc)');
    expect(importFormatWords('xlsx')).toBe('Excel workbook');
  });

  it('reads the file name of a download', () => {
    expect(fileNameFrom(`attachment; filename="codebook.xlsx"; filename*=UTF-8''RLC%20study%20codebook.xlsx`, 'x')).toBe('RLC study codebook.xlsx');
    expect(fileNameFrom('attachment; filename="codebook.qdc"', 'x')).toBe('codebook.qdc');
    expect(fileNameFrom(null, 'codebook.qdc')).toBe('codebook.qdc');
    expect(fileNameFrom(`attachment; filename*=UTF-8''%E0%A4%A`, 'fallback.qdc')).toBe('fallback.qdc');
  });
});

describe('leastUsedColour', () => {
  const theme = (colour: string, mergedInto?: string) => ({ level: 'theme' as Level, colour, mergedInto });
  it.each([
    ['nothing used: the first', [], '#F4C542'],
    ['the first used: the second', [theme('#F4C542')], '#9AD1F5'],
    ['a gap is filled first', [theme('#F4C542'), theme('#B5E3A1')], '#9AD1F5'],
    ['the second chosen by hand: the first is still free', [theme('#9ad1f5')], '#F4C542'],
    ['a merged theme’s colour is free', [theme('#F4C542', 'other')], '#F4C542'],
    ['domains and categories do not count', [{ level: 'category' as Level, colour: '#F4C542' }], '#F4C542'],
    ['every colour once: the first again', suggestedColours.map((c) => theme(c)), '#F4C542'],
    ['the least used wins over order', [...suggestedColours, ...suggestedColours.slice(0, -1)].map((c) => theme(c)), '#E8DAEF'],
  ])('%s', (_name, nodes, want) => {
    expect(leastUsedColour(nodes)).toBe(want);
  });
  it('uses the server’s palette', () => {
    expect(suggestedColours).toHaveLength(16);
  });
});
