// Reading a downloaded workbook the way a researcher's spreadsheet program
// does: LibreOffice Calc converts every sheet to CSV, and the test reads the
// rows. `make test` installs LibreOffice (scripts/deps.sh).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** csvRows parses an RFC 4180 file (CRLF or LF line ends) into rows of cells. */
export function csvRows(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') rows.at(-1).push(cell), (cell = '');
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      rows.at(-1).push(cell), (cell = ''), rows.push([]);
      if (ch === '\r') i++;
    } else cell += ch;
  }
  if (rows.at(-1).length === 0 && cell === '') rows.pop();
  return rows;
}

/** sheetsIn opens the workbook at path in LibreOffice Calc and answers a Map
 * from each sheet's name to its rows, as LibreOffice shows the values. It
 * throws when LibreOffice cannot open the file. */
export function sheetsIn(path) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-calc-'));
  try {
    const out = join(dir, 'out');
    // Comma, '"', UTF-8, values not formulas, every sheet to its own file (-1).
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
    const r = spawnSync(
      process.env.SOFFICE || 'soffice',
      [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile'))}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', out, path],
      { env: { ...process.env, HOME: dir }, timeout: 120_000, encoding: 'utf8' },
    );
    if (r.error) throw new Error(`LibreOffice (soffice) did not run: ${r.error.message}; run \`make deps\``);
    const stem = basename(path, extname(path));
    const files = readdirSync(out, { withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.csv'));
    if (files.length === 0) throw new Error(`LibreOffice could not open ${path}: ${r.stdout}${r.stderr}`);
    const sheets = new Map();
    for (const f of files) {
      const name = f.name.slice(stem.length + 1, -'.csv'.length);
      sheets.set(name, csvRows(readFileSync(join(out, f.name), 'utf8')));
    }
    return sheets;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
