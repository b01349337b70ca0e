// Reads the HAR recordings of one audit (api.har in the config and --har on
// the command line) and hands them to the HAR builder of the target model.
// Every secret value in them is registered with the redactor before anything
// else sees the result. Never throws: an unreadable file is a note, and no
// readable file at all is an error with the reason.
import { readFile, stat } from 'node:fs/promises';
import type { LaunchConfig } from '../../config/schema.js';
import type { Redactor } from '../../secrets/redactor.js';
import { HarError, MAX_HAR_BYTES } from '../../target/har/read.js';
import { analyseTraffic, type RecordingInput, type Traffic } from '../../target/har/traffic.js';
import { failed, notTested, ok, type Gathered } from '../types.js';

export interface HarFile {
  /** As the user wrote it (shown in messages). */
  file: string;
  /** Absolute path to read. */
  path: string;
  role?: string;
}

/** api.har entries as files, resolved with `resolve` (against the config's folder). */
export function harFilesOf(config: LaunchConfig, resolve: (p: string) => string): HarFile[] {
  return (config.api.har ?? []).map((h) => (typeof h === 'string' ? { file: h, path: resolve(h) } : { file: h.path, path: resolve(h.path), ...(h.role ? { role: h.role } : {}) }));
}

/** `ROLE=FILE` or `FILE`, as --har takes it. */
export function parseHarArg(arg: string): { file: string; role?: string } {
  const m = /^([a-z][a-z0-9_-]*)=(.+)$/.exec(arg);
  return m ? { role: m[1]!, file: m[2]! } : { file: arg };
}

export async function gatherTraffic(
  files: readonly HarFile[],
  opts: { config: LaunchConfig; origins: readonly string[]; redactor?: Redactor },
): Promise<Gathered<Traffic>> {
  if (files.length === 0) return notTested('no HAR recordings given (api.har or --har)');
  const inputs: RecordingInput[] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    try {
      const size = (await stat(f.path)).size;
      if (size > MAX_HAR_BYTES) {
        unreadable.push(`${f.file}: ${Math.round(size / 1024 / 1024)} MB is more than one walk through the app (limit ${MAX_HAR_BYTES / 1024 / 1024} MB); record each role separately`);
        continue;
      }
      inputs.push({ file: f.file, text: await readFile(f.path, 'utf8'), ...(f.role ? { role: f.role } : {}) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      unreadable.push(`${f.file}: ${code === 'ENOENT' ? `not found (${f.path})` : (err as Error).message}`);
    }
  }
  if (inputs.length === 0) return failed(`no HAR recording could be read: ${unreadable.join('; ')}`, 'check the paths under api.har (relative to the config file) or given to --har');
  const roles = Object.entries(opts.config.auth.roles).map(([role, r]) => ({ role, ...(r.login?.username ? { username: r.login.username } : {}) }));
  try {
    const traffic = analyseTraffic(inputs, { origins: opts.origins, roles });
    for (const s of traffic.secrets) opts.redactor?.add(s);
    // The values were only needed for the redactor: nothing downstream may hold them.
    return ok({ ...traffic, secrets: [], notes: [...unreadable.map((u) => `recording skipped: ${u}`), ...traffic.notes] });
  } catch (err) {
    if (err instanceof HarError) return failed(`no HAR recording could be read: ${[...unreadable, err.message].join('; ')}`);
    return failed(`reading the HAR recordings crashed: ${(err as Error).message}`);
  }
}
