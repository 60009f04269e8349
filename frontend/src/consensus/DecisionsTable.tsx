// The decisions of the log as a table (a list on a phone): when, where, what
// was decided and why, by whom, and who saw it each way.
import type { CodebookNode } from '../api/types';
import { formatDate } from '../shared/words';
import type { Decision, DecisionSide } from './api';
import { snippet } from '../coding/coding';
import { actionWords, sideWords } from './log';

/** passageLength is how many characters of a passage the table shows before "…". */
const passageLength = 300;


/** DecisionsTable shows the decisions, oldest first, as the API gives them. */
export function DecisionsTable({
  decisions,
  titleOf,
  themeOf,
  caption,
}: {
  decisions: Decision[];
  titleOf: (tid: string) => string;
  themeOf: (id: string) => CodebookNode | undefined;
  caption: string;
}) {
  const themeName = (id: string) => themeOf(id)?.name ?? 'a theme no longer in the codebook';
  return (
    <table className="stack-narrow cs-log">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Interview and passage</th>
          <th scope="col">Theme</th>
          <th scope="col">Decision</th>
          <th scope="col">Why</th>
          <th scope="col">Applied it</th>
          <th scope="col">Did not apply it</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => (
          <tr key={d.id} className={d.superseded ? 'cs-superseded' : undefined} data-action={d.action}>
            <th scope="row" className="cs-when">
              {formatDate(d.at)}
              <span className="sub">{d.leadName || 'majority rule'}</span>
              {d.superseded && ' '}
              {d.superseded && <span className="tag cs-tag-old">Superseded</span>}
            </th>
            <td data-label="Interview">
              <strong>{titleOf(d.transcriptId)}</strong>
              <span className="sub cs-passage">“{snippet(d.text, passageLength)}”</span>
            </td>
            <td data-label="Theme">{themeName(d.theme)}</td>
            <td data-label="Decision">
              {actionWords[d.action]}
              {d.action === 'theme' && d.newTheme && <span className="sub">Instead: {themeName(d.newTheme)}</span>}
              {d.split && ' '}
              {d.split && <span className="tag cs-tag-split">Peer and academic split</span>}
            </td>
            <td data-label="Why">{d.rationale || <span className="meta">No reason written</span>}</td>
            <td data-label="Applied it">
              <Side sides={d.applied} />
            </td>
            <td data-label="Did not apply it">
              <Side sides={d.notApplied} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Side lists the coders on one side of a decision, one to a line. */
function Side({ sides }: { sides: DecisionSide[] }) {
  return (
    <ul className="cs-side-list">
      {sideWords(sides).map((w, i) => (
        <li key={i}>{w}</li>
      ))}
    </ul>
  );
}
