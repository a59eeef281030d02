// The Docker image's runtime stage, without Docker: scripts/check-runtime.sh repeats the
// Dockerfile's steps in a temporary folder (npm ci, prune, copy exactly what the runtime stage
// copies) and checks that the result answers on the CLI and in the console chat, as a non-root
// user that may write only index-data/. About 1.5 minutes here with a warm npm cache.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIMIT_MS = 8 * 60_000;

describe('runtime image contents (scripts/check-runtime.sh)', () => {
  it(
    'the runtime stage answers a question on the CLI and in the console chat',
    async () => {
      const r = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        // Its own process group, so that a timeout ends npm and node-gyp too.
        const child = spawn('bash', [join(process.cwd(), 'scripts', 'check-runtime.sh')], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
          reject(new Error(`check-runtime.sh took more than ${LIMIT_MS / 1000} s:\n${output}`));
        }, LIMIT_MS);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
      expect(r.code, r.output).toBe(0);
      expect(r.output).toMatch(/answered; \[\d\] “[^”]*lasted[^”]*”/);
      expect(r.output).toContain('140 drones');
      expect(r.output).toMatch(/check-runtime: OK in \d+s/);
    },
    LIMIT_MS + 10_000,
  );
});
