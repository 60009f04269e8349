import { useState } from 'react';
import { api, type Transcript } from '../api/client';
import { useAction } from '../shared/action';
import { useLoad } from '../shared/load';
import { CodePointText, pieces } from '../shared/text';
import { Alert, Link, Loading, Notice, Page } from '../shared/ui';
import { TranscriptMissing } from './transcript';
import { codingTouched, defaultChoice, kindWords, presets, replacementsFor, touchedWords, type Choice } from './deidentify';
import './transcripts.css';

/** DeidentifyPage: the lead reviews candidate identifiers and replaces them. */
export function DeidentifyPage({ pid, tid }: { pid: string; tid: string }) {
  const {
    data,
    error: loadError,
    reload: load,
  } = useLoad(`${pid}/${tid}`, () =>
    Promise.all([api.transcript(pid, tid), api.identifiers(pid, tid), api.identifierNames(pid)]).then(([t, ids, list]) => ({ t, ids, names: list.names })),
  );
  const t: Transcript | null = data?.t ?? null;
  const candidates = data?.ids.candidates ?? null;
  const labels = data?.ids.speakerLabels ?? [];
  const coding = data?.ids.coding ?? [];
  const textVersion = data?.ids.textVersion ?? 0;
  // What the lead edits starts again from each answer: the choices, the new
  // speaker names and the list of names.
  const [from, setFrom] = useState<typeof data>(null);
  const [labelNames, setLabelNames] = useState<Record<string, string>>({});
  const [choices, setChoices] = useState<Choice[]>([]);
  const [names, setNames] = useState('');
  if (data && data !== from) {
    setFrom(data);
    setLabelNames(Object.fromEntries(data.ids.speakerLabels.map((l, i) => [l.speaker, i === 0 ? 'Participant' : `Speaker ${i + 1}`])));
    setChoices(data.ids.candidates.map(defaultChoice));
    setNames(data.names.join('\n'));
  }
  const { error, run } = useAction();
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState(false);

  if (loadError) return <TranscriptMissing pid={pid} error={loadError} />;
  if (!t || !candidates) return <Loading />;
  const reps = replacementsFor(candidates, choices);
  const touched = touchedWords(codingTouched(coding, reps));
  const coded = coding.reduce((n, c) => n + c.spans.length, 0);
  const text = new CodePointText(t.text);
  const spans: [number, number][] = [];
  const accepted: boolean[] = [];
  candidates.forEach((c, i) =>
    c.spans.forEach((s) => {
      spans.push([s[0], s[1]]);
      accepted.push(choices[i]?.accept ?? false);
    }),
  );

  function saveNames() {
    void run(async () => {
      await api.setIdentifierNames(pid, names.split('\n'));
      setNotice('The list of names is saved; the candidates below include them.');
      await load();
    });
  }

  function apply() {
    setConfirming(false);
    void run(async () => {
      await api.redact(pid, tid, textVersion, reps);
      const what = `${reps.length} ${reps.length === 1 ? 'place was' : 'places were'} replaced. The original words are not kept.`;
      setNotice(touched ? `${what} The coding that held them was adjusted.` : what);
      await load();
    });
  }

  function renameLabel(label: string) {
    const to = (labelNames[label] ?? '').trim();
    void run(async () => {
      await api.updateSpeakers(pid, tid, { version: textVersion, renames: { [label]: to } });
      setNotice(`The speaker “${label}” is now “${to}”.`);
      await load();
    });
  }

  const setChoice = (i: number, c: Partial<Choice>) => setChoices(choices.map((x, j) => (j === i ? { ...x, ...c } : x)));
  return (
    <Page title={`Remove identifiers from ${t.title}`} wide>
      <p>
        <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link>
      </p>
      <p>
        Tandem suggests words that may identify someone. Keep the ones to replace, choose what replaces them, and apply.
        Replacing is permanent: the original words are not stored anywhere.
        {coded > 0
          ? ' Coding has started: every excerpt is adjusted so that it still covers the same words.'
          : ' You can do this at any time, also after coding has started.'}
      </p>
      <Alert error={error} />
      {notice && <Notice>{notice}</Notice>}
      <div className="deid">
        <section aria-labelledby="cand-heading">
          <h2 id="cand-heading">Suggestions ({candidates.length})</h2>
          {candidates.length === 0 && <p className="empty">No more suggestions. Add names to the list below if you know of others.</p>}
          <ul className="candidates">
            {candidates.map((c, i) => (
              <li key={c.text + c.kind} className={choices[i]?.accept ? 'accepted' : ''}>
                <label className="inline-check">
                  <input type="checkbox" checked={choices[i]?.accept ?? false} onChange={(e) => setChoice(i, { accept: e.target.checked })} />
                  <span>
                    <strong>{c.text}</strong> — {kindWords[c.kind]}, {c.spans.length} {c.spans.length === 1 ? 'time' : 'times'}
                  </span>
                </label>
                {choices[i]?.accept && (
                  <div className="replace-with">
                    <label htmlFor={`with-${i}`}>Replace “{c.text}” with</label>
                    <select id={`with-${i}`} value={choices[i].with} onChange={(e) => setChoice(i, { with: e.target.value })}>
                      {presets.map((p) => (
                        <option key={p} value={p}>
                          {p}
                        </option>
                      ))}
                      <option value="">A pseudonym…</option>
                    </select>
                    {choices[i].with === '' && (
                      <input
                        aria-label={`Pseudonym for “${c.text}”`}
                        value={choices[i].pseudonym}
                        onChange={(e) => setChoice(i, { pseudonym: e.target.value })}
                      />
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
          {touched && (
            <p className="hint" id="touched">
              {touched}
            </p>
          )}
          {confirming ? (
            <div className="confirm" role="group" aria-label="Confirm replacing">
              <span>
                Replace {reps.length} {reps.length === 1 ? 'place' : 'places'} in the text for good?
              </span>
              <button type="button" className="danger" onClick={apply}>
                Yes, replace
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Not yet
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={reps.length === 0}
              aria-describedby={touched ? 'touched' : undefined}
              onClick={() => setConfirming(true)}
            >
              Replace {reps.length} {reps.length === 1 ? 'place' : 'places'}
            </button>
          )}
          {labels.length > 0 && (
            <>
              <h2>Speaker labels that may name someone</h2>
              <p className="hint">Replacing words in the text does not change speaker labels. Rename these speakers.</p>
              <ul className="candidates">
                {labels.map((l, i) => (
                  <li key={l.speaker}>
                    <div className="replace-with">
                      <label htmlFor={`label-${i}`}>
                        “{l.speaker}” ({l.turns} {l.turns === 1 ? 'turn' : 'turns'}) becomes
                      </label>
                      <input
                        id={`label-${i}`}
                        value={labelNames[l.speaker] ?? ''}
                        onChange={(e) => setLabelNames({ ...labelNames, [l.speaker]: e.target.value })}
                      />
                      <button type="button" disabled={!(labelNames[l.speaker] ?? '').trim()} onClick={() => renameLabel(l.speaker)}>
                        Rename
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>Names to look for in every transcript</h2>
          <div className="field">
            <label htmlFor="names">One name per line</label>
            <p className="hint" id="names-hint">
              People, places and organisations you know appear in the interviews. Only leads see this list.
            </p>
            <textarea id="names" aria-describedby="names-hint" rows={5} value={names} onChange={(e) => setNames(e.target.value)} />
          </div>
          <button type="button" onClick={saveNames}>
            Save the list and look again
          </button>
        </section>
        <section aria-labelledby="preview-heading" className="preview">
          <h2 id="preview-heading">The text</h2>
          <p className="hint">Highlighted: words to be replaced (solid) and suggestions you set aside (dotted).</p>
          <div className="transcript">
            {t.turns.map((turn, ti) => (
              <div key={ti} className="turn">
                {turn.speaker && (
                  <p className="speaker">
                    <strong>{turn.speaker}</strong>
                  </p>
                )}
                <p className="pre">
                  {pieces(text, turn.start, turn.end, spans).map((p, k) =>
                    p.mark === undefined ? (
                      <span key={k}>{p.text}</span>
                    ) : (
                      <mark key={k} className={accepted[p.mark] ? 'will-replace' : 'set-aside'}>
                        {p.text}
                      </mark>
                    ),
                  )}
                </p>
              </div>
            ))}
          </div>
        </section>
      </div>
    </Page>
  );
}
