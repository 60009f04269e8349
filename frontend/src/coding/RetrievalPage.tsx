import { useMemo, useState } from 'react';
import { api, type CodebookNode, type PassageTurn, type Retrieval } from '../api/client';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { useLoad } from '../shared/load';
import { useAction } from '../shared/action';
import { researcherWords } from '../shared/words';
import { ProjectMissing, useProject } from '../projects/useProject';
import { passageLines } from './retrieval';
import './coding.css';

/** RetrievalPage finds every excerpt of a theme (or of any theme of a
 * category or domain) across the project's transcripts, with the text
 * around it, and shows how often themes are used and meet. */
export function RetrievalPage({ pid }: { pid: string }) {
  const { project, error: projectError } = useProject(pid);
  const loaded = useLoad(pid, () =>
    Promise.all([api.codebook(pid), api.transcripts(pid), api.themeCounts(pid)]).then(([codebook, transcripts, counts]) => ({
      codebook,
      transcripts,
      counts,
    })),
  );
  const codebook = loaded.data?.codebook ?? null;
  const transcripts = loaded.data?.transcripts ?? [];
  const counts = loaded.data?.counts ?? null;
  const [node, setNode] = useState('');
  const [coder, setCoder] = useState('');
  const [type, setType] = useState('');
  const [transcript, setTranscript] = useState('');
  const [found, setFound] = useState<Retrieval | null>(null);
  const searching = useAction();
  const busy = searching.busy;
  const error = searching.error ?? loaded.error;

  const byId = useMemo(() => new Map((codebook?.nodes ?? []).map((n) => [n.id, n])), [codebook]);
  const usable = (codebook?.nodes ?? []).filter((n) => n.status !== 'proposed' && !n.mergedInto);

  async function search(offset = 0) {
    if (!node) return;
    await searching.run(async () => {
      const r = await api.retrieve(pid, { node, coder, researcherType: type, transcript, offset });
      setFound(offset > 0 && found ? { ...r, excerpts: [...found.excerpts, ...r.excerpts] } : r);
    });
  }

  if (projectError) return <ProjectMissing error={projectError} />;
  if (!project || (!codebook && !error)) return <Loading />;
  const label = (n: CodebookNode) => (n.level === 'domain' ? n.name : n.level === 'category' ? `— ${n.name}` : `— — ${n.name}`);
  const themeName = (id: string) => byId.get(id)?.name ?? 'a theme no longer in the codebook';
  const usedThemes = Object.entries(counts?.themes ?? {}).sort((a, b) => b[1].excerpts - a[1].excerpts);
  return (
    <Page title={`Find coded text in ${project.name}`} wide>
      <p>
        <Link to={`/projects/${pid}`}>Back to the project</Link>
      </p>
      <p>
        Choose a theme to read every passage coded with it, with the words around it. Choosing a category or a domain finds the
        passages of all its themes.
        {!project.openCoding && project.myRole !== 'lead' && ' While the project codes independently, you find only your own excerpts, and everyone’s on transcripts the lead has revealed.'}
      </p>
      <Alert error={error} />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label>
          Theme, category or domain
          <select value={node} onChange={(e) => setNode(e.target.value)} required>
            <option value="">Choose…</option>
            {usable.map((n) => (
              <option key={n.id} value={n.id}>
                {label(n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Coder
          <select value={coder} onChange={(e) => setCoder(e.target.value)}>
            <option value="">Everyone</option>
            {project.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Takes part as
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Anyone</option>
            <option value="peer">Peer researchers</option>
            <option value="academic">Academic researchers</option>
            <option value="other">Something else</option>
          </select>
        </label>
        <label>
          Transcript
          <select value={transcript} onChange={(e) => setTranscript(e.target.value)}>
            <option value="">All transcripts</option>
            {transcripts.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!node || busy}>
          {busy ? 'Finding…' : 'Find'}
        </button>
      </form>
      {found && (
        <section aria-labelledby="found-title">
          <h2 id="found-title" tabIndex={-1}>
            {found.total === 0
              ? `Nothing is coded with “${found.node.name}” yet`
              : `${found.total} ${found.total === 1 ? 'passage' : 'passages'} coded with “${found.node.name}”${found.node.level === 'theme' ? '' : ' or its themes'}`}
          </h2>
          <ol className="retrieved">
            {found.excerpts.map((e) => (
              <li key={`${e.coderId}:${e.id}`}>
                <p className="retrieved-where">
                  <strong>{e.transcriptTitle}</strong> · coded by {e.coderName || 'a former member'}
                  {e.researcherType && ` (${researcherWords(e.researcherType)})`}
                </p>
                <Passage turns={e.passage} />
                <p className="retrieved-themes">Themes: {e.themes.map(themeName).join(', ')}</p>
                {e.memo && <p className="retrieved-memo">Memo: {e.memo}</p>}
              </li>
            ))}
          </ol>
          {found.excerpts.length < found.total && (
            <button type="button" onClick={() => search(found.excerpts.length)} disabled={busy}>
              Show more
            </button>
          )}
        </section>
      )}
      {counts && usedThemes.length > 0 && (
        <section aria-labelledby="counts-title">
          <h2 id="counts-title">How often each theme is used</h2>
          <div className="table-scroll" role="region" aria-label="Theme use" tabIndex={0}>
            <table className="use-table">
              <thead>
                <tr>
                  <th scope="col">Theme</th>
                  <th scope="col">Excerpts</th>
                  <th scope="col">Transcripts</th>
                  <th scope="col">Coders</th>
                </tr>
              </thead>
              <tbody>
                {usedThemes.map(([id, u]) => (
                  <tr key={id}>
                    <th scope="row">{themeName(id)}</th>
                    <td data-label="Excerpts">{u.excerpts}</td>
                    <td data-label="Transcripts">{u.transcripts}</td>
                    <td data-label="Coders">{u.coders}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {counts.cooccurrences.length > 0 && (
            <>
              <h3>Themes that meet</h3>
              <p>Two themes meet when one excerpt carries both, or when one coder’s excerpts with them overlap.</p>
              <ul>
                {counts.cooccurrences.slice(0, 20).map((c) => (
                  <li key={`${c.a}:${c.b}`}>
                    {themeName(c.a)} and {themeName(c.b)}: {c.count} {c.count === 1 ? 'time' : 'times'}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </Page>
  );
}

/** Passage shows an excerpt (marked) with the words around it, one
 * paragraph a turn, each starting with its speaker; "…" where the words
 * were cut. */
function Passage({ turns }: { turns: PassageTurn[] }) {
  return (
    <blockquote className="passage">
      {passageLines(turns).map((l, i) => (
        <p key={i}>
          {l.speaker && <span className="passage-speaker">{l.speaker}: </span>}
          {l.before && <span className="context">{l.before}</span>}
          {l.text && <mark>{l.text}</mark>}
          {l.after && <span className="context">{l.after}</span>}
        </p>
      ))}
    </blockquote>
  );
}
