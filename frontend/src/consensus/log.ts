// The pure logic of the read views of reconciliation: the decisions log's
// filters as they are kept in the address (so that a filtered log can be
// shared), actions and sides in words, and a consensus grouped by theme.
// Tested in log.test.ts.
import type { CodebookNode, Excerpt, TranscriptInfo } from '../api/types';
import { researcherWords } from '../shared/words';
import type { DecisionAction, DecisionSide } from './api';

/** LogFilters are the choices of the decisions log ('' for any). */
export interface LogFilters {
  theme: string;
  transcript: string;
  action: DecisionAction | '';
  /** split keeps only items where peer researchers and academics took opposite sides. */
  split: boolean;
}

export const noFilters: LogFilters = { theme: '', transcript: '', action: '', split: false };

/** actionWords says each action as the decisions workbook does (tandem DecisionAction.Words). */
export const actionWords: Record<DecisionAction, string> = {
  accept: 'Accepted',
  reject: 'Rejected',
  adjust: 'Accepted with other bounds',
  theme: 'Given another theme',
  defer: 'Deferred',
};

const actions = Object.keys(actionWords) as DecisionAction[];

/** filtersFromSearch reads the filters from an address's query ("?action=reject&split=true");
 * an action it does not know counts as any. */
export function filtersFromSearch(search: string): LogFilters {
  const q = new URLSearchParams(search);
  const action = q.get('action') ?? '';
  return {
    theme: q.get('theme') ?? '',
    transcript: q.get('transcript') ?? '',
    action: actions.includes(action as DecisionAction) ? (action as DecisionAction) : '',
    split: q.get('split') === 'true',
  };
}

/** filtersQuery is the query of the filters, for the address and the API ("" for none). */
export function filtersQuery(f: LogFilters): string {
  const q = new URLSearchParams();
  if (f.theme) q.set('theme', f.theme);
  if (f.transcript) q.set('transcript', f.transcript);
  if (f.action) q.set('action', f.action);
  if (f.split) q.set('split', 'true');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** isFiltered tells whether any filter is chosen. */
export function isFiltered(f: LogFilters): boolean {
  return filtersQuery(f) !== '';
}

/** sideWords names the coders on one side, each with their researcher type:
 * ["Sam (peer researcher)", "Ari (academic researcher)"]; ["Nobody"] for none. */
export function sideWords(sides: DecisionSide[]): string[] {
  if (sides.length === 0) return ['Nobody'];
  return sides.map((s) => `${s.name} (${researcherWords(s.researcherType).toLowerCase()})`);
}

/** ThemeGroup is a theme with the consensus excerpts that apply it, in text order. */
export interface ThemeGroup {
  theme: CodebookNode | undefined;
  id: string;
  excerpts: Excerpt[];
}

/** byTheme groups excerpts by theme, in the codebook's order; a merged theme
 * counts as the theme it went into, and themes no longer in the codebook come
 * last. An excerpt with two themes is in both groups. */
export function byTheme(excerpts: Excerpt[], themeOf: (id: string) => CodebookNode | undefined, nodes: CodebookNode[]): ThemeGroup[] {
  const groups = new Map<string, ThemeGroup>();
  for (const e of excerpts) {
    for (const th of e.themes) {
      const node = themeOf(th);
      const id = node?.id ?? th;
      const g = groups.get(id) ?? { theme: node, id, excerpts: [] };
      if (!g.excerpts.includes(e)) g.excerpts.push(e);
      groups.set(id, g);
    }
  }
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const out = [...groups.values()];
  for (const g of out) g.excerpts.sort((a, b) => a.start - b.start || a.end - b.end);
  return out.sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || a.id.localeCompare(b.id));
}

/** mayReadConsensus tells whether to offer a transcript's consensus: it
 * has one, and the reader is a lead or the transcript is locked (the
 * server's rule for GET .../consensus). */
export function mayReadConsensus(t: Pick<TranscriptInfo, 'hasConsensus' | 'phase'>, lead: boolean): boolean {
  return t.hasConsensus && (lead || t.phase === 'locked');
}
