// The results table: each domain, category and theme with the participants
// and interviews where the consensus applies it, and its quotes.
import type { FindingRow, Findings } from '../api/types';
import { outOf, quoteFrom } from './findings';

/** FindingsTable shows the findings; a lead picks quotes from a theme's row. */
export function FindingsTable({ findings, onPick }: { findings: Findings; onPick?: (row: FindingRow) => void }) {
  const { participants, transcripts } = findings;
  return (
    <div className="table-scroll" role="region" aria-label="Findings table" tabIndex={0}>
      <table className="fd-table fd-cards">
        <caption>
          Themes in the consensus of {participants} {participants === 1 ? 'participant' : 'participants'} ({transcripts}{' '}
          {transcripts === 1 ? 'interview' : 'interviews'})
        </caption>
        <thead>
          <tr>
            <th scope="col">Domain, category or theme</th>
            <th scope="col">Participants</th>
            <th scope="col">Interviews</th>
            <th scope="col">Coded passages</th>
            <th scope="col">Quotes</th>
          </tr>
        </thead>
        <tbody>
          {findings.rows.map((r) => (
            <tr key={r.nodeId} className={`fd-${r.level}`}>
              <th scope="row">
                <span className="visually-hidden">{r.level}: </span>
                {r.name}
              </th>
              <td data-label="Participants">{outOf(r.participants, participants, 'participant', 'participants')}</td>
              <td data-label="Interviews">{outOf(r.transcripts, transcripts, 'interview', 'interviews')}</td>
              <td data-label="Coded passages">{r.excerpts}</td>
              <td data-label="Quotes">{r.level === 'theme' && <Quotes row={r} onPick={onPick} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Quotes({ row, onPick }: { row: FindingRow; onPick?: (row: FindingRow) => void }) {
  const first = row.quotes[0];
  return (
    <>
      {first ? (
        <figure className="fd-quote">
          <blockquote>{first.text}</blockquote>
          <figcaption>
            {quoteFrom(first)}
            {first.codebookExample && <span className="tag">Codebook example</span>}
            {row.quotes.length > 1 && <span className="meta"> · {row.quotes.length} quotes</span>}
          </figcaption>
        </figure>
      ) : (
        <span className="meta">No quote yet</span>
      )}
      {onPick && (
        <p className="fd-pick">
          <button type="button" className="link-button inline" onClick={() => onPick(row)} data-theme={row.nodeId}>
            {row.quotes.length ? 'Change quotes' : 'Pick quotes'}
            <span className="visually-hidden"> for {row.name}</span>
          </button>
        </p>
      )}
    </>
  );
}
