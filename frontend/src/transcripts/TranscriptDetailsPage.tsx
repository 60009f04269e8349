import { useState, type FormEvent } from 'react';
import { ApiError, api, type Project, type Transcript, type TranscriptInfo } from '../api/client';
import { useForm } from '../shared/form';
import { Alert, Field, Link, Loading, Notice, Page } from '../shared/ui';
import { TranscriptMissing, useTranscript } from './transcript';
import { useProject } from '../projects/useProject';
import './transcripts.css';

/** TranscriptDetailsPage lets a lead edit a transcript's details and speakers. */
export function TranscriptDetailsPage({ pid, tid }: { pid: string; tid: string }) {
  const { t, setT, error } = useTranscript(pid, tid);
  const { project } = useProject(pid);
  if (error) return <TranscriptMissing pid={pid} error={error} />;
  if (!t || !project) return <Loading />;
  return (
    <Page title={`Details of ${t.title}`} wide>
      <p>
        <Link to={`/projects/${pid}/transcripts/${tid}`}>Back to the transcript</Link>
      </p>
      <Details pid={pid} t={t} project={project} onSaved={(info) => setT({ ...t, ...info })} />
      <Speakers pid={pid} t={t} onSaved={setT} />
    </Page>
  );
}

function Details({ pid, t, project, onSaved }: { pid: string; t: Transcript; project: Project; onSaved: (i: TranscriptInfo) => void }) {
  const [f, setF] = useState({
    title: t.title,
    participant: t.participant,
    interviewDate: t.interviewDate,
    interviewer: t.interviewer,
    site: t.site,
    contentNote: t.contentNote,
  });
  const [attrs, setAttrs] = useState<[string, string][]>(Object.entries(t.attributes));
  const [coders, setCoders] = useState<string[]>(t.assignedCoders);
  const [version, setVersion] = useState(t.version);
  const form = useForm();
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const assignable = project.members.filter((m) => m.role !== 'viewer');

  function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    void form.run(
      async () => {
        const info = await api.updateTranscript(pid, t.id, {
          version,
          ...f,
          attributes: Object.fromEntries(attrs.filter(([k]) => k.trim())),
          assignedCoders: coders,
        });
        setVersion(info.version);
        onSaved(info);
        setSaved(true);
      },
      (err) => {
        if (err instanceof ApiError && err.code === 'version_conflict') {
          const current = (err.details as { current?: TranscriptInfo } | undefined)?.current;
          if (current) setVersion(current.version); // keep what was typed; saving again applies it
        }
      },
    );
  }

  return (
    <section aria-labelledby="details-heading" className="panel">
      <h2 id="details-heading">Details</h2>
      <form ref={form.ref} onSubmit={save} noValidate className="form">
        <Field label="Title" value={f.title} onChange={set('title')} required maxLength={200} error={form.problem('title')} />
        <Field label="Participant pseudonym" value={f.participant} onChange={set('participant')} maxLength={100} hint="Never the real name." />
        <Field label="Interview date" type="date" value={f.interviewDate} onChange={set('interviewDate')} error={form.problem('interviewDate')} />
        <Field label="Interviewer" value={f.interviewer} onChange={set('interviewer')} maxLength={100} />
        <Field label="Site" value={f.site} onChange={set('site')} maxLength={100} />
        <Field
          label="Content note"
          value={f.contentNote}
          onChange={set('contentNote')}
          multiline
          maxLength={500}
          hint="Shown to coders before the text, for example “discusses self-harm”."
          error={form.problem('contentNote')}
        />
        <fieldset className="field">
          <legend>Other details</legend>
          <p className="hint">Anything else you want to compare by, such as age band or how long they have been a member.</p>
          {attrs.map(([k, v], i) => (
            <div className="attr-row" key={i}>
              <Field label={`Name ${i + 1}`} value={k} onChange={(nk) => setAttrs(attrs.map((a, j) => (j === i ? [nk, a[1]] : a)))} maxLength={60} />
              <Field label={`Value ${i + 1}`} value={v} onChange={(nv) => setAttrs(attrs.map((a, j) => (j === i ? [a[0], nv] : a)))} maxLength={500} />
              <button type="button" onClick={() => setAttrs(attrs.filter((_, j) => j !== i))}>
                Remove<span className="visually-hidden"> detail {i + 1}</span>
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setAttrs([...attrs, ['', '']])}>
            Add a detail
          </button>
          {form.problem('attributes') && <p className="field-error">{form.problem('attributes')}</p>}
        </fieldset>
        <fieldset className="field">
          <legend>Who codes this transcript</legend>
          {assignable.map((m) => (
            <label className="inline-check" key={m.userId}>
              <input
                type="checkbox"
                checked={coders.includes(m.userId)}
                onChange={(e) => setCoders(e.target.checked ? [...coders, m.userId] : coders.filter((id) => id !== m.userId))}
              />{' '}
              {m.displayName}
            </label>
          ))}
        </fieldset>
        <Alert error={['title', 'interviewDate', 'contentNote', 'attributes'].some((x) => form.problem(x)) ? null : form.error} />
        {saved && <Notice>The details are saved.</Notice>}
        <button type="submit" className="primary">
          Save details
        </button>
      </form>
    </section>
  );
}

function Speakers({ pid, t, onSaved }: { pid: string; t: Transcript; onSaved: (t: Transcript) => void }) {
  const [names, setNames] = useState<Record<string, string>>(() => Object.fromEntries(t.speakers.map((s) => [s.name, s.name])));
  const [participant, setParticipant] = useState(t.participantSpeaker);
  const form = useForm();
  const [saved, setSaved] = useState(false);

  function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const renames = Object.fromEntries(Object.entries(names).filter(([from, to]) => from !== to.trim()));
    void form.run(async () => {
      const next = await api.updateSpeakers(pid, t.id, { version: t.textVersion, renames, participant });
      onSaved(next);
      setNames(Object.fromEntries(next.speakers.map((s) => [s.name, s.name])));
      setParticipant(next.participantSpeaker);
      setSaved(true);
    });
  }

  const named = t.speakers.filter((s) => s.name !== '');
  return (
    <section aria-labelledby="speakers-heading" className="panel">
      <h2 id="speakers-heading">Speakers</h2>
      {named.length === 0 ? (
        <p>Tandem found no speaker names in this transcript, so each paragraph is its own turn.</p>
      ) : (
        <form ref={form.ref} onSubmit={save} noValidate className="form">
          <p>Rename a speaker everywhere in this transcript, for example “Speaker 1” to “Interviewer”.</p>
          {named.map((s) => (
            <Field
              key={s.name}
              label={`“${s.name}” (${s.turns} ${s.turns === 1 ? 'turn' : 'turns'}) becomes`}
              value={names[s.name] ?? s.name}
              onChange={(v) => setNames({ ...names, [s.name]: v })}
              maxLength={100}
              required
            />
          ))}
          <div className="field">
            <label htmlFor="participant-speaker">Which speaker is the participant?</label>
            <select id="participant-speaker" value={participant} onChange={(e) => setParticipant(e.target.value)}>
              <option value="">Not marked</option>
              {named.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <Alert error={form.error} />
          {saved && <Notice>The speakers are saved.</Notice>}
          <button type="submit" className="primary">
            Save speakers
          </button>
        </form>
      )}
    </section>
  );
}
