// Running git with a deadline. Output is streamed line by line so a history
// of any size never sits in memory; a git that hangs is killed at the deadline.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Isolate from the user's git config where it changes output (pagers,
// colour, external diff drivers, quoted paths).
const BASE_ARGS = ['-c', 'core.quotePath=false', '-c', 'color.ui=never', '-c', 'diff.external=', '-c', 'core.pager=cat'];

export async function git(root: string, args: string[], timeoutMs = 30_000): Promise<string> {
  const { stdout } = await run('git', ['-C', root, ...BASE_ARGS, ...args], {
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' },
  });
  return stdout;
}

export async function isGitRepo(root: string): Promise<boolean> {
  return git(root, ['rev-parse', '--is-inside-work-tree']).then(
    (s) => s.trim() === 'true',
    () => false,
  );
}

/** Streams git's stdout to onLine, one line at a time (without the newline). Rejects on a non-zero exit or the deadline. */
export function gitLines(root: string, args: string[], onLine: (line: string) => void, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', root, ...BASE_ARGS, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' },
    });
    let rest = '';
    let stderr = '';
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      failure = new Error(`git ${args[0]} did not finish within ${Math.round(timeoutMs / 1000)}s`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (failure) return;
      const text = rest + chunk;
      let start = 0;
      let nl = text.indexOf('\n');
      try {
        while (nl >= 0) {
          onLine(text.slice(start, nl));
          start = nl + 1;
          nl = text.indexOf('\n', start);
        }
      } catch (err) {
        failure = err as Error;
        child.kill('SIGKILL');
      }
      rest = text.slice(start);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      if (stderr.length < 4096) stderr += c;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (rest && !failure) {
        try {
          onLine(rest);
        } catch (err) {
          return reject(err as Error);
        }
      }
      if (code !== 0) return reject(new Error(`git ${args[0]} exited ${code}: ${stderr.trim().split('\n')[0] ?? ''}`));
      resolve();
    });
  });
}
