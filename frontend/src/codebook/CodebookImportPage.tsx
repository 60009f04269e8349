// Import a codebook file (.qdc or .xlsx): first a preview of what would be
// added and changed, and of every row that cannot be imported; then the
// import itself, based on the codebook version the preview was made against.
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type Codebook, type ImportPreview, type ImportRefusal } from '../api/client';
import { capital, fieldLabel, levelWords, normalisePreview, pathOf, plural, textOf } from './codebook';
import { FieldChanges } from './codebookUi';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { ProjectMissing, useProject } from '../projects/useProject';

const accepted = '.qdc,.qdpx,.xlsx';

/** refusedOf reads the refused rows of an import_refused answer. */
function refusedOf(err: unknown): ImportRefusal[] | null {
  if (!(err instanceof ApiError) || err.code !== 'import_refused') return null;
  const r = (err.details as { refused?: unknown } | undefined)?.refused;
  return Array.isArray(r) ? (r as ImportRefusal[]) : [];
}

export function CodebookImportPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [base, setBase] = useState<Codebook | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'' | 'reading' | 'importing'>('');
  const [done, setDone] = useState<{ codebook: Codebook; asProposals: boolean; count: number } | null>(null);
  const [again, setAgain] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const chooser = useRef<HTMLButtonElement>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  async function read(f: File) {
    setFile(f);
    setPreview(null);
    setError(null);
    setDone(null);
    setAgain('');
    setBusy('reading');
    try {
      // The preview is made against the codebook as it is now; the import says which version that was.
      const cb = await api.codebook(pid);
      const p = normalisePreview(await api.previewImport(pid, f));
      setBase(cb);
      setPreview(p);
    } catch (err) {
      setError(err);
    } finally {
      setBusy('');
    }
  }

  async function apply() {
    if (!file || !base || !preview || busy) return;
    setBusy('importing');
    setError(null);
    setAgain('');
    try {
      const cb = await api.applyImport(pid, file, base.version);
      setDone({ codebook: cb, asProposals: preview.asProposals, count: preview.counts.add + preview.counts.change });
      setPreview(null);
      setFile(null);
    } catch (err) {
      const refused = refusedOf(err);
      if (refused) {
        setPreview({ ...preview, refused });
        setError(err);
      } else if (err instanceof ApiError && err.code === 'version_conflict') {
        // The codebook changed since the preview: preview the same file again.
        setBusy('');
        await read(file);
        setAgain('The codebook changed since the preview, so the preview below is new. Check it, then press “Import” again.');
        return;
      } else {
        setError(err);
      }
    } finally {
      setBusy('');
    }
  }

  function cancel() {
    setPreview(null);
    setFile(null);
    setError(null);
    setAgain('');
    chooser.current?.focus();
  }

  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project) return <Loading />;
  const lead = project.myRole === 'lead';

  return (
    <Page title="Import a codebook file">
      <p>
        <Link to={`/projects/${pid}/codebook`}>Back to the codebook</Link>
      </p>
      {!lead ? (
        <p>Only a lead can import a codebook file into {project.name}.</p>
      ) : (
        <>
          <p>You can import:</p>
          <ul className="role-list">
            <li>
              a <strong>REFI-QDA codebook (.qdc)</strong> or <strong>project (.qdpx)</strong> exported from NVivo, ATLAS.ti, MAXQDA or
              another tool (from a project, only its codes are imported);
            </li>
            <li>
              an <strong>Excel workbook (.xlsx)</strong>: one downloaded from Tandem, or a sheet with a <code>Code</code> column written as{' '}
              <code>Domain &gt; Category &gt; Theme</code> and, if you like, a <code>Description</code> column.
            </li>
          </ul>
          <p>Nothing changes until you have seen what the file contains and pressed “Import”.</p>
          <div className="actions">
            <button type="button" ref={chooser} className={preview ? undefined : 'primary'} aria-disabled={busy !== '' || undefined} onClick={() => !busy && input.current?.click()}>
              {file ? 'Choose another file' : 'Choose a file'}
            </button>
            <input
              ref={input}
              type="file"
              accept={accepted}
              className="visually-hidden"
              aria-label="Choose a codebook file"
              tabIndex={-1}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) read(f);
              }}
            />
          </div>
          {busy === 'reading' && (
            <p role="status" className="loading">
              Reading “{file?.name}”…
            </p>
          )}
          {again && <Notice>{again}</Notice>}
          {error && !refusedOf(error) && (
            <Alert
              error={
                error instanceof ApiError && error.code !== 'network' && busy === '' && !preview
                  ? `“${file?.name ?? 'The file'}” cannot be imported. ${error.message}`
                  : error
              }
            />
          )}
          {done && (
            <div ref={doneRef} tabIndex={-1} className="notice" role="status">
              <p>
                {done.asProposals
                  ? `The file is imported as ${plural(done.count, 'proposal', 'proposals')}: a lead accepts or declines each one on the codebook page.`
                  : `The file is imported. The codebook is now version ${done.codebook.version}, with ${plural(done.codebook.nodes.length, 'entry', 'entries')}.`}
              </p>
              <p>
                <Link to={`/projects/${pid}/codebook`}>Go to the codebook</Link>
              </p>
            </div>
          )}
          {preview && file && base && (
            <PreviewView
              preview={preview}
              fileName={file.name}
              base={base}
              headingRef={previewHeading}
              busy={busy === 'importing'}
              refusedError={refusedOf(error) ? error : null}
              onApply={apply}
              onCancel={cancel}
            />
          )}
        </>
      )}
    </Page>
  );
}

function PreviewView({
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
  const format = preview.format === 'xlsx' ? 'Excel workbook' : preview.format === 'qdpx' ? 'REFI-QDA project' : 'REFI-QDA codebook';
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
          <h3>Changed to fit three levels</h3>
          <p className="hint">Tandem’s codebook has domains, categories and themes. To fit, the import did this:</p>
          <ul className="role-list">
            {preview.notes.map((n, i) => (
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
