// Where the coders differ on one theme, interview by interview, with the
// theme's further figures.
import { useEffect, useRef, useState } from 'react';
import { disagreements, type ReportFilters } from './api';
import type { AgreementReport, Row } from '../api/types';
import { compareQuery, stat } from './agreement';
import { Link } from '../shared/ui';
import { MoreFigures, ReadingTag, unitWords } from './figures';

export function ThemeDifferences({
  pid,
  theme,
  report,
  filters,
  onClose,
}: {
  pid: string;
  theme: Row;
  report: AgreementReport;
  filters: ReportFilters;
  onClose: () => void;
}) {
  const [counts, setCounts] = useState<Record<string, { units: number; spans: number } | 'error'>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
    let live = true;
    const ids = report.transcripts.map((t) => t.id);
    // A few at a time, so that a large project does not flood the server.
    let next = 0;
    const work = async () => {
      while (live && next < ids.length) {
        const id = ids[next++];
        try {
          const d = await disagreements(pid, id, theme.nodeId, filters);
          if (live) setCounts((c) => ({ ...c, [id]: { units: d.units.length, spans: d.spans.length } }));
        } catch {
          if (live) setCounts((c) => ({ ...c, [id]: 'error' }));
        }
      }
    };
    void Promise.all([work(), work(), work()]);
    return () => {
      live = false;
    };
    // Counted once for the theme: new filters make a new report and close this panel.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pid, theme.nodeId]);
  const q = compareQuery(theme.nodeId, filters.unit, filters.overlap);
  const unit = unitWords[report.options.unit];
  return (
    <section className="ag-differences panel" aria-labelledby="ag-diff-h">
      <h2 id="ag-diff-h" ref={heading} tabIndex={-1}>
        Where the coders differ on “{theme.name}”
      </h2>
      <p>
        Alpha {stat(theme.alpha.value)} <ReadingTag reading={theme.reading} />. Open an interview to see, {unit} by {unit}, who applied the
        theme and who did not.
      </p>
      <MoreFigures theme={theme} />
      <div className="ag-table-wrap">
        <table className="ag-stats">
          <caption className="visually-hidden">Differences on {theme.name} per interview</caption>
          <thead>
            <tr>
              <th scope="col">Interview</th>
              <th scope="col">{unit.charAt(0).toUpperCase() + unit.slice(1)}s where they differ</th>
              <th scope="col">Stretches of text where they differ</th>
            </tr>
          </thead>
          <tbody>
            {report.transcripts.map((t) => {
              const c = counts[t.id];
              return (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to={`/projects/${pid}/compare/${t.id}${q}`}>
                      {t.title}
                      <span className="visually-hidden">: compare the coders on {theme.name}</span>
                    </Link>
                  </th>
                  <td data-label={`${unit}s where they differ`}>{c === undefined ? '…' : c === 'error' ? 'could not be loaded' : c.units}</td>
                  <td data-label="Stretches of text where they differ">{c === undefined ? '…' : c === 'error' ? 'could not be loaded' : c.spans}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
