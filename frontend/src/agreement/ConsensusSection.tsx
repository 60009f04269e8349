// "Each coder against the agreed coding", on the agreement page and the
// findings page: theme by theme, how each coder's submitted coding compares
// with the consensus, with a plain line for each figure, so that a lead sees
// who needs support with which theme. A coder sees only their own figures,
// from locked transcripts (the server filters).
import type { CoderConsensus, ConsensusReport } from '../api/types';
import { usedRows, needsTalk } from '../findings/findings';
import { researcherWords } from '../shared/words';
import { consensusFigures, supportList } from './consensus';
import { Num, unitWords } from './figures';
import './agreement.css';

/** ConsensusSection shows the comparison with the consensus; lead says whose figures they are. */
export function ConsensusSection({ report, lead }: { report: ConsensusReport | null; lead: boolean }) {
  const unit = unitWords[report?.options.unit ?? 'turn'];
  const support = report ? supportList(report.coders) : [];
  return (
    <section aria-labelledby="ag-consensus" className="ag-consensus">
      <h2 id="ag-consensus" tabIndex={-1}>
        {lead ? 'Each coder against the agreed coding' : 'You against the agreed coding'}
      </h2>
      <p>
        The agreed coding is the consensus a lead reconciled. For each theme, this compares {lead ? 'each coder’s' : 'your'} submitted coding with it,{' '}
        {unit} by {unit} and character by character. {lead ? 'It uses every interview with a consensus.' : 'It uses the interviews a lead has locked.'}
      </p>
      <dl className="ag-readings ag-figure-lines">
        {consensusFigures.map((f) => (
          <div key={f.key}>
            <dt>{f.name}</dt>
            <dd>{f.meaning(lead, unit)}</dd>
          </div>
        ))}
      </dl>
      {!report ? (
        <p className="loading">Working out the figures…</p>
      ) : report.coders.length === 0 ? (
        <p className="empty">
          {lead
            ? 'Nothing to compare yet: no interview has both submitted coding and a consensus.'
            : 'Nothing here yet. Your figures appear once a lead locks an interview you coded and submitted.'}
        </p>
      ) : (
        <>
          {lead && (
            <div className="ag-support">
              <h3>Worth talking through</h3>
              {support.length === 0 ? (
                <p>Every coder agrees well with the agreed coding on every theme they used.</p>
              ) : (
                <ul>
                  {support.map((s) => (
                    <li key={`${s.coder.id}/${s.row.nodeId}`}>
                      <strong>{s.coder.name}</strong> on <strong>{s.row.name}</strong>: kappa <Num f={s.row.cohenKappa} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {report.coders.map((c) => (
            <CoderTable key={c.id} coder={c} lead={lead} unit={unit} />
          ))}
        </>
      )}
    </section>
  );
}

function CoderTable({ coder, lead, unit }: { coder: CoderConsensus; lead: boolean; unit: string }) {
  const rows = usedRows(coder);
  const who = lead ? `${coder.name} (${researcherWords(coder.researcherType).toLowerCase()})` : 'You';
  const interviews = `${coder.transcripts} ${coder.transcripts === 1 ? 'interview' : 'interviews'}`;
  return (
    <div className="ag-table-wrap" data-coder={coder.id}>
      <h3>
        {who}: {interviews}, mean kappa <Num f={coder.meanKappa} />
      </h3>
      {rows.length === 0 ? (
        <p className="empty">Neither {lead ? 'the coder' : 'you'} nor the agreed coding used a theme yet.</p>
      ) : (
        <table className="ag-stats ag-vs-consensus">
          <caption className="visually-hidden">
            {who} against the agreed coding, theme by theme
          </caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">
                {unit[0].toUpperCase() + unit.slice(1)}s: {lead ? 'coder' : 'you'} / agreed / both
              </th>
              {consensusFigures.map((f) => (
                <th key={f.key} scope="col">
                  {f.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.nodeId} data-theme={r.nodeId}>
                <th scope="row">
                  {r.name}
                  {needsTalk(r) && <span className="tag ag-talk">Worth talking through</span>}
                </th>
                <td data-label={`${unit[0].toUpperCase() + unit.slice(1)}s: ${lead ? 'coder' : 'you'} / agreed / both`}>
                  {r.coderApplied} / {r.consensusApplied} / {r.bothApplied} <span className="meta">of {r.units}</span>
                </td>
                {consensusFigures.map((f) => (
                  <td key={f.key} data-label={f.name}>
                    <Num f={r[f.key]} asPercent={f.asPercent} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
