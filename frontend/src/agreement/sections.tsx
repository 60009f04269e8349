// The alpha chart and the figures per interview.
import { lazy, Suspense, useId, useState } from 'react';
import type { ReportFilters } from './api';
import type { AgreementReport } from '../api/types';
import { alphaPoints, compareQuery, type SortDir, stat } from './agreement';
import { Link } from '../shared/ui';
import { Num, ReadingTag } from './figures';

export const AlphaChart = lazy(() => import('./charts'));

export function ChartSection({ report }: { report: AgreementReport }) {
  const points = alphaPoints(report.themes);
  const summaryId = useId();
  const low = points.filter((p) => p.reading === 'not reliable').map((p) => p.name);
  return (
    <section aria-labelledby="ag-chart">
      <h2 id="ag-chart" tabIndex={-1}>
        Chart of alpha per theme
      </h2>
      <figure className="ag-figure">
        <figcaption id="alpha-chart-title">
          Alpha per theme with its 95% interval (the black whiskers). Dashed lines at 0.667 (tentative) and 0.800 (reliable). Each bar is labelled
          with its value and a sign: ✓ reliable, ~ tentative, ✗ not reliable.
        </figcaption>
        <p id={summaryId} className="visually-hidden">
          {points.length} themes have an alpha. {low.length > 0 ? `Not reliable: ${low.join(', ')}.` : 'None is below 0.667.'} The themes
          table above has every figure.
        </p>
        {points.length === 0 ? (
          <p className="empty">No theme has an alpha yet.</p>
        ) : (
          <Suspense fallback={<p className="hint">Drawing the chart…</p>}>
            <AlphaChart points={points} summaryId={summaryId} />
          </Suspense>
        )}
      </figure>
    </section>
  );
}

export function TranscriptSection({ pid, report, filters }: { pid: string; report: AgreementReport; filters: ReportFilters }) {
  const [sort, setSort] = useState<SortDir | null>(null);
  const rows = sort
    ? [...report.transcripts].sort((a, b) => {
        if (a.meanAlpha.value === null || b.meanAlpha.value === null) return a.meanAlpha.value === null ? 1 : -1;
        return (a.meanAlpha.value - b.meanAlpha.value) * (sort === 'ascending' ? 1 : -1);
      })
    : report.transcripts;
  const q = compareQuery('', filters.unit, filters.overlap);
  return (
    <section aria-labelledby="ag-transcripts">
      <h2 id="ag-transcripts" tabIndex={-1}>
        Interviews
      </h2>
      <p>The mean alpha over the themes of each interview, to find the interview where the coding went apart.</p>
      <div className="ag-table-wrap">
        <table className="ag-stats ag-sortable">
          <caption className="visually-hidden">Agreement per interview</caption>
          <thead>
            <tr>
              <th scope="col">Interview</th>
              <th scope="col" aria-sort={sort ?? undefined}>
                <button
                  type="button"
                  className="ag-sort"
                  onClick={() => setSort((s) => (s === 'ascending' ? 'descending' : 'ascending'))}
                >
                  Mean alpha
                  <span aria-hidden="true" className="ag-sort-mark">
                    {sort ? (sort === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                  </span>
                  <span className="visually-hidden">{sort ? `, sorted ${sort}` : ', sort'}</span>
                </button>
              </th>
              <th scope="col">Themes with an alpha</th>
              <th scope="col">Mean |uα (spans)</th>
              <th scope="col">Units</th>
              <th scope="col">Coders who submitted</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.title}</th>
                <td data-label="Mean alpha">
                  {t.meanAlpha.value === null ? (
                    <Num f={t.meanAlpha} />
                  ) : (
                    <Link to={`/projects/${pid}/compare/${t.id}${q}`} className="ag-num">
                      {stat(t.meanAlpha.value)}
                      <span className="visually-hidden">: compare the coders on {t.title}</span>
                    </Link>
                  )}{' '}
                  <ReadingTag reading={t.reading} />
                </td>
                <td data-label="Themes with an alpha">{t.themesWithAlpha}</td>
                <td data-label="Mean |uα (spans)">
                  <Num f={t.meanBinaryUAlpha} />
                </td>
                <td data-label="Units">{t.units}</td>
                <td data-label="Coders who submitted">{t.coders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
