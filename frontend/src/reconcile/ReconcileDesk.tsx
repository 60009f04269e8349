// The reconciliation desk: the queue, the chosen item in the transcript,
// and the decision on it; the keys (j/k, a, r, n, d, b, t, ?) and what is
// said after each decision.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, conflictCurrent, type CodebookNode, type CodingSet, type Transcript } from '../api/client';
import { resolver, turnsOf } from '../agreement/agreement';
import { useAction } from '../shared/action';
import { CodePointText } from '../shared/text';
import { decide, queueOf } from './api';
import { DecisionPanel, type Draft, emptyDraft } from './DecisionPanel';
import { ItemView } from './ItemView';
import { QueueList } from './QueueList';
import { selectedBounds } from './selection';
import { announceWords, groupItems, keyCommand, nextOpen, positionWords, progressOf, stateOf, step, type Action, type KeyCommand, type Queue, type QueueItem } from './queue';

const staleWords = 'A coder’s work or another lead changed this passage; here it is as it is now.';

interface Props {
  pid: string;
  tid: string;
  transcript: Transcript;
  nodes: CodebookNode[];
  sets: CodingSet[];
  queue: Queue;
  canDecide: boolean;
  /** focusFirst puts the focus on the chosen item at once (reconciling has just started). */
  focusFirst?: boolean;
}

export function ReconcileDesk({ pid, tid, transcript, nodes, sets, queue, canDecide, focusFirst }: Props) {
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const resolve = useMemo(() => resolver(nodes), [nodes]);
  const name = useMemo(() => (id: string) => byId.get(id)?.name ?? 'A former theme', [byId]);
  const text = useMemo(() => new CodePointText(transcript.text), [transcript.text]);
  const turns = useMemo(() => turnsOf(transcript.turns, text.length), [transcript.turns, text]);

  const [items, setItems] = useState(queue.items);
  const groups = useMemo(() => groupItems(items, name), [items, name]);
  const [showAgreed, setShowAgreed] = useState(false);
  const [selected, setSelected] = useState<string | null>(() => {
    const asked = new URLSearchParams(location.search).get('item');
    if (asked && queue.items.some((it) => it.id === asked)) return asked;
    const g = groupItems(queue.items, name);
    return nextOpen(g.disagreements, null) ?? g.disagreements[0]?.id ?? null;
  });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [staleNote, setStaleNote] = useState(false);
  const [said, setSaid] = useState('');
  const [help, setHelp] = useState(false);
  const [wantsRationale, setWantsRationale] = useState('');
  const acting = useAction();
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const themeRef = useRef<HTMLSelectElement>(null);
  const focusAfter = useRef<string | null>(focusFirst ? selected : null);

  const item = items.find((it) => it.id === selected) ?? null;
  const visible = showAgreed ? [...groups.disagreements, ...groups.agreed] : groups.disagreements;
  const progress = progressOf(items);
  const decidable = canDecide && !!item && !item.agreed;

  // Keep the chosen item in the address, so that it can be shared and comes back.
  useEffect(() => {
    const q = selected ? `?item=${encodeURIComponent(selected)}` : '';
    history.replaceState(history.state, '', `${location.pathname}${q}`);
  }, [selected]);

  // After a decision or a key, the focus goes to the chosen item in the queue,
  // or to the box asked for once it is drawn.
  const focusBox = useRef<'theme' | 'rationale' | null>(null);
  useEffect(() => {
    const box = focusBox.current === 'theme' ? themeRef.current : focusBox.current === 'rationale' ? rationaleRef.current : null;
    if (box) {
      box.focus();
      focusBox.current = null;
    }
    if (!focusAfter.current) return;
    document.getElementById(`rc-item-${focusAfter.current}`)?.focus();
    focusAfter.current = null;
  });

  function choose(id: string | null, focus = false) {
    if (!id || id === selected) {
      if (focus && id) document.getElementById(`rc-item-${id}`)?.focus();
      return;
    }
    setSelected(id);
    setDraft(emptyDraft);
    setStaleNote(false);
    setWantsRationale('');
    acting.setError(null);
    if (focus) focusAfter.current = id;
  }

  function send(action: Action) {
    if (!item || !decidable) return;
    const body = {
      itemId: item.id,
      fingerprint: item.fingerprint,
      revision: item.revision,
      action,
      rationale: draft.rationale.trim() || undefined,
      ...(action === 'adjust' && draft.bounds ? { start: draft.bounds[0], end: draft.bounds[1] } : {}),
      ...(action === 'theme' ? { theme: draft.theme } : {}),
    };
    void acting.run(
      async () => {
        const out = await decide(pid, tid, body);
        const next = items.map((it) => (it.id === out.item.id ? out.item : it));
        setItems(next);
        const p = progressOf(next);
        const after = nextOpen(groupItems(next, name).disagreements, out.item.id);
        const words = announceWords(action, p) + (after ? '' : ' Every disagreement is decided: you can lock the transcript on the project page.');
        // The same words twice (two accepts in a row on decided items) still change the region, so they are said again.
        setSaid((before) => (before === words ? `${words}\u00a0` : words));
        setStaleNote(false);
        if (after && after !== out.item.id) choose(after, true);
        else {
          setDraft(emptyDraft);
          focusAfter.current = out.item.id;
        }
      },
      {
        doing: action,
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'version_conflict') {
            const fresh = conflictCurrent<QueueItem>(err);
            if (!fresh) return false; // it left the queue: the server's words say to reload
            setItems((all) => all.map((it) => (it.id === fresh.id ? fresh : it)));
            setStaleNote(true);
            setSaid(staleWords);
            return true;
          }
          if (err instanceof ApiError && err.field === 'rationale') focusBox.current = 'rationale';
          return false;
        },
      },
    );
  }

  async function reloadQueue() {
    await acting.run(async () => {
      const q = await queueOf(pid, tid);
      setItems(q.items);
      setStaleNote(false);
      if (!q.items.some((it) => it.id === selected)) choose(nextOpen(groupItems(q.items, name).disagreements, null), true);
    });
  }

  function command(c: KeyCommand) {
    switch (c) {
      case 'next':
      case 'prev':
        return choose(step(visible, selected, c === 'next' ? 1 : -1), true);
      case 'help':
        return setHelp((h) => !h);
      case 'note':
        return decidable && rationaleRef.current?.focus();
      case 'accept':
      case 'defer':
        return send(c);
      case 'reject':
        if (!decidable) return;
        if (draft.rationale.trim()) return send('reject');
        setWantsRationale('Write why you reject it, then press Reject (or Esc, then r).');
        return rationaleRef.current?.focus();
      case 'bounds':
        if (decidable) setDraft((d) => ({ ...d, mode: 'bounds', bounds: d.bounds ?? [item!.consensus.start, item!.consensus.end] }));
        return;
      case 'theme':
        if (!decidable) return;
        focusBox.current = 'theme';
        if (draft.mode === 'theme') return themeRef.current?.focus();
        return setDraft((d) => ({ ...d, mode: 'theme' }));
    }
  }
  // While the bounds are being changed, the last words selected in the transcript
  // (a button press may take the selection away before its click).
  const lastSelection = useRef<[number, number] | null>(null);
  const adjusting = draft.mode === 'bounds';
  useEffect(() => {
    lastSelection.current = null;
    if (!adjusting) return;
    function onSelect() {
      const b = selectedBounds(document.querySelector('.rc-turns'), text);
      if (b) lastSelection.current = b;
    }
    document.addEventListener('selectionchange', onSelect);
    return () => document.removeEventListener('selectionchange', onSelect);
  }, [adjusting, text, selected]);

  function takeSelection(): boolean {
    const b = selectedBounds(document.querySelector('.rc-turns'), text) ?? lastSelection.current;
    if (!b) return false;
    window.getSelection()?.removeAllRanges(); // the mark shows the new bounds now
    lastSelection.current = null;
    setDraft((d) => ({ ...d, bounds: b }));
    return true;
  }

  const commandRef = useRef(command);
  useEffect(() => {
    commandRef.current = command;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const c = keyCommand(e);
      if (!c) return;
      e.preventDefault();
      commandRef.current(c);
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const open = nextOpen(groups.disagreements, selected);
  return (
    <>
      <div className="rc-desk">
        <QueueList
          groups={groups}
          nodes={nodes}
          text={text}
          selected={selected}
          onChoose={(id) => choose(id)}
          progress={progress}
          nextOpenId={open !== selected ? open : null}
          onNextOpen={() => choose(open, true)}
          showAgreed={showAgreed}
          onShowAgreed={setShowAgreed}
          help={help}
          onHelp={() => setHelp((h) => !h)}
        />
        <section className="rc-pane" aria-labelledby="rc-item-h">
          {item ? (
            <ItemView item={item} state={stateOf(item)} nodes={nodes} byId={byId} resolve={resolve} sets={sets} text={text} turns={turns} bounds={draft.mode === 'bounds' ? draft.bounds : null} stale={staleNote ? staleWords : ''} position={positionWords(groups, item.id)}>
              {decidable && (
                <DecisionPanel
                  item={item}
                  nodes={nodes}
                  text={text}
                  turns={turns}
                  draft={draft}
                  onDraft={(d) => {
                    setDraft(d);
                    if (d.rationale) setWantsRationale('');
                  }}
                  onSend={send}
                  busy={acting.doing}
                  error={acting.error}
                  wantsRationale={wantsRationale}
                  rationaleRef={rationaleRef}
                  themeRef={themeRef}
                  onLeave={() => document.getElementById(`rc-item-${item.id}`)?.focus()}
                  onReload={reloadQueue}
                  onUseSelection={takeSelection}
                />
              )}
            </ItemView>
          ) : (
            <h2 id="rc-item-h">{groups.disagreements.length === 0 ? 'The coders agreed on everything: nothing to decide.' : 'Choose an item from the queue.'}</h2>
          )}
        </section>
      </div>
      <p className="visually-hidden" role="status">
        {said}
      </p>
    </>
  );
}
