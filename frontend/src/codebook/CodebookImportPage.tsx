// Import a codebook file (.qdc or .xlsx): first a preview of what would be
// added and changed, and of every row that cannot be imported; then the
// import itself, based on the codebook version the preview was made against.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type Codebook, type ImportPreview, type ImportRefusal } from '../api/client';
import { normalisePreview, plural } from './codebook';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { useAction } from '../shared/action';
import { ProjectMissing, useProject } from '../projects/useProject';
import { PreviewView } from './ImportPreview';
import './codebook.css';

const accepted = '.qdc,.qdpx,.qde,.xlsx';

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
  // doing: '' | 'reading' | 'importing'.
  const { doing: busy, error, setError, run } = useAction();
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
    setDone(null);
    setAgain('');
    await run(
      async () => {
        // The preview is made against the codebook as it is now; the import says which version that was.
        const cb = await api.codebook(pid);
        const p = normalisePreview(await api.previewImport(pid, f));
        setBase(cb);
        setPreview(p);
      },
      { doing: 'reading' },
    );
  }

  async function apply() {
    if (!file || !base || !preview || busy) return;
    setAgain('');
    let stale = false;
    await run(
      async () => {
        const cb = await api.applyImport(pid, file, base.version);
        setDone({ codebook: cb, asProposals: preview.asProposals, count: preview.counts.add + preview.counts.change });
        setPreview(null);
        setFile(null);
      },
      {
        doing: 'importing',
        onError: (err) => {
          const refused = refusedOf(err);
          if (refused) setPreview({ ...preview, refused });
          // The codebook changed since the preview: preview the same file again (below).
          stale = !refused && err instanceof ApiError && err.code === 'version_conflict';
          return stale;
        },
      },
    );
    if (stale) {
      await read(file);
      setAgain('The codebook changed since the preview, so the preview below is new. Check it, then press “Import” again.');
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
              a <strong>REFI-QDA codebook (.qdc)</strong> or <strong>project (.qdpx or .qde)</strong> exported from NVivo, ATLAS.ti, MAXQDA or
              another tool (from a project, only its codes are imported; its interviews and recordings are left out);
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
