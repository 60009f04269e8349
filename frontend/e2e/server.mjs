// Starts the real Tandem server on a fresh data directory and a free port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** startServer returns { base, setupURL, output(), stop() }. Extra
 * environment variables (such as TANDEM_ADMIN_EMAIL) go in env. */
export async function startServer(env = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(join(repo, 'bin', 'tandem'), ['-listen', `127.0.0.1:${port}`, '-data-dir', dir, '-base-url', base], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise((ok) => proc.on('exit', ok));

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/api/v1/ready`);
      if (r.ok && /Tandem is running at/.test(out)) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const setupURL = out.match(/(http:\/\/\S+\/setup#token=[A-Za-z0-9_%-]+)/)?.[1];
  return {
    base,
    setupURL,
    output: () => out,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
