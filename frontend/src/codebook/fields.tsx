// The fields of a codebook entry's wording and colour, and their checks.
import { useId } from 'react';
import type { Level, NodeText } from '../api/client';
import { colourProblem, fieldWords, isColour, levelWords, suggestedColours } from './codebook';
import { Field, fieldError } from '../shared/ui';

/** TextFields are the boxes of an entry's wording. */
export function TextFields({
  level,
  text,
  set,
  problems,
  error,
  withColour,
}: {
  level: Level;
  text: NodeText;
  set: (f: keyof NodeText) => (v: string) => void;
  problems: Record<string, string | null>;
  error: unknown;
  withColour: boolean;
}) {
  const err = (f: keyof NodeText) => problems[f] ?? fieldError(error, f);
  const l = levelWords[level].name;
  return (
    <>
      <Field label={fieldWords.name} value={text.name} onChange={set('name')} required maxLength={255} error={err('name')} />
      {withColour && <ColourField level={level} value={text.colour} onChange={set('colour')} error={err('colour')} />}
      <Field
        label={fieldWords.brief}
        value={text.brief}
        onChange={set('brief')}
        multiline
        maxLength={300}
        hint={`One or two sentences: what this ${l} is about. Coders see it next to the ${l}.`}
        error={err('brief')}
      />
      <Field label={fieldWords.plainLanguage} value={text.plainLanguage} onChange={set('plainLanguage')} multiline maxLength={5000} hint="Say it the way you would to a friend, in everyday words." error={err('plainLanguage')} />
      <Field label={fieldWords.full} value={text.full} onChange={set('full')} multiline maxLength={5000} error={err('full')} />
      <Field label={fieldWords.whenToUse} value={text.whenToUse} onChange={set('whenToUse')} multiline maxLength={5000} error={err('whenToUse')} />
      <Field label={fieldWords.whenNotToUse} value={text.whenNotToUse} onChange={set('whenNotToUse')} multiline maxLength={5000} hint={`Say which other ${levelWords[level].plural} to use instead, if any.`} error={err('whenNotToUse')} />
      <Field label={fieldWords.example} value={text.example} onChange={set('example')} multiline maxLength={5000} hint="A short quote from an interview." error={err('example')} />
    </>
  );
}

/** ColourField chooses a theme's colour: a picker, the colour code, and light colours to pick from. */
export function ColourField({ level, value, onChange, error }: { level: Level; value: string; onChange: (v: string) => void; error: string | null }) {
  const id = useId();
  const problem = error ?? colourProblem(value, level);
  const shown = isColour(value.trim()) ? value.trim() : '';
  return (
    <fieldset className={problem ? 'field has-error' : 'field'} aria-describedby={`${id}-hint ${id}-error`}>
      <legend>
        {fieldWords.colour}
        <span className="optional"> (optional)</span>
      </legend>
      <p className="hint" id={`${id}-hint`}>
        Coders see this colour behind the text they code. Choose a light colour, so that the text on it stays easy to read.
      </p>
      <p className="field-error" id={`${id}-error`} aria-live="polite">
        {problem}
      </p>
      <div className="colour-row">
        <label htmlFor={`${id}-code`}>Colour code</label>
        <input
          id={`${id}-code`}
          type="text"
          className="colour-code"
          value={value}
          maxLength={7}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-error`}
        />
        <label htmlFor={`${id}-pick`} className="visually-hidden">
          Pick a colour
        </label>
        <input id={`${id}-pick`} type="color" value={shown ? shown.toLowerCase() : '#ffffff'} onChange={(e) => onChange(e.target.value.toUpperCase())} />
        {shown && problem ? (
          // Text on a colour this dark would be unreadable: show only the colour (the message says why).
          <span className="colour-sample blank" style={{ background: shown }} aria-hidden="true" />
        ) : (
          <span className="colour-sample" style={shown ? { background: shown } : undefined}>
            {shown ? 'Text on this colour' : 'No colour'}
          </span>
        )}
      </div>
      <div className="colour-choices" role="group" aria-label="Light colours to choose from">
        {suggestedColours.map((c) => (
          <button
            key={c}
            type="button"
            className="colour-choice"
            style={{ background: c }}
            aria-label={`Use ${c}`}
            aria-pressed={value.toUpperCase() === c}
            onClick={() => onChange(c)}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** localProblems checks an entry's wording before it is sent. */
export function localProblems(text: NodeText, level: Level): Record<string, string | null> {
  return {
    name: text.name.trim() ? null : 'Give it a name.',
    colour: colourProblem(text.colour, level),
  };
}
