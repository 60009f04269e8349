// What the report counts: the filters, the summary of what the figures use,
// and the links to the parts of the page.
import { type FormEvent, useId, useRef, useState } from 'react';
import type { TranscriptInfo } from '../api/client';
import { defaultFilters, type ReportFilters } from './api';
import type { AgreementReport, ReportCoder, UnitKind } from '../api/types';
import { coderLabel, comparedCounts, splitThemes } from './agreement';
import { unitWords } from './figures';

export function Filters({
  filters,
  transcripts,
  coders,
  busy,
  onApply,
}: {
  filters: ReportFilters;
  transcripts: TranscriptInfo[];
  coders: ReportCoder[];
  busy: boolean;
  onApply: (f: ReportFilters) => void;
}) {
  const [unit, setUnit] = useState<UnitKind>(filters.unit);
  const [overlap, setOverlap] = useState(String(filters.overlap));
  const [ts, setTs] = useState<string[]>(filters.transcripts);
  const [cs, setCs] = useState<string[]>(filters.coders);
  const [problem, setProblem] = useState('');
  const id = useId();
  const overlapRef = useRef<HTMLInputElement>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const n = Number(overlap);
    if (!Number.isInteger(n) || n < 1 || n > 10000) {
      setProblem('Enter a whole number of characters from 1 to 10,000.');
      overlapRef.current?.focus();
      return;
    }
    setProblem('');
    onApply({ unit, overlap: n, transcripts: ts, coders: cs });
  }
  const toggle = (list: string[], set: (l: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const changed = unit !== 'turn' || overlap !== '1' || ts.length > 0 || cs.length > 0;

  return (
    <form className="ag-filters panel" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>What to compare</h2>
      <div className="ag-filter-grid">
        <div className="field">
          <label htmlFor={`${id}-unit`}>Count agreement per</label>
          <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as UnitKind)}>
            <option value="turn">Turn (one person speaking)</option>
            <option value="paragraph">Paragraph</option>
            <option value="sentence">Sentence</option>
          </select>
        </div>
        <div className={problem ? 'field has-error' : 'field'}>
          <label htmlFor={`${id}-overlap`}>Minimum overlap (characters)</label>
          <p className="hint" id={`${id}-overlap-hint`}>
            How much of a unit an excerpt must cover to count for it.
          </p>
          {problem && (
            <p className="field-error" id={`${id}-overlap-error`}>
              {problem}
            </p>
          )}
          <input
            id={`${id}-overlap`}
            ref={overlapRef}
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            value={overlap}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-overlap-hint${problem ? ` ${id}-overlap-error` : ''}`}
            onChange={(e) => setOverlap(e.target.value)}
          />
        </div>
        <fieldset className="field ag-checks">
          <legend>Interviews</legend>
          <p className="hint">None ticked: all of them.</p>
          {transcripts.length === 0 && <p className="empty">No interviews yet.</p>}
          {transcripts.map((t) => (
            <label className="inline-check" key={t.id}>
              <input type="checkbox" checked={ts.includes(t.id)} onChange={() => toggle(ts, setTs, t.id)} />
              {t.title}
            </label>
          ))}
        </fieldset>
        <fieldset className="field ag-checks">
          <legend>Coders</legend>
          <p className="hint">None ticked: everyone who submitted coding.</p>
          {coders.length === 0 && <p className="empty">Nobody has submitted coding yet.</p>}
          {coders.map((c) => (
            <label className="inline-check" key={c.id}>
              <input type="checkbox" checked={cs.includes(c.id)} onChange={() => toggle(cs, setCs, c.id)} />
              {coderLabel(c)}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Working…' : 'Update the figures'}
        </button>
        {changed && (
          <button type="button" onClick={() => onApply(defaultFilters)}>
            Compare everything again
          </button>
        )}
      </div>
    </form>
  );
}

export function Summary({ report }: { report: AgreementReport }) {
  const peers = report.coders.filter((c) => c.researcherType === 'peer').length;
  const academics = report.coders.filter((c) => c.researcherType === 'academic').length;
  const counts = comparedCounts(report);
  const reliable = report.themes.filter((t) => t.reading === 'reliable').length;
  return (
    <div className="ag-summary" role="group" aria-label="Summary">
      <p>
        <strong>{report.coders.length}</strong> coder{report.coders.length === 1 ? '' : 's'} ({peers} peer, {academics} academic
        {report.coders.length - peers - academics > 0 ? `, ${report.coders.length - peers - academics} other` : ''}) ·{' '}
        <strong>{counts.interviews}</strong> interview{counts.interviews === 1 ? '' : 's'} · <strong>{counts.units}</strong>{' '}
        {unitWords[report.options.unit]}
        {counts.units === 1 ? '' : 's'} · minimum overlap {report.options.minOverlap} character{report.options.minOverlap === 1 ? '' : 's'}
      </p>
      {counts.leftOut && <p>{counts.leftOut}</p>}
      <p>
        <strong>{reliable}</strong> of {report.themes.length} themes are reliable.
        {splitThemes(report.groups).length > 0 && (
          <>
            {' '}
            <strong>{splitThemes(report.groups).length}</strong> split peer and academic coders (see below).
          </>
        )}
      </p>
    </div>
  );
}

export function OnThisPage() {
  const links: [string, string][] = [
    ['ag-themes', 'Themes'],
    ['ag-chart', 'Chart of alpha'],
    ['ag-groups', 'Peer and academic'],
    ['ag-matrix', 'Who agrees with whom'],
    ['ag-transcripts', 'Interviews'],
    ['ag-categories', 'Categories'],
    ['ag-domains', 'Domains'],
    ['ag-consensus', 'Against the agreed coding'],
  ];
  return (
    <nav aria-label="On this page" className="ag-toc">
      <ul>
        {links.map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
