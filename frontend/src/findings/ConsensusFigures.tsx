// Each coder against the consensus: for a lead every coder, for a coder
// their own figures once a lead locked their transcripts.
import type { CoderConsensus, ConsensusReport, Figure } from '../api/types';
import { figureText, noteWords } from '../agreement/agreement';
import { researcherWords } from '../shared/words';
import { needsTalk, usedRows } from './findings';

function Fig({ f, asPercent }: { f: Figure; asPercent?: boolean }) {
  if (f.value === null) {
    return (
      <span className="meta" title={noteWords(f.note)}>
        n/a<span className="visually-hidden"> ({noteWords(f.note)})</span>
      </span>
    );
  }
  return <>{figureText(f, asPercent)}</>;
}

/** ConsensusFigures shows how coders compare with the consensus; lead says whose figures they are. */
export function ConsensusFigures({ report, lead }: { report: ConsensusReport; lead: boolean }) {
  return (
    <section aria-labelledby="fd-you-h" className="fd-you">
      <h2 id="fd-you-h">{lead ? 'Each coder and the consensus' : 'You and the consensus'}</h2>
      <p className="hint">
        For each theme: on how many {report.options.unit}s {lead ? 'the coder' : 'you'} and the consensus used it, how often {lead ? 'they' : 'you'}{' '}
        agreed, and Cohen’s kappa (agreement beyond chance: 1 is perfect, 0 is chance). “Found” is how much of the consensus’s text with the theme{' '}
        {lead ? 'the coder' : 'you'} coded; “Kept” is how much of {lead ? 'their' : 'your'} coded text the consensus kept.
      </p>
      {report.coders.length === 0 && (
        <p>
          {lead
            ? 'Nothing to compare yet: no transcript has both submitted coding and a consensus.'
            : 'Your figures appear here once a lead locks a transcript you coded and submitted.'}
        </p>
      )}
      {report.coders.map((c) => (
        <CoderTable key={c.id} coder={c} lead={lead} />
      ))}
    </section>
  );
}

function CoderTable({ coder, lead }: { coder: CoderConsensus; lead: boolean }) {
  const rows = usedRows(coder);
  const who = lead ? `${coder.name} (${researcherWords(coder.researcherType)})` : 'You';
  return (
    <div className="table-scroll" role="region" aria-label={lead ? `Figures of ${coder.name}` : 'Your figures, theme by theme'} tabIndex={0}>
      <table className="fd-coder fd-cards">
        <caption>
          {who}: {coder.transcripts} {coder.transcripts === 1 ? 'interview' : 'interviews'}, mean kappa <Fig f={coder.meanKappa} />
        </caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Used by {lead ? 'coder' : 'you'} / consensus / both</th>
            <th scope="col">Agreement</th>
            <th scope="col">Kappa</th>
            <th scope="col">Found</th>
            <th scope="col">Kept</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6}>No theme used yet.</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.nodeId}>
              <th scope="row">
                {r.name}
                {needsTalk(r) && <span className="tag fd-talk">Worth talking through</span>}
              </th>
              <td data-label="Used by / consensus / both">
                {r.coderApplied} / {r.consensusApplied} / {r.bothApplied} <span className="meta">of {r.units}</span>
              </td>
              <td data-label="Agreement">
                <Fig f={r.percentAgreement} asPercent />
              </td>
              <td data-label="Kappa">
                <Fig f={r.cohenKappa} />
              </td>
              <td data-label="Found">
                <Fig f={r.recall} asPercent />
              </td>
              <td data-label="Kept">
                <Fig f={r.precision} asPercent />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
