// The consensus excerpts of a transcript theme by theme, beside its text:
// each passage as it reads, and a way to it in the text.
import type { CodebookNode, Excerpt } from '../api/types';
import type { CodePointText } from '../shared/text';
import { snippet } from '../coding/coding';
import { byTheme } from './log';

/** passageLength is how many characters of a passage the list shows before "…". */
const passageLength = 240;

/** ThemeList lists the consensus excerpts by theme, in the codebook's order. */
export function ThemeList({
  excerpts,
  text,
  nodes,
  themeOf,
}: {
  excerpts: Excerpt[];
  text: CodePointText;
  nodes: CodebookNode[];
  themeOf: (id: string) => CodebookNode | undefined;
}) {
  const groups = byTheme(excerpts, themeOf, nodes);
  function show(e: Excerpt) {
    const at = document.querySelector<HTMLElement>(`.cs-text [data-s="${e.start}"]`);
    if (!at) return;
    at.scrollIntoView({ block: 'center', behavior: 'smooth' });
    at.classList.add('cs-flash');
    setTimeout(() => at.classList.remove('cs-flash'), 2000);
  }
  return (
    <section aria-labelledby="cs-list-h" className="cs-side">
      <h2 id="cs-list-h">By theme</h2>
      <p className="hint">
        {excerpts.length} {excerpts.length === 1 ? 'excerpt' : 'excerpts'} in {groups.length} {groups.length === 1 ? 'theme' : 'themes'}.
      </p>
      {groups.map((g) => {
        const name = g.theme?.name ?? 'A theme no longer in the codebook';
        return (
          <section key={g.id} className="cs-theme" aria-labelledby={`cs-th-${g.id}`}>
            <h3 id={`cs-th-${g.id}`}>
              <span className="cs-swatch" style={{ background: g.theme?.colour || '#E2E0DA' }} aria-hidden="true" />
              <span>
                {name} <span className="cs-count">({g.excerpts.length})</span>
              </span>
            </h3>
            <ul>
              {g.excerpts.map((e) => {
                const passage = text.slice(e.start, e.end).trim();
                return (
                  <li key={e.id}>
                    <blockquote className="quote">{snippet(passage, passageLength)}</blockquote>
                    {e.memo && <p className="cs-memo">Memo: {e.memo}</p>}
                    <button type="button" className="link-button" onClick={() => show(e)}>
                      Show in the text<span className="visually-hidden">: {name}, “{snippet(passage, 40)}”</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
