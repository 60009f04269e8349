// The coding panel beside the text (a sheet at the bottom of a phone):
// submitting, the selection, the chosen excerpt's editor, the excerpts where
// the caret is, and the codebook.
import type { CodebookNode } from '../api/client';
import type { Excerpt } from './saveQueue';
import { Swatch } from '../codebook/CodebookCard';
import { plural } from '../codebook/codebook';
import { excerptsAt, snippet } from './coding';
import { ExcerptEditor } from './ExcerptEditor';
import type { Place } from './highlights';
import type { SaveQueue } from './saveQueue';
import { SaveWords } from './SaveState';
import { SubmitBox } from './SubmitBox';
import { CodebookPanel } from './ThemePicker';

type SubmitProps = Omit<Parameters<typeof SubmitBox>[0], 'queue' | 'themeName'>;

/** CodingPanel is the panel of the workspace; the workspace holds its state. */
export function CodingPanel(p: {
  sheetOpen: boolean;
  setSheetOpen: (f: (open: boolean) => boolean) => void;
  place: Place;
  focusEditor: { take: boolean; tick: number };
  choose: (id: string | null) => void;
  themeOf: (id: string) => CodebookNode | undefined;
  themeName: (id: string) => string;
  coderNames: Map<string, string>;
  canCode: boolean;
  /** frozen: the transcript is reconciling or locked; the coder's coding no longer changes. */
  frozen: boolean;
  editable: boolean;
  count: number;
  nodes: CodebookNode[];
  recent: string[];
  openPicker: (p: { mode: 'new' } | { mode: 'add'; id: string }) => void;
  apply: (themeIds: string[]) => void;
  undo: Excerpt | null;
  restore: () => void;
  remove: (eid: string) => void;
  change: (eid: string, c: Partial<Pick<Excerpt, 'start' | 'end' | 'themes' | 'memo'>>, words?: string) => void;
  queue: SaveQueue;
  submit: SubmitProps;
  close: () => void;
  focusText: () => void;
}) {
  const { themeOf, themeName, coderNames, editable, queue } = p;
  const { text, spans, caret, selection, chosen } = p.place;
  const here = selection ? excerptsAt(spans, selection[0], selection[1]) : excerptsAt(spans, caret, caret);
  return (
    <aside className={p.sheetOpen ? 'code-side sheet-open' : 'code-side'} aria-label="Coding panel">
      <div className="sheet-bar">
        <button type="button" className="sheet-toggle" aria-expanded={p.sheetOpen} aria-controls="code-sheet" onClick={() => p.setSheetOpen((o) => !o)}>
          <span className="sheet-chevron" aria-hidden="true">
            {p.sheetOpen ? '▾' : '▴'}
          </span>
          <span>
            <strong>{p.sheetOpen ? 'Close the coding panel' : 'Open the coding panel'}</strong>
            <span className="sheet-summary">
              {chosen
                ? `${chosen.mine ? 'Your excerpt' : 'Excerpt'}: ${chosen.themes.map(themeName).join(', ')}`
                : selection
                  ? `Selected: “${snippet(text.slice(selection[0], selection[1]), 40)}”`
                  : p.canCode
                    ? plural(p.count, 'excerpt', 'excerpts')
                    : 'Excerpts and codebook'}
            </span>
          </span>
        </button>
        {editable && selection && (
          <button type="button" className="primary" onClick={() => p.openPicker({ mode: 'new' })}>
            Apply a theme
          </button>
        )}
        {p.canCode && !selection && <SaveWords queue={queue} className="sheet-save" />}
      </div>
      <div id="code-sheet" className="sheet-body">
        {p.canCode && !p.frozen && <SubmitBox {...p.submit} queue={queue} themeName={themeName} />}
        {editable && (
          <section className="code-box" aria-labelledby="sel-h">
            <h2 id="sel-h">Selection</h2>
            {selection ? (
              <>
                <p className="quote">“{snippet(text.slice(selection[0], selection[1]), 140)}”</p>
                <button type="button" className="primary" onClick={() => p.openPicker({ mode: 'new' })}>
                  Apply a theme… <kbd>T</kbd>
                </button>
              </>
            ) : (
              <p className="hint">Nothing selected. Select some text to code it.</p>
            )}
          </section>
        )}
        {p.undo && (
          <div className="notice" role="status">
            Excerpt deleted.{' '}
            <button type="button" onClick={p.restore}>
              Undo
            </button>
          </div>
        )}
        {chosen && (
          <ExcerptEditor
            key={chosen.id}
            hl={chosen}
            takeFocus={p.focusEditor.take}
            focusTick={p.focusEditor.tick}
            text={text}
            turns={p.submit.turns}
            themeOf={themeOf}
            editable={editable && chosen.mine}
            coderName={coderNames.get(chosen.coder) ?? ''}
            selection={selection}
            onChange={(c, words) => p.change(chosen.eid, c, words)}
            onMemo={(memo) => editable && queue.push({ kind: 'patch', id: chosen.eid, change: { memo } }, { settle: true })}
            onFlush={() => queue.flush()}
            onAddTheme={() => p.openPicker({ mode: 'add', id: chosen.eid })}
            onDelete={() => p.remove(chosen.eid)}
            onClose={p.close}
            onLeave={p.focusText}
          />
        )}
        <section className="code-box" aria-labelledby="here-h">
          <h2 id="here-h">{selection ? 'Excerpts in the selection' : 'Excerpts here'}</h2>
          {here.length === 0 ? (
            <p className="hint">None {selection ? 'in the selection' : 'where the caret is'}.</p>
          ) : (
            <ul className="here-list">
              {here.slice(0, 30).map((h) => (
                <li key={h.id}>
                  <button
                    type="button"
                    className={h.id === chosen?.id ? 'here-item chosen' : 'here-item'}
                    aria-pressed={h.id === chosen?.id}
                    onClick={() => p.choose(h.id === chosen?.id ? null : h.id)}
                  >
                    <span className="here-themes">
                      {h.themes.map((th) => (
                        <span key={th} className="chip">
                          <Swatch colour={themeOf(th)?.colour ?? ''} />
                          {themeName(th)}
                        </span>
                      ))}
                    </span>
                    <span className="here-text">“{snippet(text.slice(h.start, h.end), 70)}”</span>
                    <span className="here-who">{h.mine ? 'Yours' : `By ${coderNames.get(h.coder) ?? 'another coder'}`}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <CodebookPanel nodes={p.nodes} recent={p.recent} canApply={editable && !!selection} readOnly={!p.canCode || p.frozen} onApply={(id) => p.apply([id])} />
      </div>
    </aside>
  );
}
