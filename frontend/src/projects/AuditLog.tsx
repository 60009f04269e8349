// An audit log shown a page at a time, newest first: a project's, or the
// instance's own (on the Accounts page).
import { useEffect, useRef, useState } from 'react';
import type { AuditEntry, AuditPage } from '../api/client';
import { Alert, Loading } from '../shared/ui';
import { useAction } from '../shared/action';
import { formatDate } from '../shared/words';

/** AuditLog loads pages with load (older ones with before) and shows them in a table. */
export function AuditLog({ load, label, empty }: { load: (before?: number) => Promise<AuditPage>; label: string; empty: string }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [added, setAdded] = useState(0);
  const { busy, error, run } = useAction();

  function fetchPage(before?: number) {
    return run(async () => {
      const page = await load(before);
      setEntries((old) => (before ? [...old, ...page.entries] : page.entries));
      setAdded(before ? page.entries.length : 0);
      setNext(page.nextBefore);
      setLoaded(true);
    });
  }
  useEffect(() => {
    fetchPage();
    // The first page is loaded once, when the log opens; later pages when asked.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // After the last older page the button goes away: the focus goes to the
  // line that says so.
  const end = useRef<HTMLParagraphElement>(null);
  const reachedStart = added > 0 && !next;
  useEffect(() => {
    if (reachedStart) end.current?.focus();
  }, [reachedStart]);

  if (!loaded && !error) return <Loading />;
  return (
    <>
      <Alert error={error} />
      {loaded && entries.length === 0 && <p className="empty">{empty}</p>}
      {entries.length > 0 && (
        <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
          <table className="stack-narrow">
            <caption className="visually-hidden">{label}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="nowrap meta">{formatDate(e.at)}</td>
                  <td data-label="Who">{e.actorName}</td>
                  <td>{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" className="visually-hidden">
        {added > 0 ? `${added} older ${added === 1 ? 'entry' : 'entries'} added at the end of the table.` : ''}
      </p>
      {next ? (
        // aria-disabled, not disabled: a disabled button would drop the focus while loading.
        <button type="button" onClick={() => fetchPage(next)} aria-disabled={busy}>
          {busy ? 'Loading older entries…' : 'Show older entries'}
        </button>
      ) : (
        // Said only after older entries were asked for: on a log that fits one page it would say nothing new.
        reachedStart && (
          <p className="meta" ref={end} tabIndex={-1}>
            This is the start of the log.
          </p>
        )
      )}
    </>
  );
}
