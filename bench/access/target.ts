// One benchmark target: the generated API's server in a child process, with
// the measurements taken on it (its CPU time, and the requests it received).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedRequest } from '../../test/helpers/mini-api.js';

export type TargetKind = 'bare' | 'realistic';

export interface Target {
  kind: TargetKind;
  url: string;
  spec: { paths: Record<string, Record<string, unknown>> };
  passwords: Record<string, string>;
  operations: number;
  /** Wall time, this process's CPU and the server's CPU over fn. */
  measured<T>(fn: () => Promise<T>): Promise<Measured<T>>;
  /** The requests the server received while fn ran, whole. */
  recordedDuring(fn: () => Promise<unknown>): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}

export interface Measured<T> {
  value: T;
  ms: number;
  cpuUs: number;
  serverCpuUs: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startTarget(kind: TargetKind, resources: number): Promise<Target> {
  const child = fork(path.join(here, 'server.ts'), [String(resources), kind], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const hello = await reply<Pick<Target, 'url' | 'spec' | 'passwords'>>(child, undefined, (m) => (m as { url?: string }).url !== undefined);
  const serverCpu = async () => {
    const { cpu } = await reply<{ cpu: NodeJS.CpuUsage }>(child, 'cpu', (m) => (m as { cpu?: unknown }).cpu !== undefined);
    return cpu.user + cpu.system;
  };
  return {
    kind,
    ...hello,
    operations: Object.values(hello.spec.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length, 0),
    async measured(fn) {
      const s0 = await serverCpu();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const value = await fn();
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      return { value, ms, cpuUs: c.user + c.system, serverCpuUs: (await serverCpu()) - s0 };
    },
    async recordedDuring(fn) {
      child.send('record');
      await fn();
      return (await reply<{ recorded: RecordedRequest[] }>(child, 'recorded', (m) => (m as { recorded?: unknown }).recorded !== undefined)).recorded;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** Sends `ask` (if any) and resolves with the first message that `is` accepts. */
function reply<T>(child: ChildProcess, ask: string | undefined, is: (m: unknown) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (!is(m)) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    if (ask) child.send(ask);
  });
}
