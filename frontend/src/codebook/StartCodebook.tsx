// Starting an empty codebook: from a template, a file, or by hand.
import { api, type CodebookTemplate } from '../api/client';
import { plural } from './codebook';
import { Alert, Link, Loading } from '../shared/ui';
import type { Ctx } from './context';
import { useLoad } from '../shared/load';
import { useAction } from '../shared/action';

/** StartCodebook offers a lead the ways to start an empty codebook. */
export function StartCodebook({ ctx }: { ctx: Ctx }) {
  const { data: templates, error } = useLoad(ctx.pid, () => api.codebookTemplates(ctx.pid));
  // ctx.change shows its own errors.
  const { doing: busy, run } = useAction();
  async function use(t: CodebookTemplate) {
    await run(
      () =>
        ctx.change(
          () => api.applyTemplate(ctx.pid, ctx.cb.version, t.id),
          (next) => `The codebook starts from “${t.name}”: ${plural(next.nodes.length, 'entry', 'entries')}. It is now version ${next.version}.`,
        ),
      { doing: t.id },
    );
  }
  return (
    <section className="panel" aria-labelledby="start-heading">
      <h2 id="start-heading">Start the codebook</h2>
      <p>
        Start from a ready-made codebook, from scratch, or from a codebook file. You can change every name and definition
        afterwards, and every change is kept in the history.
      </p>
      <h3>Start from a template</h3>
      <Alert error={error} />
      {!templates && !error && <Loading />}
      {templates && (
        <ul className="cards">
          {templates.map((t) => (
            <li key={t.id} className="card">
              <h4>{t.name}</h4>
              <p>{t.description}</p>
              <p>
                <button type="button" className="primary" aria-disabled={busy === t.id || undefined} onClick={() => use(t)}>
                  {busy === t.id ? 'Starting…' : `Use “${t.name}”`}
                </button>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h3>Other ways to start</h3>
      <div className="actions">
        <button type="button" onClick={() => ctx.open({ kind: 'add', level: 'domain', parentId: '' })}>
          Start from scratch
        </button>
        <Link to={`/projects/${ctx.pid}/codebook/import`} className="button-link">
          Import a codebook file
        </Link>
      </div>
      <p className="hint">A codebook file is a REFI-QDA codebook (.qdc) from NVivo, ATLAS.ti or MAXQDA, or an Excel workbook (.xlsx).</p>
    </section>
  );
}
