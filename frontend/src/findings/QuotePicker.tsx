// Picking quotes for one theme: its picked quotes (one may be the codebook's
// example) and the consensus passages of the theme to pick from.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { FindingRow, Quote, QuoteCandidate } from '../api/types';
import { useAction } from '../shared/action';
import { useLoad } from '../shared/load';
import { Alert, Loading } from '../shared/ui';
import { findings, pickQuote, removeQuote } from './api';
import { hasExample, quoteFrom } from './findings';

/** QuotePicker lets a lead pick, mark and remove a theme's quotes; onChanged
 * reloads the findings, onClose closes the picker. */
export function QuotePicker({ pid, row, onChanged, onClose }: { pid: string; row: FindingRow; onChanged: () => void; onClose: () => void }) {
  const { data, error: loadError, reload } = useLoad(`${pid}/${row.nodeId}`, () => findings(pid, row.nodeId));
  const { busy, error, run } = useAction();
  const [said, setSaid] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [row.nodeId]);

  const current = data?.rows.find((r) => r.nodeId === row.nodeId) ?? row;
  const example = hasExample(current);

  const act = (what: () => Promise<unknown>, done: string) =>
    run(async () => {
      await what();
      setSaid(done);
      await reload();
      onChanged();
    });
  const pick = (c: QuoteCandidate, asExample: boolean) =>
    act(async () => {
      const codebookVersion = asExample ? (await api.codebook(pid)).version : undefined;
      await pickQuote(pid, { themeId: row.nodeId, transcriptId: c.transcriptId, excerptId: c.excerptId, codebookVersion });
    }, asExample ? 'The quote is picked and is now the codebook’s example.' : 'The quote is picked.');
  const remove = (q: Quote) => act(() => removeQuote(pid, q.id), 'The quote is removed.');
  const mark = (q: Quote) =>
    act(async () => {
      const codebookVersion = (await api.codebook(pid)).version;
      await pickQuote(pid, { themeId: row.nodeId, transcriptId: q.transcriptId, excerptId: q.excerptId, codebookVersion });
    }, 'This quote is now the codebook’s example.');

  return (
    <section className="fd-picker" aria-labelledby="fd-picker-h">
      <h2 id="fd-picker-h" ref={heading} tabIndex={-1}>
        Quotes for “{row.name}”
      </h2>
      <p className="hint">
        Pick passages of the consensus that show this theme well. A quote keeps its words even if the consensus changes later. One quote can be
        the codebook’s example: it is written into the theme’s “Example” in the codebook.
      </p>
      <Alert error={error ?? loadError} />
      <div className="visually-hidden" role="status">
        {said}
      </div>
      <h3>Picked ({current.quotes.length})</h3>
      {current.quotes.length === 0 && <p className="meta">None yet.</p>}
      <ul className="fd-list">
        {current.quotes.map((q) => (
          <li key={q.id}>
            <figure className="fd-quote">
              <blockquote>{q.text}</blockquote>
              <figcaption>
                {quoteFrom(q)}
                {q.codebookExample && <span className="tag">Codebook example</span>}
              </figcaption>
            </figure>
            <div className="fd-actions">
              {!example && (
                <button type="button" onClick={() => mark(q)} aria-disabled={busy || undefined}>
                  Make it the codebook example
                </button>
              )}
              <button type="button" className="danger" onClick={() => remove(q)} aria-disabled={busy || undefined}>
                Remove<span className="visually-hidden"> the quote from {quoteFrom(q)}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <h3>Passages of the consensus with this theme</h3>
      {!data && !loadError && <Loading />}
      {data && (data.candidates ?? []).length === 0 && <p className="meta">The consensus has no passage with this theme yet.</p>}
      <ul className="fd-list">
        {(data?.candidates ?? []).map((c) => (
          <li key={`${c.transcriptId}/${c.excerptId}`}>
            <figure className="fd-quote">
              <blockquote>{c.text}</blockquote>
              <figcaption>{quoteFrom(c)}</figcaption>
            </figure>
            <div className="fd-actions">
              {c.picked ? (
                <span className="tag">Picked</span>
              ) : c.tooLong ? (
                <span className="meta">Too long for a quote (more than 5,000 characters).</span>
              ) : (
                <>
                  <button type="button" className="primary" onClick={() => pick(c, false)} aria-disabled={busy || undefined}>
                    Pick<span className="visually-hidden"> the passage from {quoteFrom(c)}</span>
                  </button>
                  {!example && (
                    <button type="button" onClick={() => pick(c, true)} aria-disabled={busy || undefined}>
                      Pick as the codebook example
                    </button>
                  )}
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={onClose}>
          Done with “{row.name}”
        </button>
      </p>
    </section>
  );
}
