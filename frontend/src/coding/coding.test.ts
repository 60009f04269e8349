import { describe, expect, it } from 'vitest';
import type { CodebookNode } from '../api/client';
import {
  assignLayers,
  codingSummary,
  darker,
  excerptsAt,
  highlightStyle,
  maxLines,
  stripeEdge,
  moveCaret,
  pushRecent,
  rankThemes,
  segmentsByTurn,
  segmentsKey,
  snippet,
  trimSpan,
  turnAt,
  usableThemes,
} from './coding';
import { CodePointText, codePointsIn, utf16In } from '../shared/text';

// Two turns with an emoji (two UTF-16 units, one code point), a combining
// accent (e + U+0301: two code points) and a blank line between the turns.
const raw = 'I felt 😊 free there.\n\nCafe\u0301 talk helps me.';
const t = new CodePointText(raw);
const first = [...'I felt 😊 free there.'].length; // 20 code points
const turns = [
  { start: 0, end: first },
  { start: first + 2, end: t.length },
];

describe('caret movement', () => {
  it('moves right to the end of the next word, left to the start of the previous', () => {
    let c = 0;
    c = moveCaret(t, turns, c, 'word', 1);
    expect(t.slice(0, c)).toBe('I');
    c = moveCaret(t, turns, c, 'word', 1);
    expect(t.slice(0, c)).toBe('I felt');
    // The emoji is not a word: the next word is "free".
    c = moveCaret(t, turns, c, 'word', 1);
    expect(t.slice(0, c)).toBe('I felt 😊 free');
    c = moveCaret(t, turns, c, 'word', -1);
    expect(t.slice(c, c + 4)).toBe('free');
  });

  it('crosses from one turn to the next by word and keeps combining marks in the word', () => {
    let c = moveCaret(t, turns, first - 1, 'word', 1); // after "there" → next word is in turn 2
    expect(t.slice(turns[1].start, c)).toBe('Cafe\u0301');
    c = moveCaret(t, turns, c, 'word', -1);
    expect(c).toBe(turns[1].start);
  });

  it('moves by turn and to the edges of a turn', () => {
    expect(moveCaret(t, turns, 3, 'turn', 1)).toBe(turns[1].start);
    expect(moveCaret(t, turns, turns[1].start + 3, 'turn', -1)).toBe(turns[1].start);
    expect(moveCaret(t, turns, turns[1].start, 'turn', -1)).toBe(0);
    expect(moveCaret(t, turns, 3, 'edge', 1)).toBe(first);
    expect(moveCaret(t, turns, 3, 'edge', -1)).toBe(0);
    expect(moveCaret(t, turns, t.length, 'turn', 1)).toBe(t.length);
  });

  it('moves by character over whole code points and skips the gap between turns', () => {
    const emoji = [...'I felt '].length;
    expect(t.slice(emoji, moveCaret(t, turns, emoji, 'char', 1))).toBe('😊');
    expect(moveCaret(t, turns, first, 'char', 1)).toBe(turns[1].start);
    expect(moveCaret(t, turns, turns[1].start, 'char', -1)).toBe(first);
  });

  it('finds the turn of a position', () => {
    expect(turnAt(turns, 0)).toBe(0);
    expect(turnAt(turns, first)).toBe(0);
    expect(turnAt(turns, first + 1)).toBe(1);
    expect(turnAt(turns, t.length)).toBe(1);
  });
});

describe('code points and the DOM', () => {
  it('converts a DOM offset inside a piece of text to code points and back', () => {
    const piece = 'a😊b👩🏽‍🦱c';
    expect(codePointsIn(piece, 0)).toBe(0);
    expect(codePointsIn(piece, 1)).toBe(1);
    expect(codePointsIn(piece, 3)).toBe(2); // after the emoji (two units)
    expect(codePointsIn(piece, 2)).toBe(1); // inside the surrogate pair: rounds down
    expect(codePointsIn(piece, piece.length)).toBe([...piece].length);
    for (let k = 0; k <= [...piece].length; k++) expect(codePointsIn(piece, utf16In(piece, k))).toBe(k);
  });

  it('slices at code points so an emoji is never split', () => {
    const start = [...'I felt '].length;
    expect(t.slice(start, start + 1)).toBe('😊');
    expect(t.at(start)).toBe('😊');
    expect(t.at(-1)).toBe('');
  });

  it('trims white space off a selection', () => {
    expect(trimSpan(t, 1, 7)).toEqual([2, 6]);
    expect(t.slice(...trimSpan(t, first - 6, first + 7))).toBe('there.\n\nCafe\u0301');
    expect(trimSpan(t, 7, 1)).toEqual([2, 6]);
  });
});

describe('layers and segments', () => {
  const spans = [
    { id: 'outer', start: 0, end: 20 },
    { id: 'inner', start: 5, end: 10 },
    { id: 'later', start: 15, end: 30 },
    { id: 'apart', start: 40, end: 45 },
  ];

  it('puts nested and overlapping excerpts on their own layers', () => {
    const l = assignLayers(spans);
    expect(l.get('outer')).toBe(0);
    expect(l.get('inner')).toBe(1);
    expect(l.get('later')).toBe(1); // layer 1 is free again after "inner" ends
    expect(l.get('apart')).toBe(0);
  });

  it('cuts turns into segments with the excerpts over each, clipped at turn edges', () => {
    const l = assignLayers(spans);
    const segs = segmentsByTurn([{ start: 0, end: 25 }, { start: 27, end: 50 }], spans, l);
    expect(segs[0]).toEqual([
      { start: 0, end: 5, ids: ['outer'] },
      { start: 5, end: 10, ids: ['outer', 'inner'] },
      { start: 10, end: 15, ids: ['outer'] },
      { start: 15, end: 20, ids: ['outer', 'later'] },
      { start: 20, end: 25, ids: ['later'] },
    ]);
    expect(segs[1]).toEqual([
      { start: 27, end: 30, ids: ['later'] },
      { start: 30, end: 40, ids: [] },
      { start: 40, end: 45, ids: ['apart'] },
      { start: 45, end: 50, ids: [] },
    ]);
  });

  it('gives a turn with no excerpts one plain segment', () => {
    expect(segmentsByTurn([{ start: 0, end: 10 }], [], new Map())).toEqual([[{ start: 0, end: 10, ids: [] }]]);
  });

  it('keys a turn by its segments and the looks of their excerpts', () => {
    const segs = [{ start: 0, end: 5, ids: ['a'] }];
    expect(segmentsKey(segs, () => 't1')).not.toBe(segmentsKey(segs, () => 't2'));
  });

  // How long this takes is a figure of the end-to-end performance report
  // (e2e/coding.test.mjs prints it), not an assertion here.
  it('lays out 2,000 excerpts over 1,000 turns', () => {
    const turns = Array.from({ length: 1000 }, (_, i) => ({ start: i * 120, end: i * 120 + 118 }));
    const many = Array.from({ length: 2000 }, (_, i) => ({ id: `e${i}`, start: (i * 59) % 119000, end: ((i * 59) % 119000) + 40 + (i % 300) }));
    const segs = segmentsByTurn(turns, many, assignLayers(many));
    expect(segs).toHaveLength(1000);
  });

  it('lists the excerpts at a caret or over a selection, innermost first', () => {
    expect(excerptsAt(spans, 7, 7).map((s) => s.id)).toEqual(['inner', 'outer']);
    expect(excerptsAt(spans, 18, 22).map((s) => s.id)).toEqual(['later', 'outer']);
    expect(excerptsAt(spans, 31, 39)).toEqual([]);
  });
});

describe('summary before submitting', () => {
  it('counts excerpts, themes used and turns not coded', () => {
    const text = new CodePointText('one two\n\nthree four\n\nfive six\n\n   ');
    const tt = [
      { start: 0, end: 7 },
      { start: 9, end: 19 },
      { start: 21, end: 29 },
      { start: 31, end: 34 },
    ];
    const s = codingSummary(text, tt, [
      { start: 0, end: 3, themes: ['a', 'b'] },
      { start: 4, end: 12, themes: ['a'] },
    ]);
    expect(s.excerpts).toBe(2);
    expect(s.themes).toEqual([
      { id: 'a', count: 2 },
      { id: 'b', count: 1 },
    ]);
    expect(s.turnsNotCoded).toEqual([2]); // the blank last turn does not count
  });
});

/** node makes a codebook entry with empty wording but for extra. */
const node = (id: string, level: CodebookNode['level'], parentId: string, name: string, order: number, extra: Partial<CodebookNode> = {}): CodebookNode => ({
  id, level, parentId, name, order, status: 'active', colour: '#F4C542', brief: '', full: '', whenToUse: '', whenNotToUse: '', example: '', plainLanguage: '', proposedBy: '', proposedByName: '', proposedByType: '', ...extra,
});

describe('codebook panel', () => {
  const nodes = [
    node('d2', 'domain', '', 'Outcomes', 1),
    node('d1', 'domain', '', 'RLC Attributes', 0),
    node('c1', 'category', 'd1', 'Atmosphere', 0),
    node('c2', 'category', 'd2', 'Interpersonal', 0),
    node('t2', 'theme', 'c1', 'Relaxed', 1, { plainLanguage: 'People feel at ease.' }),
    node('t1', 'theme', 'c1', 'Judgment-free', 0, { brief: 'No one is judged for their diagnosis.' }),
    node('t3', 'theme', 'c2', 'Friendship', 0),
    node('t4', 'theme', 'c2', 'Old', 1, { status: 'archived' }),
    node('t5', 'theme', 'c2', 'Idea', 2, { status: 'proposed' }),
  ];

  it('groups active themes by domain and category in order', () => {
    const g = usableThemes(nodes, '');
    expect(g.map((x) => `${x.domain}/${x.category}`)).toEqual(['RLC Attributes/Atmosphere', 'Outcomes/Interpersonal']);
    expect(g[0].themes.map((x) => x.name)).toEqual(['Judgment-free', 'Relaxed']);
    expect(g[1].themes.map((x) => x.name)).toEqual(['Friendship']);
  });

  it('searches names and definitions', () => {
    expect(usableThemes(nodes, 'diagnosis')[0].themes.map((x) => x.id)).toEqual(['t1']);
    expect(usableThemes(nodes, 'ease')[0].themes.map((x) => x.id)).toEqual(['t2']);
    expect(usableThemes(nodes, 'interpersonal friend')[0].themes.map((x) => x.id)).toEqual(['t3']);
    expect(usableThemes(nodes, 'nothing like this')).toEqual([]);
  });

  it('keeps the recently used themes, newest first', () => {
    expect(pushRecent(['a', 'b', 'c'], ['c'])).toEqual(['c', 'a', 'b']);
    expect(pushRecent(['a', 'b'], ['x', 'y'], 3)).toEqual(['x', 'y', 'a']);
  });

  it('darkens colours for lines and shortens snippets', () => {
    expect(darker('#FFFFFF', 0.5)).toBe('#808080');
    expect(darker('bad')).toBe('#4a4740');
    expect(snippet('a '.repeat(100), 10)).toMatch(/…$/);
    expect(snippet('short')).toBe('short');
  });
});

describe('theme search ranking', () => {
  // A codebook where a definition comes before a name in the codebook's order.
  const nodes = [
    node('d1', 'domain', '', 'RLC Attributes', 0),
    node('d2', 'domain', '', 'Psychosocial Outcomes', 1),
    node('c1', 'category', 'd1', 'Atmosphere', 0),
    node('c2', 'category', 'd2', 'Interpersonal', 0, { brief: 'Changes in relationships and roles with others.' }),
    node('social', 'theme', 'c2', 'Enhanced social networks and activities', 0, {
      brief: 'More relationships and social activities inside and outside the community.',
    }),
    node('between', 'theme', 'c2', 'Relationship between staff and members', 1),
    node('family', 'theme', 'c2', 'Family relationships', 2),
    node('inter', 'theme', 'c2', 'Interrelationships', 3),
    node('exact', 'theme', 'c2', 'Relationship', 4),
    node('home', 'theme', 'c2', 'Relationships at home', 5),
    node('walk', 'theme', 'c2', 'Going out', 6, { example: '“We go walking on Saturdays, it is good for the relationship.”' }),
    node('relaxed', 'theme', 'c1', 'Relaxed/open', 0, { plainLanguage: 'It feels easy-going and welcoming.', full: 'Calm and informal.' }),
    node('judged', 'theme', 'c1', 'Judgment-free', 1, { whenNotToUse: 'General friendliness (use Relaxed/open).' }),
    node('gone', 'theme', 'c2', 'Relationship lost', 7, { status: 'archived' }),
  ];
  const cases: { query: string; want: string[]; fields?: string[] }[] = [
    // exact > prefix (ties in codebook order) > word start > contains > other fields
    {
      query: 'Relationship',
      want: ['exact', 'between', 'home', 'family', 'inter', 'social', 'walk'],
      fields: ['name', 'name', 'name', 'name', 'name', 'brief', 'example'],
    },
    { query: '  relationship   BETWEEN ', want: ['between'] },
    { query: 'rel betw', want: ['between'] }, // every word starts a word of the name
    { query: 'social', want: ['social'] },
    { query: 'networks social', want: ['social'] },
    { query: 'work', want: ['social'] }, // inside a word of the name
    { query: 'community', want: ['social'], fields: ['brief'] },
    { query: 'easy-going', want: ['relaxed'], fields: ['plainLanguage'] },
    { query: 'calm', want: ['relaxed'], fields: ['full'] },
    { query: 'friendliness', want: ['judged'], fields: ['whenNotToUse'] },
    // A name match ranks above a definition match, whatever the codebook's order.
    { query: 'relaxed', want: ['relaxed', 'judged'], fields: ['name', 'whenNotToUse'] },
    // The category's name: every theme in it, in the codebook's order.
    { query: 'atmosphere', want: ['relaxed', 'judged'], fields: ['category', 'category'] },
    { query: 'going', want: ['walk', 'relaxed'], fields: ['name', 'plainLanguage'] },
    // Every word must be found; the weakest place counts.
    { query: 'social inside', want: ['social'], fields: ['brief'] },
    { query: 'social nowhere', want: [] },
    { query: '', want: ['relaxed', 'judged', 'social', 'between', 'family', 'inter', 'exact', 'home', 'walk'] },
  ];
  for (const c of cases) {
    it(`“${c.query}”`, () => {
      const got = rankThemes(nodes, c.query);
      expect(got.map((m) => m.node.id)).toEqual(c.want);
      if (c.fields) expect(got.map((m) => m.field)).toEqual(c.fields);
    });
  }

  it('shows the words around a match outside the name', () => {
    const [m] = rankThemes(nodes, 'community');
    expect(m.where).toBe('Psychosocial Outcomes › Interpersonal');
    expect(m.context).toEqual({ before: '…inside and outside the ', hit: 'community', after: '.' });
    const rel = rankThemes(nodes, 'relationship').find((x) => x.node.id === 'social')!;
    expect(rel.context).toEqual({ before: 'More ', hit: 'relationship', after: 's and social activities inside and outside the…' });
    expect(rankThemes(nodes, 'relationship')[0].context).toBeUndefined();
  });
});

describe('highlights', () => {
  const own = (...fills: string[]) => ({ fills, lines: fills.map((c) => darker(c)), mine: true });
  const other = (...fills: string[]) => ({ fills, lines: fills.map((c) => darker(c)), mine: false });
  const yellow = '#F4C542';
  const blue = '#9CC3E6';
  const pink = '#F2A7C3';

  it('fills an excerpt of one theme with its colour and draws its line', () => {
    const st = highlightStyle([own(yellow)])!;
    expect(st.backgroundColor).toBe(yellow);
    expect(st.backgroundImage).toBe(`linear-gradient(${darker(yellow)}, ${darker(yellow)})`);
    expect(st.paddingBottom).toBe('5px');
  });

  it('shows every theme of an excerpt with several: striped fill and a line in each colour', () => {
    const st = highlightStyle([own(yellow, blue, pink)])!;
    expect(st.backgroundColor).toBeUndefined();
    const [line, fill] = st.backgroundImage.split(/, (?=repeating|linear)/);
    for (const c of [yellow, blue, pink]) expect(fill).toContain(c);
    expect(fill).toMatch(/^repeating-linear-gradient\(135deg/);
    expect(fill).toContain(stripeEdge); // the dark edge between stripes, not colour alone
    for (const c of [yellow, blue, pink]) expect(line).toContain(darker(c));
    expect(st.backgroundRepeat).toBe('no-repeat, repeat');
    expect(st.paddingBottom).toBe('5px'); // one excerpt, one line
  });

  it('draws another coder’s excerpt as a dashed line in each theme’s colour, without a fill', () => {
    const st = highlightStyle([other(yellow, blue)])!;
    expect(st.backgroundColor).toBeUndefined();
    expect(st.backgroundImage).toBe(`repeating-linear-gradient(90deg, ${darker(yellow)} 0px 6px, transparent 6px 10px, ${darker(blue)} 10px 16px, transparent 16px 20px)`);
  });

  it('fills with the innermost of the coder’s own excerpts, one line per excerpt', () => {
    const st = highlightStyle([own(yellow), other(pink), own(blue, pink)])!;
    expect(st.backgroundImage.match(/gradient\(/g)).toHaveLength(4); // three lines and the striped fill
    expect(st.backgroundPosition).toBe('0 calc(100% - 0px), 0 calc(100% - 5px), 0 calc(100% - 10px), 0 0');
    expect(st.paddingBottom).toBe('15px');
  });

  it('keeps the lines but not the fill where the text is selected', () => {
    expect(highlightStyle([own(yellow)], true)!.backgroundColor).toBeUndefined();
    expect(highlightStyle([own(yellow, blue)], true)!.backgroundImage).not.toContain('135deg');
  });

  it('says “and more” with a dotted line past the lines it can show', () => {
    const st = highlightStyle(Array.from({ length: maxLines + 2 }, () => other(blue)))!;
    expect(st.backgroundImage).toContain('#1c1b19');
    expect(st.paddingBottom).toBe(`${(maxLines + 1) * 5}px`);
    expect(highlightStyle([])).toBeUndefined();
  });
});
