// Who agrees with whom: peer and academic coders compared, and the coder
// by coder matrix.
import { lazy, Suspense, useId } from 'react';
import type { AgreementReport, GroupRow } from '../api/types';
import { hasWithinGroups, heatColour, readingOf, readingOfValue, splitThemes, stat } from './agreement';
import { Num } from './figures';

export const GroupChart = lazy(() => import('./charts').then((m) => ({ default: m.GroupChart })));

export function GroupSection({ report, onTheme }: { report: AgreementReport; onTheme: (id: string) => void }) {
  const summaryId = useId();
  const splits = splitThemes(report.groups);
  const within = hasWithinGroups(report.groups);
  const peers = report.coders.filter((c) => c.researcherType === 'peer').length;
  const academics = report.coders.filter((c) => c.researcherType === 'academic').length;
  return (
    <section aria-labelledby="ag-groups">
      <h2 id="ag-groups" tabIndex={-1}>
        Peer and academic researchers
      </h2>
      <p>
        Do peer researchers and academic researchers read the interviews differently? For each theme: agreement among the peer coders, among the
        academic coders, and between a peer and an academic coder. A theme <strong>splits</strong> when each group agrees within itself (0.667 or
        more) but the two groups do not agree with each other (below 0.667, and at least 0.2 lower).
      </p>
      {!within && (
        <p className="ag-callout">
          There {peers === 1 ? 'is' : 'are'} {peers} peer and {academics} academic coder{academics === 1 ? '' : 's'} here. Agreement{' '}
          <em>within</em> a group needs at least two coders of that group, so only agreement <em>across</em> the groups can be shown.
        </p>
      )}
      {splits.length > 0 ? (
        <p className="ag-callout ag-split-note">
          <strong>
            {splits.length} theme{splits.length === 1 ? '' : 's'} split along the peer / academic line:
          </strong>{' '}
          {splits.map((s) => s.name).join(', ')}.
        </p>
      ) : (
        within && <p>No theme splits along the peer / academic line.</p>
      )}
      <div className="ag-table-wrap">
        <table className="ag-stats ag-groups">
          <caption className="visually-hidden">Alpha within and across peer and academic coders, per theme</caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Within peer researchers</th>
              <th scope="col">Within academic researchers</th>
              <th scope="col">Across the groups</th>
              <th scope="col">Split?</th>
            </tr>
          </thead>
          <tbody>
            {report.groups.map((g: GroupRow) => (
              <tr key={g.nodeId} className={g.split ? 'ag-split' : undefined}>
                <th scope="row">{g.name}</th>
                <td data-label="Within peer researchers">
                  <Num f={g.withinPeer} />
                </td>
                <td data-label="Within academic researchers">
                  <Num f={g.withinAcademic} />
                </td>
                <td data-label="Across the groups">
                  {g.across.value === null ? (
                    <Num f={g.across} />
                  ) : (
                    <button type="button" className="link-button inline ag-num" onClick={() => onTheme(g.nodeId)}>
                      {stat(g.across.value)}
                      <span className="visually-hidden">: where do the coders differ on {g.name}?</span>
                    </button>
                  )}
                </td>
                <td data-label="Split?">{g.split ? <strong className="ag-reading ag-bad">⚑ Splits</strong> : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {within && (
        <figure className="ag-figure">
          <figcaption id="group-chart-title">Alpha within peer researchers, within academic researchers, and across the two groups, per theme.</figcaption>
          <p id={summaryId} className="visually-hidden">
            {splits.length > 0 ? `Themes that split: ${splits.map((s) => s.name).join(', ')}.` : 'No theme splits.'} The table above has every figure.
          </p>
          <Suspense fallback={<p className="hint">Drawing the chart…</p>}>
            <GroupChart groups={report.groups} summaryId={summaryId} />
          </Suspense>
        </figure>
      )}
    </section>
  );
}

export function MatrixSection({ report, onPair }: { report: AgreementReport; onPair: (a: string, b: string) => void }) {
  const cs = report.coders;
  return (
    <section aria-labelledby="ag-matrix">
      <h2 id="ag-matrix" tabIndex={-1}>
        Who agrees with whom
      </h2>
      <p>
        Alpha for each pair of coders, averaged over the themes. Greener cells agree more; each cell also gives the number and its reading. Choose a
        number to compare just those two coders.
      </p>
      {/* A matrix of many coders may be wider than a phone: then it scrolls sideways on its own (a two-dimensional table may). */}
      <div className="ag-table-wrap ag-heat-scroll" role="region" aria-label="Who agrees with whom (a table)" tabIndex={0}>
        <table className="ag-heat">
          <caption className="visually-hidden">Mean alpha for each pair of coders</caption>
          <thead>
            <tr>
              <td />
              {cs.map((c) => (
                <th scope="col" key={c.id}>
                  {c.name}
                  <span className="sub">{c.researcherType === 'peer' ? 'peer' : c.researcherType === 'academic' ? 'academic' : 'other'}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cs.map((a, i) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.name}
                  <span className="sub">{a.researcherType === 'peer' ? 'peer' : a.researcherType === 'academic' ? 'academic' : 'other'}</span>
                </th>
                {cs.map((b, j) => {
                  const f = report.coderMatrix[i]?.[j] ?? { value: null };
                  if (i === j) {
                    return (
                      <td key={b.id} className="ag-self">
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">same coder</span>
                      </td>
                    );
                  }
                  const r = readingOf(readingOfValue(f.value));
                  return (
                    <td key={b.id} style={{ background: heatColour(f.value) }} data-label={b.name}>
                      {f.value === null ? (
                        <Num f={f} />
                      ) : (
                        <button type="button" className="link-button inline ag-num" onClick={() => onPair(a.id, b.id)}>
                          {stat(f.value)}
                          <span className="visually-hidden">
                            : {a.name} and {b.name}, compare just these two
                          </span>
                        </button>
                      )}
                      <span className="ag-cell-reading">
                        <span aria-hidden="true">{r.symbol} </span>
                        {r.word}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <HeatLegend />
    </section>
  );
}

export function HeatLegend() {
  const steps = [0, 0.3, 0.5, 0.667, 0.8, 0.9, 1];
  return (
    <div className="ag-legend" aria-hidden="true">
      <span>Colour scale:</span>
      {steps.map((v) => (
        <span key={v} className="ag-swatch" style={{ background: heatColour(v) }}>
          {v === 0 ? '≤ 0' : stat(v)}
        </span>
      ))}
      <span className="ag-swatch" style={{ background: heatColour(null) }}>
        n/a
      </span>
    </div>
  );
}
