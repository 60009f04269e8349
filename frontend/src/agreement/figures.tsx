// How the agreement figures are written and explained: a figure or "n/a"
// with its reason, a reading as a word, and what the numbers mean.
import type { Figure, Row, UnitKind } from '../api/types';
import { figureText, noteWords, readingOf, readings } from './agreement';

export const unitWords: Record<UnitKind, string> = { turn: 'turn', paragraph: 'paragraph', sentence: 'sentence' };

/** Explainer says what alpha is and what the readings mean, for a lead who is not a statistician. */
export function Explainer() {
  return (
    <details className="ag-explain">
      <summary>What do these numbers mean?</summary>
      <p>
        For each theme, Tandem looks at every <strong>unit</strong> of the interviews (a turn, unless you choose paragraphs or sentences) and
        asks each coder: did you apply the theme here? Then it measures how often the coders give the same answer.
      </p>
      <p>
        <strong>Alpha</strong> (Krippendorff’s alpha) is the main figure. It counts how often the coders agree, and then takes away the agreement
        they would reach by chance. <strong>1.000</strong> means they always agree; <strong>0</strong> means they agree no more than chance;
        below 0 means they disagree more than chance would. Journals usually ask for alpha.
      </p>
      <dl className="ag-readings">
        {(Object.keys(readings) as (keyof typeof readings)[]).map((r) => (
          <div key={r}>
            <dt>
              <ReadingTag reading={r} />
            </dt>
            <dd>{readings[r].meaning}</dd>
          </div>
        ))}
      </dl>
      <p>
        The <strong>95% interval</strong> says how sure the figure is: with few units, the true alpha could be anywhere in it. A wide interval
        means: code more interviews before you conclude.
      </p>
      <p>
        <strong>Percent agreement</strong> is the plain share of agreeing answers: with two coders, the share of units where they gave the same
        answer (with more coders, the share of agreeing pairs). It looks high for rare themes (if
        nobody applies a theme, everyone “agrees”), which is why alpha corrects for chance. <strong>Prevalence</strong> says how often the
        theme was applied (the share of all the coders’ answers that were “yes”): on a rare theme, alpha and kappa can be low even when the coders mostly agree; <strong>Gwet’s AC1</strong> is less
        affected by that. <strong>Cohen’s kappa</strong> (the mean over each pair of coders) and <strong>Fleiss’ kappa</strong> are older
        figures some reviewers ask for. <strong>|uα</strong> compares the exact stretches of text the coders marked, so it is lower when they
        agree on the turn but cut the excerpt differently.
      </p>
    </details>
  );
}

/** ReadingTag shows a reading as a word with a symbol and a colour (never the colour alone). */
export function ReadingTag({ reading }: { reading: string }) {
  const r = readingOf(reading);
  return (
    <span className={`ag-reading ag-${r.tone}`}>
      <span aria-hidden="true">{r.symbol} </span>
      {r.word}
    </span>
  );
}

/** Num shows a figure, or "n/a" with the reason it is undefined. */
export function Num({ f, asPercent }: { f: Figure | undefined; asPercent?: boolean }) {
  if (!f || f.value === null) {
    return (
      <span className="ag-na" title={noteWords(f?.note)}>
        n/a<span className="visually-hidden"> ({noteWords(f?.note)})</span>
      </span>
    );
  }
  return <span className="ag-num">{figureText(f, asPercent)}</span>;
}

/** moreFigures are the figures only a theme's detail shows, each with one plain line. */
export const moreFigures: { key: 'scottPiMean' | 'brennanPrediger'; name: string; meaning: string }[] = [
  {
    key: 'scottPiMean',
    name: 'Scott’s pi',
    meaning: 'Like Cohen’s kappa, it takes away the agreement expected by chance, but counts chance from all the coders’ answers together (the mean over each pair of coders).',
  },
  {
    key: 'brennanPrediger',
    name: 'Brennan–Prediger',
    meaning: 'Takes away chance as if each answer were a coin toss, so it stays steady on a theme that is rarely applied.',
  },
];

/** MoreFigures shows Scott's pi and Brennan–Prediger for a theme, when the report has them. */
export function MoreFigures({ theme }: { theme: Row }) {
  const shown = moreFigures.filter((m) => theme[m.key]);
  if (shown.length === 0) return null;
  return (
    <dl className="ag-more">
      {shown.map((m) => (
        <div key={m.key}>
          <dt>
            {m.name}: <Num f={theme[m.key]} />
          </dt>
          <dd>{m.meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
