// The member's own name and researcher type in the project.
import { type FormEvent, useState } from 'react';
import { api, type Member, type Project, type ResearcherType } from '../api/client';
import { useForm } from '../shared/form';
import { navigate } from '../shared/router';
import { Alert, ConfirmAction, Field, fieldError, Notice, ResearcherTypeField, SubmitButton } from '../shared/ui';

export function MyDetails({ pid, me, lead, onChange }: { pid: string; me: Member; lead: boolean; onChange: () => Promise<Project | null> }) {
  const [name, setName] = useState(me.displayName);
  const [type, setType] = useState<ResearcherType | ''>(me.researcherType);
  const [typeLabel, setTypeLabel] = useState(me.researcherTypeLabel ?? '');
  const form = useForm();
  const { ref, busy, error, problems } = form;
  const [leaveError, setLeaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSaved(false);
    if (form.check({ displayName: name.trim() ? null : 'Enter the name others see.' })) return;
    await form.run(async () => {
      await api.updateMember(pid, me.userId, {
        displayName: name.trim(),
        researcherType: type as ResearcherType,
        researcherTypeLabel: type === 'other' ? typeLabel.trim() : '',
      });
      setSaved(true);
      onChange();
    });
  }

  async function leave() {
    setLeaveError(null);
    try {
      await api.removeMember(pid, me.userId);
      navigate('/');
    } catch (err) {
      setLeaveError(err);
      onChange(); // show what the server holds (perhaps: you are now the only lead)
    }
  }

  const shown = ['displayName', 'researcherType', 'researcherTypeLabel'];
  return (
    <section aria-labelledby="me-heading" className="panel">
      <h2 id="me-heading">Your details in this project</h2>
      <p className="hint">Everyone in the project sees these.</p>
      <form ref={ref} onSubmit={save} noValidate className="form">
        <Field
          label="Your name as others see it here"
          value={name}
          onChange={setName}
          required
          maxLength={100}
          error={problems.displayName ?? fieldError(error, 'displayName')}
        />
        <ResearcherTypeField
          value={type}
          selfLabel={typeLabel}
          onChange={setType}
          onLabel={setTypeLabel}
          error={fieldError(error, 'researcherType')}
          labelError={fieldError(error, 'researcherTypeLabel')}
        />
        <Alert error={error && !shown.some((f) => fieldError(error, f)) ? error : null} />
        {saved && <Notice>Your details are saved.</Notice>}
        <SubmitButton busy={busy} busyText="Saving…">
          Save my details
        </SubmitButton>
      </form>
      <h3>Leave the project</h3>
      <Alert error={leaveError} />
      {me.onlyLead ? (
        <p>
          You are the only lead, so you cannot leave yet: a project always needs a lead. Make someone else a lead first
          {lead ? ' (in the table of members above)' : ''}, then you can leave. When the study is over, you can also archive
          or delete the project on its home page.
        </p>
      ) : (
        <>
          <p>You will no longer see the project. What you did in it stays, and a lead can invite you again.</p>
          <ConfirmAction label="Leave this project" question="Leave this project now?" yes="Yes, leave" no="Stay" onConfirm={leave} />
        </>
      )}
    </section>
  );
}
