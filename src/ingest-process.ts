// Ingest in a child process, so the bot's event loop keeps acknowledging Slack and Discord
// within their 3 seconds while new sources are embedded, indexed and saved. The child is
// the same CLI (`ingest --quiet --missing-ok`: a file taken out of the inbox meanwhile is
// not an error): it takes the index lock and publishes a snapshot that the
// bot then loads.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI next to this module, when there is one (not when running from sources in tests). */
export function builtCli(): string | null {
  const path = fileURLToPath(new URL('./cli.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** `running` holds the child while it runs, so a shutdown can stop it (its snapshot write is atomic). */
export function ingestInChild(
  cli: string,
  paths: string[],
  env: NodeJS.ProcessEnv = process.env,
  running?: Set<ChildProcess>,
  timeoutMs = 30 * 60_000,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'ingest', '--quiet', '--missing-ok', ...paths], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    running?.add(child);
    child.on('exit', () => running?.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // 3: some files were skipped as unusable (named in stderr); retrying would not help.
      // 4 (files unreadable for now) and anything else is a failure, retried later.
      if (code === 0 || code === 3) resolve({ stdout, stderr });
      else reject(new Error(`ingest exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
