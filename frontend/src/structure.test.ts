// The shape of the app: each feature in its folder, and a page never
// imports another page (what two pages share lives in the feature's or the
// shared module).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = dirname(new URL(import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const isPage = (file: string) => /Page\.tsx$/.test(file);

describe('the app by feature', () => {
  const files = sources(root);

  it('has its pages in feature folders, named …Page.tsx', () => {
    const pages = files.filter(isPage).map((f) => relative(root, f));
    expect(pages.length).toBeGreaterThan(20);
    for (const p of pages) expect(p, p).toMatch(/^(accounts|agreement|codebook|coding|consensus|exports|findings|members|projects|reconcile|shared|transcripts)\//);
  });

  it('never lets a page import another page', () => {
    const imports: string[] = [];
    for (const f of files.filter(isPage)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = normalize(join(dirname(f), m[1]));
        if (isPage(`${target}.tsx`)) imports.push(`${relative(root, f)} -> ${relative(root, target)}`);
      }
    }
    expect(imports).toEqual([]);
  });
});
