// Import a whole project from another tool (a REFI-QDA .qdpx): first what
// the file holds and what would be skipped or changed, then the import,
// which makes a new project led by the person importing.
import { useEffect, useRef, useState } from 'react';
import { api, type ProjectImport } from '../api/client';
import { navigate } from '../shared/router';
import { useAction } from '../shared/action';
import { Alert } from '../shared/ui';

/** ImportProject is the projects page's "Import a project from another tool (.qdpx)". */
export function ImportProject() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ProjectImport | null>(null);
  const { doing, error, setError, run } = useAction();
  const input = useRef<HTMLInputElement>(null);
  const chooser = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (preview) heading.current?.focus();
  }, [preview]);

  async function read(f: File) {
    setFile(f);
    setPreview(null);
    await run(async () => setPreview(await api.importProject(f, true)), { doing: 'reading' });
  }

  async function make() {
    if (!file || doing) return;
    await run(
      async () => {
        const made = await api.importProject(file, false);
        if (made.project) navigate(`/projects/${made.project.id}`);
      },
      { doing: 'importing' },
    );
  }

  function cancel() {
    setPreview(null);
    setFile(null);
    setError(null);
    chooser.current?.focus();
  }

  return (
    <section className="panel" aria-labelledby="import-project-h">
      <h2 id="import-project-h">Import a project from another tool (.qdpx)</h2>
      <p>
        Bring in a whole project exported from NVivo, ATLAS.ti, MAXQDA, QualCoder or Tandem: its codes, its texts and everyone&apos;s
        coding. It becomes a new project that you lead. Nothing is made until you have seen what the file holds.
      </p>
      <div className="actions">
        <button type="button" ref={chooser} aria-disabled={doing !== '' || undefined} onClick={() => !doing && input.current?.click()}>
          {file ? 'Choose another file' : 'Choose a project file'}
        </button>
        <input
          ref={input}
          type="file"
          accept=".qdpx,.qde"
          className="visually-hidden"
          aria-label="Choose a project file (.qdpx)"
          tabIndex={-1}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) read(f);
          }}
        />
      </div>
      {doing === 'reading' && (
        <p role="status" className="loading">
          Reading “{file?.name}”…
        </p>
      )}
      <Alert error={error} />
      {preview && (
        <div className="import-preview">
          <h3 ref={heading} tabIndex={-1}>
            What “{file?.name}” holds
          </h3>
          <ul>
            <li>
              {count(preview.sources, 'text', 'texts')}, {count(preview.codes, 'code', 'codes')}, {count(preview.excerpts, 'coded passage', 'coded passages')}{' '}
              by {count(preview.users, 'person', 'people')}
              {preview.memos > 0 && <>, {count(preview.memos, 'memo', 'memos')}</>}
              {preview.consensus && ', and an agreed (consensus) coding'}.
            </li>
            {preview.origin && <li>Made with {preview.origin}.</li>}
          </ul>
          {preview.refused.length > 0 && (
            <>
              <p>Tandem cannot take these codes, so the project cannot be imported yet:</p>
              <ul>
                {preview.refused.map((r, i) => (
                  <li key={i}>
                    {r.where}: {r.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.report.length > 0 && (
            <details>
              <summary>What Tandem changed or left out ({preview.report.length})</summary>
              <ul className="import-report">
                {preview.report.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </details>
          )}
          <p>The people who coded come in as imported coders. You can link them to team members later.</p>
          <div className="actions">
            {preview.refused.length === 0 && (
              <button type="button" className="primary" aria-disabled={doing !== '' || undefined} onClick={make}>
                {doing === 'importing' ? 'Importing…' : 'Import it as a new project'}
              </button>
            )}
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
