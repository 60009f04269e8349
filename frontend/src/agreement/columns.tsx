// The columns of the tables of figures: which figures each table shows, how
// each cell is drawn, and what each column sorts by.
import type { ReactNode } from 'react';
import type { Figure, Row } from '../api/types';
import { ci, stat, type SortKey } from './agreement';
import { Num, ReadingTag } from './figures';

/** Column is a column of a table of rows: its heading, its cell, and the key
 * it sorts by (a column without one does not sort). */
export interface Column {
  label: string;
  sort?: SortKey;
  cell: (r: Row) => ReactNode;
  className?: string;
}

/** figure is a column of one figure of a row. */
const figure = (label: string, sort: SortKey | undefined, of: (r: Row) => Figure | undefined, asPercent?: boolean): Column => ({
  label,
  sort,
  cell: (r) => <Num f={of(r)} asPercent={asPercent} />,
});

/** interval is the column of alpha's 95% interval. */
const interval = (className?: string): Column => ({
  label: '95% interval',
  sort: 'ci',
  className,
  cell: (r) => ci(r.alphaLow, r.alphaHigh) || <span className="ag-na">none</span>,
});

const percent = figure('Percent agreement', 'percent', (r) => r.percentAgreement, true);
const ac1 = figure('Gwet’s AC1', 'ac1', (r) => r.gwetAC1);
const prevalence = figure('Prevalence', 'prevalence', (r) => r.prevalence, true);
const uAlpha = figure('|uα (spans)', 'ualpha', (r) => r.binaryUAlpha);

/** themeColumns are the columns of the theme table; onTheme opens a theme's differences. */
export function themeColumns(onTheme: (r: Row) => void): Column[] {
  return [
    {
      label: 'Alpha',
      sort: 'alpha',
      className: 'ag-alpha',
      cell: (r) => (
        <>
          {r.alpha.value === null ? (
            <Num f={r.alpha} />
          ) : (
            <button type="button" className="link-button inline ag-num" onClick={() => onTheme(r)}>
              {stat(r.alpha.value)}
              <span className="visually-hidden">: where do the coders differ on {r.name}?</span>
            </button>
          )}
          <ReadingTag reading={r.reading} />
        </>
      ),
    },
    interval('ag-ci'),
    percent,
    figure('Cohen’s kappa (mean)', 'cohen', (r) => r.cohenKappaMean),
    figure('Fleiss’ kappa', 'fleiss', (r) => r.fleissKappa),
    ac1,
    prevalence,
    uAlpha,
    { label: 'Units', sort: 'units', cell: (r) => r.units },
    { label: 'Coders', sort: 'coders', cell: (r) => r.coders },
  ];
}

/** rollUpColumns are the columns of the category and domain tables. */
export function rollUpColumns(category: boolean): Column[] {
  const cols: Column[] = [
    {
      label: 'Alpha (any theme)',
      sort: 'alpha',
      cell: (r) => (
        <>
          <Num f={r.alpha} /> <ReadingTag reading={r.reading} />
        </>
      ),
    },
    interval(),
    percent,
    ac1,
    prevalence,
    uAlpha,
  ];
  if (category)
    cols.push(
      figure('Alpha (themes as values)', undefined, (r) => r.nominalAlpha),
      { label: 'Units left out', cell: (r) => r.multiThemeUnits ?? 0 },
      figure('uα (themes as values)', undefined, (r) => r.uAlpha),
    );
  return cols;
}
