// api-types writes src/api/schema.d.ts, the types of what the API sends and
// takes, from api/openapi.yaml with openapi-typescript (npm run api-types).
// With --check it writes them to a temporary file instead and fails when
// they differ from the committed file (npm run typecheck, so make lint).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const spec = join(root, '..', 'api', 'openapi.yaml');
const committed = join(root, 'src', 'api', 'schema.d.ts');
const generator = join(root, 'node_modules', '.bin', 'openapi-typescript');

function generate(out) {
  execFileSync(generator, [spec, '--output', out], { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (!process.argv.includes('--check')) {
  generate(committed);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-api-types-'));
  try {
    const fresh = join(dir, 'schema.d.ts');
    generate(fresh);
    let current = '';
    try {
      current = readFileSync(committed, 'utf8');
    } catch {
      // missing: it differs
    }
    if (readFileSync(fresh, 'utf8') !== current) {
      console.error('src/api/schema.d.ts is not what api/openapi.yaml says: run `npm run api-types` in frontend/ and commit the result.');
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
