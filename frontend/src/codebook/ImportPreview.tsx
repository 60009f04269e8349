// What importing a codebook file would do, shown before anything changes.
import type { Codebook, ImportPreview } from '../api/client';
import { capital, fieldLabel, importFormatWords, levelWords, pathOf, plural, textOf } from './codebook';
import { FieldChanges } from './codebookUi';

export function PreviewView({
  preview,
  fileName,
  base,
  headingRef,
  busy,
  refusedError,
  onApply,
  onCancel,
}: {
  preview: ImportPreview;
  fileName: string;
  base: Codebook;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  busy: boolean;
  refusedError: unknown;
  onApply: () => void;
  onCancel: () => void;
}) {
  const imported = preview.items.map((i) => i.node);
  const adds = preview.items.filter((i) => i.action === 'add');
  const changes = preview.items.filter((i) => i.action === 'change');
  const same = preview.items.filter((i) => i.action === 'same');
  const refused = preview.refused;
  const nothing = adds.length + changes.length === 0;
  const where = (id: string) => {
    const path = pathOf(imported, id);
    return path.length ? ` in ${path.join(' › ')}` : '';
  };
  const format = importFormatWords(preview.format);
  return (
    <section aria-labelledby="preview-heading" className="panel">
      <h2 id="preview-heading" ref={headingRef} tabIndex={-1}>
        What importing “{fileName}” would do
      </h2>
      <p className="meta">
        {format} · compared with the codebook at version {base.version}
      </p>
      <ul className="import-counts">
        <li>
          <strong>{plural(preview.counts.add, 'new entry', 'new entries')}</strong> to add
        </li>
        {(preview.asProposals || preview.counts.change > 0) && (
          <li>
            <strong>{plural(preview.counts.change, 'entry', 'entries')}</strong> with new wording
          </li>
        )}
        {(preview.asProposals || preview.counts.same > 0) && (
          <li>
            <strong>{plural(preview.counts.same, 'entry', 'entries')}</strong> already the same (nothing to do)
          </li>
        )}
        {refused.length > 0 && (
          <li>
            <strong>{plural(refused.length, refused.some((r) => r.row > 0) ? 'row' : 'part', refused.some((r) => r.row > 0) ? 'rows' : 'parts')}</strong> that
            cannot be imported
          </li>
        )}
      </ul>

      {refused.length > 0 && (
        <div className="alert" role={refusedError ? 'alert' : undefined}>
          <h3>Nothing will be imported until the file is fixed</h3>
          <p>
            {refused.length === 1 ? 'One part' : `${refused.length} parts`} of the file cannot be imported. Correct {refused.length === 1 ? 'it' : 'them'} in
            the file, save it, and choose it again.
          </p>
          <div className="table-scroll" role="region" aria-label="Parts that cannot be imported" tabIndex={0}>
            <table>
              <caption className="visually-hidden">Parts of the file that cannot be imported, and why</caption>
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {refused.map((r, i) => (
                  <tr key={i}>
                    <th scope="row" className="nowrap">
                      {r.where || (r.row ? `Row ${r.row}` : 'The file')}
                    </th>
                    <td className="break">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      {preview.notes.length > 0 && (
        <>
          <h3>Changed to fit ({preview.notes.length})</h3>
          <p className="hint">
            Tandem’s codebook has domains, categories and themes, and only themes are applied to text. To fit, the import did this:
          </p>
          <ul className="role-list import-notes">
            {preview.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}

      {preview.skipped.length > 0 && (
        <>
          <h3>Left out ({preview.skipped.length})</h3>
          <p className="hint">These parts of the file are not part of a codebook in Tandem, so the import leaves them out:</p>
          <ul className="role-list import-notes">
            {preview.skipped.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}

      {adds.length > 0 && (
        <>
          <h3>To add ({adds.length})</h3>
          <ul className="import-list">
            {adds.map((i) => (
              <li key={i.node.id}>
                <span className="tag">{capital(levelWords[i.node.level]?.name ?? i.node.level)}</span> <strong>{i.node.name}</strong>
                {where(i.node.id)}
                {i.node.brief && <span className="sub">{i.node.brief}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      {changes.length > 0 && (
        <>
          <h3>New wording ({changes.length})</h3>
          <ul className="import-list">
            {changes.map((i) => {
              const target = base.nodes.find((n) => n.id === i.targetId);
              const now = target ? textOf(target) : null;
              const next = textOf(i.node);
              return (
                <li key={i.node.id}>
                  <span className="tag">{capital(levelWords[i.node.level]?.name ?? i.node.level)}</span> <strong>{target?.name ?? i.node.name}</strong>
                  <span className="sub">Changes: {i.changed.map(fieldLabel).join(', ')}</span>
                  {now && (
                    <FieldChanges
                      changes={i.changed
                        .filter((f): f is keyof typeof next => f in next)
                        .map((f) => ({ field: f, label: fieldLabel(f), before: now[f], after: next[f], text: f !== 'colour' }))}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}

      {same.length > 0 && (
        <details>
          <summary>Already the same ({same.length})</summary>
          <ul className="import-list">
            {same.map((i) => (
              <li key={i.node.id}>
                {capital(levelWords[i.node.level]?.name ?? i.node.level)} <strong>{i.node.name}</strong>
              </li>
            ))}
          </ul>
        </details>
      )}

      {!refused.length && preview.asProposals && !nothing && (
        <p>
          The codebook already has entries, so these go in as <strong>proposals</strong>: the codebook itself changes only when a lead accepts
          them.
        </p>
      )}
      {!refused.length && nothing && <p>The file holds nothing new for this codebook.</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={refused.length > 0 || nothing} aria-disabled={busy || undefined} onClick={onApply}>
          {busy ? 'Importing…' : preview.asProposals ? 'Import as proposals' : 'Import'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {refused.length > 0 && <p className="hint">“Import” works once every part of the file can be imported.</p>}
    </section>
  );
}
