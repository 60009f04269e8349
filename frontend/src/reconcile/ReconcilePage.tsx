// The reconciliation view of one transcript, the lead's workspace: the
// queue of disagreements beside the transcript at the chosen item, with
// every coder's lane, and the decision on it. Before reconciling starts,
// and once the transcript is locked, it reads without actions.
import { useState } from 'react';
import { api, ApiError, type Codebook, type CodingSet, type Project, type Transcript } from '../api/client';
import { useAction } from '../shared/action';
import { useLoad } from '../shared/load';
import { Alert, Link, Loading, Page } from '../shared/ui';
import { movePhase, queueOf } from './api';
import { phaseWords } from './phase';
import type { Queue } from './queue';
import { ReconcileDesk } from './ReconcileDesk';
import './reconcile.css';

interface Loaded {
  project: Project;
  transcript?: Transcript;
  codebook?: Codebook;
  sets?: CodingSet[];
  queue?: Queue | null;
}

/** ReconcilePage is the reconciliation view of a transcript (leads only). */
export function ReconcilePage({ pid, tid }: { pid: string; tid: string }) {
  const { data, error, reload } = useLoad(`${pid}/${tid}`, async (): Promise<Loaded> => {
    const project = await api.project(pid);
    if (project.myRole !== 'lead') return { project };
    const [transcript, codebook, codings] = await Promise.all([api.transcript(pid, tid), api.codebook(pid), api.codings(pid, tid)]);
    const queue = transcript.phase === 'independent' ? null : await queueOf(pid, tid);
    const sets = codings.sets
      .filter((s) => s.status === 'submitted' && !s.hidden && s.excerpts && s.coderId !== 'consensus')
      .sort((a, b) => a.coderName.localeCompare(b.coderName));
    return { project, transcript, codebook, sets, queue };
  });
  const starting = useAction();
  const [started, setStarted] = useState(false);

  const back = (
    <p>
      <Link to={`/projects/${pid}`}>Back to the project</Link>
    </p>
  );
  // The server answers 403 to anyone but a lead (a role may change while the page is open).
  if ((error instanceof ApiError && error.status === 403) || (data && data.project.myRole !== 'lead')) {
    return (
      <Page title="Reconcile">
        <p>Only a lead reconciles. The leads of {data?.project.name ?? 'this project'} decide where the coders differ.</p>
        {back}
      </Page>
    );
  }
  if (error) {
    return (
      <Page title="Reconcile">
        <Alert error={error} />
        {back}
      </Page>
    );
  }
  if (!data?.transcript) return <Loading />;
  const t = data.transcript;
  const title = `Reconcile: ${t.title}`;
  const phase = phaseWords[t.phase];

  function start() {
    void starting.run(async () => {
      await movePhase(pid, tid, 'reconciling');
      setStarted(true);
      await reload();
    });
  }

  return (
    <Page title={title} wide>
      <p className="rc-top">
        <Link to={`/projects/${pid}`}>Back to the project</Link>
        <Link to={`/projects/${pid}/transcripts/${tid}`}>Read the transcript</Link>
        <span>
          <span className={`phase-tag phase-${t.phase}`}>{phase.name}</span> <span className="phase-what">{phase.what}</span>
        </span>
      </p>
      {t.phase === 'independent' && (
        <div className="panel">
          <p>Everyone is still coding “{t.title}” alone, so there is nothing to reconcile yet.</p>
          <p>When every coder has submitted, reveal their coding on the project page; then you can start reconciling here.</p>
        </div>
      )}
      {t.phase === 'revealed' && (
        <div className="panel rc-start">
          <p>Everyone’s coding of “{t.title}” is revealed, but reconciling has not started. The queue below shows what you will decide.</p>
          <p>Starting puts what every coder agreed on into the consensus and freezes the coders’ work.</p>
          <button type="button" className="primary" disabled={starting.busy} onClick={start}>
            {starting.busy ? 'Starting…' : 'Start reconciling'}
          </button>
          <Alert error={starting.error} />
        </div>
      )}
      {t.phase === 'locked' && (
        <p className="panel">
          “{t.title}” is locked: these decisions are final. To change one, a lead unlocks it on the <Link to={`/projects/${pid}`}>project page</Link>.
        </p>
      )}
      {data.queue && (
        <ReconcileDesk
          key={t.phase}
          pid={pid}
          tid={tid}
          transcript={t}
          nodes={data.codebook!.nodes}
          sets={data.sets!}
          queue={data.queue}
          canDecide={t.phase === 'reconciling'}
          focusFirst={started}
        />
      )}
    </Page>
  );
}
