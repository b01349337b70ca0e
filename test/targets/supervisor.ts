// Runs a test target as a child process and restarts it when it dies, on the
// same port, after a pause: what systemd, pm2 or a container runtime do for
// an app in production. Lets a test crash the app for real and watch the
// audit notice, wait and carry on.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Supervised {
  url: string;
  /** How many times the child exited. */
  exits: number;
  /** Lets restarts happen (after `hold`): a restart waiting for it starts now. */
  release(): void;
  close(): Promise<void>;
}

export interface SuperviseOptions {
  /** Restart after an exit (false: the app stays dead). */
  restart: boolean;
  /** Pause before the restart, ms. */
  restartDelayMs: number;
  /**
   * Hold restarts until release(): a test sends its requests to the dead app
   * first, so what it sees does not depend on how fast the machine is.
   */
  hold?: boolean;
  env: Record<string, string>;
}

/** Starts test/targets/<script> under supervision; resolves once it listens. */
export async function supervise(script: string, opts: SuperviseOptions): Promise<Supervised> {
  let port = 0;
  let child: ChildProcess | undefined;
  let closing = false;
  let held = opts.hold ?? false;
  let waiting: (() => void) | undefined;
  const state: Supervised = {
    url: '',
    exits: 0,
    release: () => {
      held = false;
      const w = waiting;
      waiting = undefined;
      w?.();
    },
    close: async () => {
      closing = true;
      if (child && child.exitCode === null) {
        const gone = new Promise((r) => child!.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', path.join(here, script)], {
        env: { ...process.env, ...opts.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      child = c;
      let out = '';
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m && port === 0) port = Number(m[1]);
        if (m) resolve();
      });
      c.once('error', reject);
      c.once('exit', () => {
        if (closing) return;
        state.exits++;
        if (!opts.restart) return;
        const restart = () => setTimeout(() => void start().catch(() => undefined), opts.restartDelayMs);
        if (held) waiting = restart;
        else restart();
      });
    });
  await start();
  state.url = `http://127.0.0.1:${port}`;
  return state;
}
