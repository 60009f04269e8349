// The sortable tables of figures: themes, categories and domains. The
// three tables are one table drawn from a list of column definitions
// (columns.tsx).
import { useState, type ReactNode } from 'react';
import type { AgreementReport, Row } from '../api/types';
import { firstDirection, noteWords, sortRows, type SortDir, type SortKey } from './agreement';
import { rollUpColumns, themeColumns, type Column } from './columns';

type Sort = { key: SortKey; dir: SortDir } | null;

function SortHeader({ label, sortKey, sort, onSort }: { label: string; sortKey: SortKey; sort: Sort; onSort: (k: SortKey) => void }) {
  const active = sort?.key === sortKey;
  return (
    <th scope="col" aria-sort={active ? sort!.dir : undefined}>
      <button type="button" className="ag-sort" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true" className="ag-sort-mark">
          {active ? (sort!.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
        <span className="visually-hidden">{active ? `, sorted ${sort!.dir}` : ', sort'}</span>
      </button>
    </th>
  );
}

/** RowTable is a sortable table of report rows: the name heads each row, the columns follow. */
function RowTable({
  rows,
  nameLabel,
  name,
  columns,
  caption,
  className,
  rowData,
}: {
  rows: Row[];
  nameLabel: string;
  name: (r: Row) => ReactNode;
  columns: Column[];
  /** caption says what the table holds, given the heading of the column it is sorted by. */
  caption: (sortedBy: string) => string;
  className: string;
  rowData?: (r: Row) => Record<string, string>;
}) {
  const [sort, setSort] = useState<Sort>(null);
  const onSort = (key: SortKey) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: firstDirection(key) }));
  const shown = sort ? sortRows(rows, sort.key, sort.dir) : rows;
  const sortedBy = sort ? [{ label: nameLabel, sort: 'name' }, ...columns].find((c) => c.sort === sort.key)?.label ?? '' : '';
  return (
    <div className="ag-table-wrap">
      <table className={className}>
        <caption className="visually-hidden">{caption(sort ? `, sorted by ${sortedBy} ${sort.dir}` : '')}</caption>
        <thead>
          <tr>
            <SortHeader label={nameLabel} sortKey="name" sort={sort} onSort={onSort} />
            {columns.map((c) =>
              c.sort ? (
                <SortHeader key={c.label} label={c.label} sortKey={c.sort} sort={sort} onSort={onSort} />
              ) : (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.nodeId} {...rowData?.(r)}>
              <th scope="row">{name(r)}</th>
              {columns.map((c) => (
                <td key={c.label} data-label={c.label} className={c.className}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** ThemeSection is the table of themes. */
export function ThemeSection({ report, onTheme }: { report: AgreementReport; onTheme: (r: Row) => void }) {
  const parents = new Map([...report.categories, ...report.domains].map((r) => [r.nodeId, r.name]));
  return (
    <section aria-labelledby="ag-themes">
      <h2 id="ag-themes" tabIndex={-1}>
        Themes
      </h2>
      <p className="hint">
        Choose a column heading to sort by it. Choose a theme’s alpha to see where the coders differ on it. “n/a” means there is not enough data
        for that figure; hover over it or read on for the reason.
      </p>
      {report.themes.length === 0 ? (
        <p className="empty">The codebook has no themes yet.</p>
      ) : (
        <RowTable
          rows={report.themes}
          nameLabel="Theme"
          name={(r) => (
            <>
              {r.name}
              {parents.get(r.parentId) && <span className="sub">{parents.get(r.parentId)}</span>}
            </>
          )}
          columns={themeColumns(onTheme)}
          caption={(sorted) => `Agreement per theme${sorted}`}
          className="ag-stats ag-sortable ag-themes"
          rowData={(r) => ({ 'data-theme': r.nodeId })}
        />
      )}
      <Undefined rows={report.themes} />
    </section>
  );
}

/** Undefined lists why figures are "n/a", once per reason. */
export function Undefined({ rows }: { rows: Row[] }) {
  const reasons = new Map<string, string[]>();
  for (const r of rows) {
    const f = r.alpha;
    if (f.value === null) {
      const w = noteWords(f.note);
      reasons.set(w, [...(reasons.get(w) ?? []), r.name]);
    }
  }
  if (reasons.size === 0) return null;
  return (
    <div className="ag-undefined">
      <h3>Why some alphas are n/a</h3>
      <ul>
        {[...reasons].map(([why, who]) => (
          <li key={why}>
            {why} ({who.join(', ')})
          </li>
        ))}
      </ul>
    </div>
  );
}

/** RollUpSection is the table of categories or of domains. */
export function RollUpSection({ title, id, rows, category }: { title: string; id: string; rows: Row[]; category?: boolean }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {title}
      </h2>
      <p>
        {category ? 'A category' : 'A domain'} counts as applied to a unit when any theme below it is.
        {category &&
          ' “Themes as values” treats the themes of a category as the choices of one question (which of these themes is it?); units where a coder applied two themes of the category are left out of it and counted.'}
      </p>
      {rows.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <RowTable
          rows={rows}
          nameLabel={category ? 'Category' : 'Domain'}
          name={(r) => r.name}
          columns={rollUpColumns(!!category)}
          caption={() => `Agreement per ${category ? 'category' : 'domain'}`}
          className="ag-stats ag-sortable"
        />
      )}
    </section>
  );
}
