// The choices of the decisions log: theme, interview, decision, and the
// items where peer researchers and academics saw it differently. Every
// change applies at once.
import { useId } from 'react';
import type { CodebookNode, TranscriptInfo } from '../api/types';
import type { DecisionAction } from './api';
import { ThemeOptions } from '../agreement/compareParts';
import { actionWords, isFiltered, noFilters, type LogFilters } from './log';

export function LogFiltersForm({
  filters,
  nodes,
  themes,
  transcripts,
  onChange,
}: {
  filters: LogFilters;
  nodes: CodebookNode[];
  themes: CodebookNode[];
  transcripts: TranscriptInfo[];
  onChange: (f: LogFilters) => void;
}) {
  const id = useId();
  const set = (change: Partial<LogFilters>) => onChange({ ...filters, ...change });
  return (
    <form className="cs-filters panel" aria-labelledby={`${id}-h`} onSubmit={(e) => e.preventDefault()}>
      <h2 id={`${id}-h`}>Which decisions</h2>
      <div className="cs-filter-grid">
        <div className="field">
          <label htmlFor={`${id}-theme`}>Theme</label>
          <select id={`${id}-theme`} value={filters.theme} onChange={(e) => set({ theme: e.target.value })}>
            <ThemeOptions nodes={nodes} themes={themes} none="Every theme" />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-transcript`}>Interview</label>
          <select id={`${id}-transcript`} value={filters.transcript} onChange={(e) => set({ transcript: e.target.value })}>
            <option value="">Every interview</option>
            {transcripts.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Decision</label>
          <select id={`${id}-action`} value={filters.action} onChange={(e) => set({ action: e.target.value as DecisionAction | '' })}>
            <option value="">Every decision</option>
            {(Object.keys(actionWords) as DecisionAction[]).map((a) => (
              <option key={a} value={a}>
                {actionWords[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="inline-check">
            <input type="checkbox" checked={filters.split} onChange={(e) => set({ split: e.target.checked })} />
            Only where peer researchers and academics saw it differently
          </label>
        </div>
      </div>
      {isFiltered(filters) && (
        <button type="button" onClick={() => onChange(noFilters)}>
          Show every decision
        </button>
      )}
    </form>
  );
}
