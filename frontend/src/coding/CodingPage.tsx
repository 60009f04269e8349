// The coding workspace: the transcript turn by turn with the coder's
// highlights, a caret moved by keyboard or mouse, a theme picker, the
// codebook beside the text, an editor for the chosen excerpt, automatic
// saving, and submitting.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import { api, type Codebook, type CodebookNode, type Codings, type CodingSet, type Excerpt, type Project, type Transcript, type Turn } from '../api/client';
import { Swatch } from '../codebook/CodebookCard';
import {
  assignLayers,
  codingSummary,
  darker,
  excerptsAt,
  highlightStyle,
  moveCaret,
  newId,
  pushRecent,
  segmentsByTurn,
  segmentsKey,
  snippet,
  trimSpan,
  turnAt,
  type CaretStep,
  type Look,
  type Segment,
} from './coding';
import { plural } from '../codebook/codebook';
import { useSaveQueue } from './codingSave';
import { ExcerptEditor, SaveState, SaveWords, SubmitBox, type Hl } from './codingUi';
import { useSession } from '../shared/session';
import { CodePointText, codePointsIn, formatClock } from '../shared/text';
import { CodebookPanel, ThemePicker } from './ThemePicker';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { useCodebook } from '../codebook/useCodebook';
import { ProjectMissing, useProject } from '../projects/useProject';
import { ContentNoteGate, TranscriptMissing, sizeKey, sizes, useNoteRead, useTranscript } from '../transcripts/transcript';

/** SegLook is how a highlight shows in one segment. */
interface SegLook extends Look {
  id: string;
  starts: boolean;
  ends: boolean;
  label: string;
}

interface RSeg {
  start: number;
  end: number;
  looks: SegLook[];
  /** title names the themes of every excerpt over the segment, for a tooltip. */
  title?: string;
}

/** CodingPage loads what the workspace needs. */
export function CodingPage({ pid, tid }: { pid: string; tid: string }) {
  const { user } = useSession();
  const { project, error: projectError } = useProject(pid);
  const { t, setT, error: transcriptError, reload: reloadTranscript } = useTranscript(pid, tid);
  const { cb, error: codebookError } = useCodebook(pid);
  const [codings, setCodings] = useState<Codings | null>(null);
  const [codingsError, setCodingsError] = useState<unknown>(null);
  const loadCodings = useCallback(() => api.codings(pid, tid).then(setCodings, setCodingsError), [pid, tid]);
  useEffect(() => {
    loadCodings();
  }, [loadCodings]);
  // The coding refers to a newer text than the one shown (a lead removed
  // names meanwhile): load the text again. Saves made on the text shown are
  // moved to the same words by the server.
  const [textNote, setTextNote] = useState(false);
  const newest = codings ? Math.max(0, ...codings.sets.map((s) => s.textVersion ?? 0)) : 0;
  const stale = !!t && newest > t.textVersion;
  useEffect(() => {
    if (stale) reloadTranscript();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stale]);
  // Once the workspace is open, the text and the coding are loaded again
  // together, so that it stays on screen (and its saving goes on).
  const textChanged = useCallback(() => {
    setTextNote(true);
    Promise.all([api.transcript(pid, tid), api.codings(pid, tid)]).then(([nt, nc]) => {
      setT(nt);
      setCodings(nc);
    }, setCodingsError);
  }, [pid, tid, setT]);
  // Coming back to the tab: a lead may have removed names meanwhile.
  const shownVersion = t?.textVersion;
  useEffect(() => {
    if (shownVersion === undefined) return;
    const back = () => {
      if (document.visibilityState !== 'visible') return;
      api.myCoding(pid, tid).then((set) => (set.textVersion ?? 0) > shownVersion && textChanged(), () => {});
    };
    document.addEventListener('visibilitychange', back);
    return () => document.removeEventListener('visibilitychange', back);
  }, [pid, tid, shownVersion, textChanged]);

  if (projectError) return <ProjectMissing error={projectError} />;
  if (transcriptError) return <TranscriptMissing pid={pid} error={transcriptError} />;
  const error = codebookError || codingsError;
  if (error)
    return (
      <Page title="The coding could not be loaded">
        <Alert error={error} />
        <p>
          <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link>
        </p>
      </Page>
    );
  if (!project || !t || !cb || !codings || !user || (stale && !textNote)) return <Loading />;
  return (
    <Workspace
      project={project}
      t={t}
      cb={cb}
      codings={codings}
      userId={user.id}
      reloadCodings={loadCodings}
      onTextChanged={textChanged}
      textNote={textNote}
      clearTextNote={() => setTextNote(false)}
    />
  );
}

function Workspace({
  project,
  t,
  cb,
  codings,
  userId,
  reloadCodings,
  onTextChanged,
  textNote,
  clearTextNote,
}: {
  project: Project;
  t: Transcript;
  cb: Codebook;
  codings: Codings;
  userId: string;
  reloadCodings: () => Promise<unknown>;
  onTextChanged: () => void;
  textNote: boolean;
  clearTextNote: () => void;
}) {
  const pid = project.id;
  const tid = t.id;
  const text = useMemo(() => new CodePointText(t.text), [t.text]);
  const turns = t.turns;
  const ownSet: CodingSet | undefined = codings.sets[0]?.coderId === userId ? codings.sets[0] : undefined;
  const canCode = !!ownSet;
  const [status, setStatus] = useState(ownSet?.status ?? 'in_progress');
  const editable = canCode && status === 'in_progress';

  // Saving.
  const { queue, refused, clearRefused, conflictNote, clearConflictNote, restored, clearRestored } = useSaveQueue(pid, tid, userId, ownSet, t.textVersion, onTextChanged);
  const mine = queue.excerpts();

  // The codebook.
  const nodes = cb.nodes;
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const themeOf = useCallback(
    (id: string): CodebookNode | undefined => {
      let n = byId.get(id);
      for (let i = 0; n?.mergedInto && i < 5; i++) n = byId.get(n.mergedInto);
      return n;
    },
    [byId],
  );
  const themeName = useCallback((id: string) => themeOf(id)?.name ?? 'a theme no longer in the codebook', [themeOf]);

  // Others' coding, when it may be seen.
  const others = codings.sets.filter((s) => s.coderId !== userId);
  const visibleOthers = others.filter((s) => !s.hidden && s.excerpts);
  const [showOthers, setShowOthers] = useState(!canCode && visibleOthers.length > 0);
  const coderNames = useMemo(() => new Map(codings.sets.map((s) => [s.coderId, s.coderName])), [codings]);

  const spans: Hl[] = useMemo(() => {
    const out: Hl[] = mine.map((e) => ({ id: e.id, eid: e.id, start: e.start, end: e.end, themes: e.themes, memo: e.memo, mine: true, coder: userId }));
    if (showOthers)
      for (const s of visibleOthers)
        for (const e of s.excerpts ?? [])
          out.push({ id: `${s.coderId}:${e.id}`, eid: e.id, start: e.start, end: e.end, themes: e.themes, memo: e.memo, mine: false, coder: s.coderId });
    return out;
    // visibleOthers is derived from codings
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine, showOthers, codings, userId]);
  const spanById = useMemo(() => new Map(spans.map((s) => [s.id, s])), [spans]);

  // Segments per turn, kept when a turn's highlights did not change, so only changed turns are drawn again.
  const cache = useRef(new Map<number, { key: string; segs: RSeg[] }>());
  const model = useMemo(() => {
    // Measured for the end-to-end performance report.
    const t0 = performance.now();
    const layers = assignLayers(spans);
    const raw = segmentsByTurn(turns, spans, layers);
    performance.clearMeasures('tandem:segments');
    performance.measure('tandem:segments', { start: t0, detail: { excerpts: spans.length, turns: turns.length } });
    const lookKey = (id: string) => {
      const s = spanById.get(id)!;
      return `${layers.get(id)}${s.mine ? 'm' : 'o'}${s.start}-${s.end}${s.themes.join('+')}`;
    };
    const colourOf = (th: string) => themeOf(th)?.colour || '#E2E0DA';
    return raw.map((segs: Segment[], i) => {
      const key = segmentsKey(segs, lookKey);
      const old = cache.current.get(i);
      if (old && old.key === key) return old.segs;
      const out: RSeg[] = segs.map((sg) => {
        const looks = sg.ids.map((id): SegLook => {
          const s = spanById.get(id)!;
          const names = s.themes.map(themeName).join(', ');
          const fills = s.themes.length ? s.themes.map(colourOf) : [colourOf('')];
          return {
            id,
            fills,
            lines: fills.map((c) => darker(c)),
            mine: s.mine,
            starts: s.start === sg.start,
            ends: s.end === sg.end,
            label: s.mine ? names : `${names}, by ${coderNames.get(s.coder) ?? 'another coder'}`,
          };
        });
        return { start: sg.start, end: sg.end, looks, title: looks.length ? looks.map((l) => l.label).join('; ') : undefined };
      });
      cache.current.set(i, { key, segs: out });
      return out;
    });
  }, [spans, spanById, turns, themeOf, themeName, coderNames]);

  // Caret and selection (code points).
  const firstPos = turns[0]?.start ?? 0;
  const [caret, setCaret] = useState(firstPos);
  const [anchor, setAnchor] = useState<number | null>(null);
  const selection: [number, number] | null = anchor !== null && anchor !== caret ? [Math.min(anchor, caret), Math.max(anchor, caret)] : null;
  const [chosen, setChosen] = useState<string | null>(null); // the excerpt chosen for editing (an Hl id)
  // The editor takes the focus only when the coder chose an excerpt to edit (not after applying a theme).
  const focusEditor = useRef(false);
  const [focusTick, setFocusTick] = useState(0);
  const choose = (id: string | null) => {
    focusEditor.current = id !== null;
    setChosen(id);
    if (id !== null) setFocusTick((n) => n + 1);
  };
  const quietChoose = (id: string | null) => {
    focusEditor.current = false;
    setChosen(id);
  };
  const chosenHl = chosen ? spanById.get(chosen) : undefined;
  const [say, setSay] = useState('');
  const [picker, setPickerState] = useState<null | { mode: 'new' } | { mode: 'add'; id: string }>(null);
  // The picker opens at the bottom of the window, or at the top when the caret is in the lower half (so the selection stays in view).
  const [pickerTop, setPickerTop] = useState(false);
  const setPicker = (p: null | { mode: 'new' } | { mode: 'add'; id: string }) => {
    if (p) {
      const r = textRef.current?.querySelector('.caret')?.getBoundingClientRect();
      setPickerTop(p.mode === 'new' && !!r && r.top > window.innerHeight / 2);
    }
    setPickerState(p);
  };
  const [recent, setRecent] = useState<string[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(`tandem.recent.${pid}`) ?? '[]') as string[];
    } catch {
      return [];
    }
  });
  const recentUsable = recent.filter((id) => {
    const n = byId.get(id);
    return n && n.level === 'theme' && n.status === 'active' && !n.mergedInto;
  });
  const [undo, setUndo] = useState<Excerpt | null>(null);
  // On a phone (or a narrow window) the coding panel is a sheet at the bottom
  // of the screen: closed to a bar, open after a theme is applied.
  const [sheetOpen, setSheetOpen] = useState(false);
  const textRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(() => Math.max(0, sizes.indexOf(Number(localStorage.getItem(sizeKey)))));
  useEffect(() => localStorage.setItem(sizeKey, String(sizes[size])), [size]);
  const [noteSeen, markNoteRead] = useNoteRead(tid);
  const noteRead = !t.contentNote || noteSeen;

  useEffect(() => {
    if (noteRead) {
      // For the end-to-end test's timing: the text is in the page, then painted.
      performance.mark('tandem:workspace-ready');
      requestAnimationFrame(() => setTimeout(() => performance.mark('tandem:workspace-painted')));
    }
  }, [noteRead]);

  // The "Apply a theme" button sits just under the end of the selection.
  const mainRef = useRef<HTMLDivElement>(null);
  const popRef = useRef<HTMLButtonElement>(null);
  const [popAt, setPopAt] = useState<{ top: number; left: number } | null>(null);
  const selKey = selection ? `${selection[0]}-${selection[1]}` : '';
  useLayoutEffect(() => {
    if (!selKey || !mainRef.current) {
      setPopAt(null);
      return;
    }
    const ends = textRef.current?.querySelectorAll('.sel');
    const last = ends?.[ends.length - 1];
    if (!last) return;
    const rects = last.getClientRects();
    const r = rects[rects.length - 1] ?? last.getBoundingClientRect();
    const box = mainRef.current.getBoundingClientRect();
    const width = popRef.current?.offsetWidth ?? 280;
    setPopAt({ top: r.bottom - box.top + 6, left: Math.max(0, Math.min(r.right - box.left - width / 2, box.width - width)) });
  }, [selKey, size]);

  // Keep the caret in view, also above the sheet of a phone when it opens.
  useEffect(() => {
    textRef.current?.querySelector('.caret')?.scrollIntoView({ block: 'nearest' });
  }, [caret, sheetOpen]);

  function remember(themes: string[]) {
    const next = pushRecent(recent, themes);
    setRecent(next);
    localStorage.setItem(`tandem.recent.${pid}`, JSON.stringify(next));
  }

  function focusText() {
    textRef.current?.focus({ preventScroll: true });
  }

  function apply(themeIds: string[]) {
    if (!editable) return;
    if (picker?.mode === 'add') {
      const e = mine.find((x) => x.id === picker.id);
      if (e) {
        const themes = [...e.themes, ...themeIds.filter((x) => !e.themes.includes(x))];
        queue.push({ kind: 'patch', id: e.id, change: { themes } });
        setSay(`Added ${themeIds.map(themeName).join(', ')} to the excerpt.`);
        remember(themeIds);
      }
      setPicker(null);
      return;
    }
    if (!selection) {
      setSay('Select some text first.');
      return;
    }
    const [start, end] = trimSpan(text, selection[0], selection[1]);
    if (end <= start) {
      setSay('The selection is only white space. Select some words.');
      setPicker(null);
      return;
    }
    const e: Excerpt = { id: newId(), start, end, themes: themeIds, memo: '' };
    queue.push({ kind: 'add', excerpt: e });
    remember(themeIds);
    setAnchor(null);
    setCaret(e.end);
    quietChoose(e.id);
    setSheetOpen(true);
    setPicker(null);
    setSay(`Applied ${themeIds.map(themeName).join(', ')} to “${snippet(text.slice(e.start, e.end), 60)}”.`);
    focusText();
  }

  function change(id: string, c: Partial<Pick<Excerpt, 'start' | 'end' | 'themes' | 'memo'>>, words?: string) {
    if (!editable) return;
    queue.push({ kind: 'patch', id, change: c });
    if (words) setSay(words);
  }

  function remove(id: string) {
    const e = mine.find((x) => x.id === id);
    if (!e || !editable) return;
    queue.push({ kind: 'delete', id });
    setUndo(e);
    quietChoose(null);
    setSay(`Deleted the excerpt “${snippet(text.slice(e.start, e.end), 40)}”. Press Undo (or Control+Z in the text) to bring it back.`);
  }

  function restore() {
    if (!undo || !editable) return;
    queue.push({ kind: 'add', excerpt: { ...undo } });
    quietChoose(undo.id);
    setSay('The excerpt is back.');
    setUndo(null);
  }

  function describeCaret(pos: number, moved: CaretStep | null, sel: [number, number] | null) {
    if (sel) return `Selected ${plural(sel[1] - sel[0], 'character', 'characters')}: “${snippet(text.slice(sel[0], sel[1]), 100)}”`;
    const i = turnAt(turns, pos);
    const end = moveCaret(text, turns, pos, 'word', 1);
    const word = text.slice(pos, end).trim() || 'end of turn';
    const here = excerptsAt(spans, pos, pos);
    const where = moved === 'turn' || moved === 'edge' ? `Turn ${i + 1}${turns[i]?.speaker ? `, ${turns[i].speaker}` : ''}: ` : '';
    const inside = here.length ? ` In ${plural(here.length, 'excerpt', 'excerpts')}: ${here.map((h) => h.themes.map(themeName).join(', ')).join('; ')}.` : '';
    return `${where}${word}.${inside}`;
  }

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    let step: CaretStep | null = null;
    let dir: -1 | 1 = 1;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowLeft':
        step = e.altKey ? 'char' : 'word';
        dir = e.key === 'ArrowRight' ? 1 : -1;
        break;
      case 'ArrowDown':
      case 'ArrowUp':
      case 'PageDown':
      case 'PageUp':
        step = 'turn';
        dir = e.key === 'ArrowDown' || e.key === 'PageDown' ? 1 : -1;
        break;
      case 'Home':
      case 'End':
        step = 'edge';
        dir = e.key === 'End' ? 1 : -1;
        break;
    }
    if (step) {
      e.preventDefault();
      const next = moveCaret(text, turns, caret, step, dir);
      const a = e.shiftKey ? (anchor ?? caret) : null;
      setAnchor(a);
      setCaret(next);
      const sel: [number, number] | null = a !== null && a !== next ? [Math.min(a, next), Math.max(a, next)] : null;
      setSay(describeCaret(next, step, sel));
      return;
    }
    if (e.key === 'Escape') {
      if (anchor !== null || chosen) {
        e.preventDefault();
        setAnchor(null);
        quietChoose(null);
        setSay('Nothing selected.');
      }
      return;
    }
    if ((e.key === 'z' || e.key === 'Z') && (e.ctrlKey || e.metaKey)) {
      if (undo) {
        e.preventDefault();
        restore();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter' || e.key === 't' || e.key === 'T') {
      e.preventDefault();
      if (!editable) {
        setSay(canCode ? 'Your coding is submitted. Reopen it to change it.' : 'You can read this coding but not change it.');
        return;
      }
      if (selection) {
        setPicker({ mode: 'new' });
        return;
      }
      const here = excerptsAt(spans, caret, caret).filter((h) => h.mine);
      if (here.length) {
        choose(here[0].id);
        setSay(`Chose the excerpt with ${here[0].themes.map(themeName).join(', ')}. Its details are open; press Escape to go back to the text, where Delete deletes it.`);
      } else setSay('Select some text first: hold Shift and press the arrow keys.');
      return;
    }
    if (/^[1-9]$/.test(e.key)) {
      const id = recentUsable[Number(e.key) - 1];
      if (id && selection && editable) {
        e.preventDefault();
        apply([id]);
      }
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && chosenHl?.mine && !selection) {
      e.preventDefault();
      remove(chosenHl.eid);
    }
  }

  const onMouseUp = (e: ReactMouseEvent) => adoptSelection(touching.current, false, e.clientX, e.clientY);
  // On a touch screen there is no mouse-up after a long press: follow the
  // selection as the coder drags its handles.
  const touching = useRef(false);
  const adoptRef = useRef(adoptSelection);
  adoptRef.current = adoptSelection;
  useEffect(() => {
    const follow = () => touching.current && adoptRef.current(true, true);
    document.addEventListener('selectionchange', follow);
    return () => document.removeEventListener('selectionchange', follow);
  }, []);

  /** adoptSelection takes the browser's selection in the text as the
   * coder's: a span is selected, a caret chooses the excerpt there. With
   * touch, the browser's own selection (and its handles) stays while the
   * coder adjusts it; following it (spanOnly) takes spans, not carets. */
  function adoptSelection(touch: boolean, spanOnly: boolean, x?: number, y?: number) {
    const sel = window.getSelection();
    if (!sel || !textRef.current) return;
    let a: number | null = null;
    let f: number | null = null;
    if (sel.rangeCount > 0 && textRef.current.contains(sel.anchorNode) && textRef.current.contains(sel.focusNode)) {
      a = domToCodePoint(sel.anchorNode!, sel.anchorOffset);
      f = domToCodePoint(sel.focusNode!, sel.focusOffset);
    } else if (!spanOnly && x !== undefined && y !== undefined && document.caretRangeFromPoint) {
      // A tap on a touch screen leaves no selection: take the point tapped.
      const r = document.caretRangeFromPoint(x, y);
      if (r && textRef.current.contains(r.startContainer)) a = f = domToCodePoint(r.startContainer, r.startOffset);
    }
    if (a === null || f === null) return;
    if (spanOnly && a === f) return;
    if (touch && a !== f) {
      const [s, e] = trimSpan(text, Math.min(a, f), Math.max(a, f));
      if (s === e) return;
      setAnchor(s);
      setCaret(e);
      quietChoose(null);
      return;
    }
    if (a === f) {
      setAnchor(null);
      setCaret(a);
      const here = excerptsAt(spans, a, a).filter((h) => h.start < a && a < h.end);
      quietChoose(here[0]?.id ?? null);
      setSay(describeCaret(a, null, null));
    } else {
      const [s, e] = trimSpan(text, Math.min(a, f), Math.max(a, f));
      if (s === e) return;
      setAnchor(s);
      setCaret(e);
      quietChoose(null);
      setSay(describeCaret(e, null, [s, e]) + (editable ? ' Press T or Enter, or choose a theme in the codebook, to apply it.' : ''));
    }
    sel.removeAllRanges();
    focusText();
  }

  const chosenRange: [number, number] | null = chosenHl ? [chosenHl.start, chosenHl.end] : null;
  const here = selection ? excerptsAt(spans, selection[0], selection[1]) : excerptsAt(spans, caret, caret);
  const othersNote = codings.seesAll
    ? ''
    : codings.openCoding
      ? ''
      : 'The project codes independently: nobody sees anyone else’s excerpts until a lead reveals them.';

  return (
    <Page title={`Coding: ${t.title}`} wide>
      <p>
        <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link> · <Link to={`/projects/${pid}`}>Project home</Link>
      </p>
      {!noteRead ? (
        <ContentNoteGate note={t.contentNote} onContinue={markNoteRead}>
          Take your time. Your coding is saved as you go: you can stop at any point and come back later.
        </ContentNoteGate>
      ) : (
        <>
          {t.contentNote && <p className="note-reminder">Content note: {t.contentNote}</p>}
          <div className="code-bar" role="group" aria-label="Coding tools">
            <SaveState queue={queue} canCode={canCode} />
            <span className="code-count">{canCode ? `${plural(mine.length, 'excerpt', 'excerpts')} · ${status === 'submitted' ? 'Submitted' : 'In progress'}` : 'Reading only'}</span>
            <span className="text-size" role="group" aria-label="Text size">
              <button type="button" onClick={() => setSize((s) => Math.max(0, s - 1))} disabled={size === 0}>
                Smaller text
              </button>
              <button type="button" onClick={() => setSize((s) => Math.min(sizes.length - 1, s + 1))} disabled={size === sizes.length - 1}>
                Larger text
              </button>
            </span>
            {visibleOthers.length > 0 && (
              <label className="inline-check">
                <input type="checkbox" checked={showOthers} onChange={(e) => setShowOthers(e.target.checked)} /> Show the other coders’ excerpts (
                {visibleOthers.map((s) => s.coderName).join(', ')})
              </label>
            )}
          </div>
          {othersNote && canCode && <p className="hint">{othersNote}</p>}
          {showOthers && (
            <p className="hint legend">
              <span className="legend-own">Your excerpts</span> are filled with the theme’s colour; <span className="legend-other">other coders’ excerpts</span> are
              dashed lines under the text. Each line is one excerpt; choose one to see its themes and who coded it.
            </p>
          )}
          {restored > 0 && (
            <p className="notice" role="status">
              {plural(restored, 'change', 'changes')} you made last time had not reached Tandem; {restored === 1 ? 'it was' : 'they were'} sent now.{' '}
              <button type="button" className="link-button inline" onClick={clearRestored}>
                OK
              </button>
            </p>
          )}
          {textNote && (
            <p className="notice" role="status">
              A lead removed names from this transcript, so the text was loaded again. Your coding stays on the same words.{' '}
              <button type="button" className="link-button inline" onClick={clearTextNote}>
                OK
              </button>
            </p>
          )}
          {conflictNote && !textNote && (
            <p className="notice" role="status">
              Your coding was changed in another tab or device. Tandem loaded the latest and kept your changes on top of it.{' '}
              <button type="button" className="link-button inline" onClick={clearConflictNote}>
                OK
              </button>
            </p>
          )}
          {refused.length > 0 && (
            <div className="alert" role="alert">
              <p>
                <strong>{refused.length === 1 ? 'One change was not saved:' : `${refused.length} changes were not saved:`}</strong>
              </p>
              <ul>
                {refused.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
              <button type="button" onClick={clearRefused}>
                I have read this
              </button>
            </div>
          )}
          <div className="code-layout">
            <div className="code-main" ref={mainRef}>
              <p className="hint" id="text-help">
                {editable
                  ? 'Select text with the mouse, with your finger (press and hold, then drag the handles), or with the keyboard: arrows move by word (Alt+arrow by letter), up and down by turn, Shift extends the selection. Then press T or Enter to choose a theme, or 1–9 for a recent theme.'
                  : 'Move through the text with the arrow keys; the panel lists the excerpts where you are.'}
              </p>
              {spans.some((h) => h.themes.length > 1) && (
                <p className="hint">
                  <span className="legend-multi" aria-hidden="true" />
                  Striped highlights have more than one theme. Choose one to see them all.
                </p>
              )}
              <div
                ref={textRef}
                className={turns.length > 150 ? 'code-text long' : 'code-text'}
                style={{ fontSize: `${sizes[size]}rem` }}
                tabIndex={0}
                role="application"
                aria-roledescription="transcript"
                aria-label={`Transcript text${editable ? ', for coding' : ''}`}
                aria-describedby="text-help"
                onKeyDown={onKey}
                onMouseUp={onMouseUp}
                onPointerDown={(e) => (touching.current = e.pointerType === 'touch' || e.pointerType === 'pen')}
              >
                {turns.map((turn, i) => {
                  const inTurn = (a: number, b: number) => a <= turn.end && b >= turn.start;
                  return (
                    <TurnView
                      key={i}
                      index={i}
                      turn={turn}
                      participant={!!turn.speaker && turn.speaker === t.participantSpeaker}
                      text={text}
                      segs={model[i]}
                      caret={caret >= turn.start && caret <= turn.end && turnAt(turns, caret) === i ? caret : -1}
                      selS={selection && inTurn(selection[0], selection[1]) ? Math.max(selection[0], turn.start) : -1}
                      selE={selection && inTurn(selection[0], selection[1]) ? Math.min(selection[1], turn.end) : -1}
                      chosen={chosenRange && inTurn(chosenRange[0], chosenRange[1]) ? chosen! : ''}
                    />
                  );
                })}
              </div>
              {editable && selection && !picker && (
                <button
                  type="button"
                  ref={popRef}
                  className="primary sel-pop"
                  style={popAt ? { top: popAt.top, left: popAt.left } : { visibility: 'hidden' }}
                  onClick={() => setPicker({ mode: 'new' })}
                >
                  Apply a theme to the selection <kbd>T</kbd>
                </button>
              )}
              <div className="visually-hidden" aria-live="polite">
                {say}
              </div>
            </div>
            <aside className={sheetOpen ? 'code-side sheet-open' : 'code-side'} aria-label="Coding panel">
              <div className="sheet-bar">
                <button type="button" className="sheet-toggle" aria-expanded={sheetOpen} aria-controls="code-sheet" onClick={() => setSheetOpen((o) => !o)}>
                  <span className="sheet-chevron" aria-hidden="true">
                    {sheetOpen ? '▾' : '▴'}
                  </span>
                  <span>
                    <strong>{sheetOpen ? 'Close the coding panel' : 'Open the coding panel'}</strong>
                    <span className="sheet-summary">
                      {chosenHl
                        ? `${chosenHl.mine ? 'Your excerpt' : 'Excerpt'}: ${chosenHl.themes.map(themeName).join(', ')}`
                        : selection
                          ? `Selected: “${snippet(text.slice(selection[0], selection[1]), 40)}”`
                          : canCode
                            ? plural(mine.length, 'excerpt', 'excerpts')
                            : 'Excerpts and codebook'}
                    </span>
                  </span>
                </button>
                {editable && selection && (
                  <button type="button" className="primary" onClick={() => setPicker({ mode: 'new' })}>
                    Apply a theme
                  </button>
                )}
                {canCode && !selection && <SaveWords queue={queue} className="sheet-save" />}
              </div>
              <div id="code-sheet" className="sheet-body">
                {canCode && (
                  <SubmitBox
                    pid={pid}
                    tid={tid}
                    status={status}
                    queue={queue}
                    summary={() => codingSummary(text, turns, mine)}
                    themeName={themeName}
                    turns={turns}
                    participant={t.participantSpeaker}
                    revealed={codings.revealed}
                    onDone={(set) => {
                      queue.reset(set);
                      setStatus(set.status);
                      reloadCodings();
                    }}
                  />
                )}
                {editable && (
                  <section className="code-box" aria-labelledby="sel-h">
                    <h2 id="sel-h">Selection</h2>
                    {selection ? (
                      <>
                        <p className="quote">“{snippet(text.slice(selection[0], selection[1]), 140)}”</p>
                        <button type="button" className="primary" onClick={() => setPicker({ mode: 'new' })}>
                          Apply a theme… <kbd>T</kbd>
                        </button>
                      </>
                    ) : (
                      <p className="hint">Nothing selected. Select some text to code it.</p>
                    )}
                  </section>
                )}
                {undo && (
                  <div className="notice" role="status">
                    Excerpt deleted.{' '}
                    <button type="button" onClick={restore}>
                      Undo
                    </button>
                  </div>
                )}
                {chosenHl && (
                  <ExcerptEditor
                    key={chosenHl.id}
                    hl={chosenHl}
                    takeFocus={focusEditor.current}
                    focusTick={focusTick}
                    text={text}
                    turns={turns}
                    themeOf={themeOf}
                    editable={editable && chosenHl.mine}
                    coderName={coderNames.get(chosenHl.coder) ?? ''}
                    selection={selection}
                    onChange={(c, words) => change(chosenHl.eid, c, words)}
                    onMemo={(memo) => editable && queue.push({ kind: 'patch', id: chosenHl.eid, change: { memo } }, { settle: true })}
                    onFlush={() => queue.flush()}
                    onAddTheme={() => setPicker({ mode: 'add', id: chosenHl.eid })}
                    onDelete={() => remove(chosenHl.eid)}
                    onClose={() => {
                      queue.flush();
                      quietChoose(null);
                      setSheetOpen(false);
                      focusText();
                    }}
                    onLeave={focusText}
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
                            className={h.id === chosen ? 'here-item chosen' : 'here-item'}
                            aria-pressed={h.id === chosen}
                            onClick={() => choose(h.id === chosen ? null : h.id)}
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
                <CodebookPanel
                  nodes={nodes}
                  recent={recentUsable}
                  canApply={editable && !!selection}
                  onApply={(id) => apply([id])}
                />
              </div>
            </aside>
          </div>
          {picker && (
            <ThemePicker
              top={pickerTop}
              nodes={nodes}
              recent={recentUsable}
              title={picker.mode === 'new' && selection ? `Apply a theme to “${snippet(text.slice(selection[0], selection[1]), 50)}”` : 'Add a theme to the excerpt'}
              onPick={(id) => apply([id])}
              onClose={() => {
                setPicker(null);
                focusText();
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}

/** domToCodePoint converts a DOM selection point inside the text to a code point offset. */
function domToCodePoint(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const el = node.parentElement;
    const seg = el?.closest<HTMLElement>('[data-s]');
    if (seg) return Number(seg.dataset.s) + codePointsIn((node as Text).data, offset);
    const at = el?.closest<HTMLElement>('[data-at]');
    if (at) return Number(at.dataset.at);
    // In a speaker's name: the start of that turn.
    const turn = el?.closest<HTMLElement>('[data-ts]');
    return turn ? Number(turn.dataset.ts) : null;
  }
  const el = node as Element;
  const kids = el.childNodes;
  if (offset < kids.length) {
    const k = kids[offset];
    if (k instanceof HTMLElement) {
      const s = k.matches('[data-s]') ? k : k.querySelector<HTMLElement>('[data-s]');
      if (s) return Number(s.dataset.s);
      const at = k.closest<HTMLElement>('[data-at]') ?? k.querySelector<HTMLElement>('[data-at]');
      if (at) return Number(at.dataset.at);
    }
  }
  const all = el.querySelectorAll<HTMLElement>('[data-e]');
  if (all.length) return Number(all[all.length - 1].dataset.e);
  const own = el.closest<HTMLElement>('[data-e]');
  if (own) return Number(own.dataset.e);
  const turn = el.closest<HTMLElement>('[data-ts]');
  return turn ? Number(turn.dataset.ts) : null;
}

interface TurnProps {
  index: number;
  turn: Turn;
  participant: boolean;
  text: CodePointText;
  segs: RSeg[];
  caret: number;
  selS: number;
  selE: number;
  chosen: string;
}

/** TurnView draws one turn; it is drawn again only when its own highlights,
 * caret or selection change. */
const TurnView = memo(function TurnView({ index, turn, participant, text, segs, caret, selS, selE, chosen }: TurnProps) {
  const out: ReactNode[] = [];
  let k = 0;
  const cuts = [caret, selS, selE].filter((c) => c >= 0);
  for (const sg of segs) {
    // Cut the segment at the caret and the selection's ends.
    const points = [sg.start, ...cuts.filter((c) => c > sg.start && c < sg.end).sort((a, b) => a - b), sg.end];
    for (const l of sg.looks) {
      if (l.starts) out.push(<span key={k++} className="visually-hidden sr-mark" data-at={sg.start}>{`[excerpt: ${l.label}] `}</span>);
    }
    for (let p = 0; p + 1 < points.length; p++) {
      const s = points[p];
      const e = points[p + 1];
      if (s === caret) out.push(<span key={k++} className="caret" data-at={s} aria-hidden="true" />);
      const selected = selS >= 0 && s >= selS && e <= selE;
      const cls = [sg.looks.length ? 'hl' : '', selected ? 'sel' : '', chosen && sg.looks.some((l) => l.id === chosen) ? 'chosen' : ''].filter(Boolean).join(' ');
      out.push(
        <span
          key={k++}
          data-s={s}
          data-e={e}
          data-n={sg.looks.length || undefined}
          className={cls || undefined}
          title={sg.title}
          style={highlightStyle(sg.looks, selected)}
        >
          {text.slice(s, e)}
        </span>,
      );
    }
    for (const l of sg.looks) {
      if (l.ends) out.push(<span key={k++} className="visually-hidden sr-mark" data-at={sg.end}>{` [end of excerpt: ${l.label}]`}</span>);
    }
  }
  if (caret === turn.end) out.push(<span key={k++} className="caret" data-at={caret} aria-hidden="true" />);
  return (
    <div className="turn" data-turn={index} data-ts={turn.start}>
      <p className="speaker">
        <span className="visually-hidden">Turn {index + 1}: </span>
        {turn.speaker && <strong>{turn.speaker}</strong>}
        {participant && <span className="tag">Participant</span>}
        {turn.atMillis !== undefined && <span className="time">{formatClock(turn.atMillis)}</span>}
      </p>
      <div className="turn-text">{out}</div>
    </div>
  );
});
