// What the Exports page offers: every file of a project, with what it is
// for, and the choices of the excerpt export. Pure logic, tested in
// exports.test.ts.
import type { CodebookNode } from '../api/client';

/** ExportFile is one file to download: its button label and the API path
 * below /projects/{pid} that answers it. */
export interface ExportFile {
  label: string;
  path: string;
  fallbackName: string;
}

/** ExportItem is one entry of the page: a heading, a sentence on what the
 * files are for, and the files. */
export interface ExportItem {
  id: string;
  title: string;
  purpose: string;
  files: ExportFile[];
  /** leadOnly: only leads may download it (the server refuses others). */
  leadOnly: boolean;
}

/** projectFiles are the files of the codebook and of the comparison of coders. */
export const projectFiles: ExportItem[] = [
  {
    id: 'codebook',
    title: 'Codebook',
    purpose:
      'Your themes with their definitions and examples. Open the Excel file to read or share it; the .qdc file moves the codebook into NVivo, ATLAS.ti or MAXQDA.',
    files: [
      { label: 'Excel workbook (.xlsx)', path: '/exports/codebook.xlsx', fallbackName: 'codebook.xlsx' },
      { label: 'REFI-QDA codebook (.qdc)', path: '/exports/codebook.qdc', fallbackName: 'codebook.qdc' },
    ],
    leadOnly: false,
  },
  {
    id: 'agreement',
    title: 'Agreement between coders',
    purpose:
      'How far the coders agreed on each theme, with the figures a journal asks for. It counts turns; to count paragraphs or sentences, download it from Compare coders.',
    files: [{ label: 'Excel workbook (.xlsx)', path: '/exports/agreement.xlsx', fallbackName: 'agreement.xlsx' }],
    leadOnly: true,
  },
];

/** ExcerptSets says whose coding the excerpt export holds. */
export type ExcerptSets = 'consensus' | 'coders' | 'both';

export const setsWords: Record<ExcerptSets, { label: string; hint: string }> = {
  consensus: { label: 'The consensus only', hint: 'What the team agreed on: what a paper reports.' },
  coders: { label: 'Every coder', hint: 'Each coder’s own coding, with their name and group.' },
  both: { label: 'Both', hint: 'The consensus and every coder, side by side.' },
};

/** ExcerptChoices are the choices of the excerpt export: no themes or
 * transcripts chosen means all of them. */
export interface ExcerptChoices {
  sets: ExcerptSets;
  themes: string[];
  transcripts: string[];
}

export const allExcerpts: ExcerptChoices = { sets: 'both', themes: [], transcripts: [] };

export type ExcerptFormat = 'xlsx' | 'csv' | 'txt';

/** excerptFiles are the formats of the excerpt export, with what each is for. */
export const excerptFiles: { format: ExcerptFormat; label: string; use: string }[] = [
  { format: 'xlsx', label: 'Excel workbook (.xlsx)', use: 'to sort and filter' },
  { format: 'csv', label: 'CSV file (.csv)', use: 'for R, SPSS or any spreadsheet' },
  { format: 'txt', label: 'Text report (.txt)', use: 'quotes grouped by theme, to paste into a paper' },
];

/** excerptPath is the API path (below /projects/{pid}) of the excerpt
 * export in a format with the choices; defaults are left out. */
export function excerptPath(format: ExcerptFormat, c: ExcerptChoices): string {
  const q = new URLSearchParams();
  if (c.sets !== 'both') q.set('sets', c.sets);
  if (c.themes.length > 0) q.set('themes', c.themes.join(','));
  if (c.transcripts.length > 0) q.set('transcripts', c.transcripts.join(','));
  const s = q.toString();
  return `/exports/excerpts.${format}${s ? `?${s}` : ''}`;
}

/** ThemeOption is a codebook entry to tick, with its depth (0: domain). */
export interface ThemeOption {
  id: string;
  name: string;
  level: CodebookNode['level'];
  depth: number;
}

/** themeOptions lists the codebook's domains, categories and themes in the
 * tree's order, leaving out merged entries and proposals (they carry no
 * coding of their own). */
export function themeOptions(nodes: CodebookNode[]): ThemeOption[] {
  const out: ThemeOption[] = [];
  const walk = (parent: string, depth: number) => {
    nodes
      .filter((n) => n.parentId === parent && !n.mergedInto && n.status !== 'proposed')
      .sort((a, b) => a.order - b.order)
      .forEach((n) => {
        out.push({ id: n.id, name: n.name, level: n.level, depth });
        walk(n.id, depth + 1);
      });
  };
  walk('', 0);
  return out;
}

/** toggleTheme ticks or unticks an entry. Ticking a domain or category
 * stands for every theme below it, so the entries below it are unticked
 * (they would add nothing). */
export function toggleTheme(nodes: CodebookNode[], chosen: string[], id: string): string[] {
  if (chosen.includes(id)) return chosen.filter((x) => x !== id);
  const below = new Set<string>();
  const walk = (parent: string) =>
    nodes.filter((n) => n.parentId === parent).forEach((n) => {
      below.add(n.id);
      walk(n.id);
    });
  walk(id);
  return [...chosen.filter((x) => !below.has(x)), id];
}

/** coveredBy returns the ticked entry above id that already stands for it, if any. */
export function coveredBy(nodes: CodebookNode[], chosen: string[], id: string): string | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (let n = byId.get(byId.get(id)?.parentId ?? ''); n; n = byId.get(n.parentId)) {
    if (chosen.includes(n.id)) return n.id;
  }
  return undefined;
}

/** choiceSummary says in words what will be exported. */
export function choiceSummary(c: ExcerptChoices): string {
  const who = { consensus: 'the consensus', coders: 'every coder’s coding', both: 'the consensus and every coder’s coding' }[c.sets];
  const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  const themes = c.themes.length === 0 ? 'all themes' : count(c.themes.length, 'chosen entry of the codebook', 'chosen entries of the codebook');
  const transcripts = c.transcripts.length === 0 ? 'all interviews' : count(c.transcripts.length, 'chosen interview', 'chosen interviews');
  return `You will get ${who}, ${themes}, ${transcripts}.`;
}
