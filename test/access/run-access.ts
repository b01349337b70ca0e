// Runs the access gatherer against a live target the way gatherAll will:
// one ProbeClient, one Sessions, the config's policy and OpenAPI document.
import { targetEnvironment, resolveFromConfig } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/schema.js';
import { gatherAccess } from '../../src/evidence/gatherers/access/index.js';
import type { KeyCandidate } from '../../src/evidence/gatherers/access/key-candidates.js';
import { gatherOpenApi } from '../../src/evidence/gatherers/openapi.js';
import { gatherUnauthProbes } from '../../src/evidence/gatherers/unauth-probes.js';
import { ProbeClient, originOf } from '../../src/probe/client.js';
import { Sessions } from '../../src/probe/sessions.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { fromOpenApi } from '../../src/target/from-openapi.js';
import { buildTarget } from '../../src/target/model.js';
import type { AccessProbeSet, AttackFamily } from '../../src/evidence/access-types.js';
import type { Gathered, UnauthProbeSet } from '../../src/evidence/types.js';
import type { LedgerEntry } from '../../src/report/model.js';
import { readFile } from 'node:fs/promises';

export interface AccessRun {
  access: Gathered<AccessProbeSet>;
  /** Gathered only when asked for (opts.unauth). */
  unauth?: Gathered<UnauthProbeSet>;
  ledger: LedgerEntry[];
  redactor: Redactor;
}

/** The probe client an audit of this config's target environment would use (network settings, CA, credential and writable origins). */
export async function clientFor(loaded: LoadedConfig, redactor: Redactor, allowWrites: boolean): Promise<ProbeClient> {
  const { config } = loaded;
  const env = targetEnvironment(loaded).env;
  const apiUrl = env.apiUrl ?? env.appUrl;
  const ca = config.network.caFile ? await readFile(resolveFromConfig(loaded, config.network.caFile), 'utf8') : undefined;
  return new ProbeClient({
    timeoutMs: config.network.timeoutMs,
    maxRequests: config.network.maxRequests,
    ratePerSecond: config.network.ratePerSecond,
    maxSeconds: config.network.maxSeconds,
    dnsServer: config.network.dnsServer,
    ca,
    credentialOrigins: apiUrl ? [originOf(apiUrl)] : [],
    writableOrigins: allowWrites ? [env.appUrl, apiUrl].filter((u): u is string => Boolean(u)) : [],
    redactor,
  });
}

export async function runAccess(loaded: LoadedConfig, opts: { only?: AttackFamily[]; allowWrites?: boolean; unauth?: boolean; signingKeys?: () => Promise<KeyCandidate[]> } = {}): Promise<AccessRun> {
  const { config } = loaded;
  const env = targetEnvironment(loaded).env;
  const apiUrl = env.apiUrl ?? env.appUrl;
  const redactor = new Redactor(loaded.secrets);
  const client = await clientFor(loaded, redactor, opts.allowWrites ?? env.allowWrites);
  try {
    const openapi = await gatherOpenApi(config.api.openapi ? resolveFromConfig(loaded, config.api.openapi) : undefined, config.policy, Object.keys(config.auth.roles));
    const target = buildTarget(config, [fromOpenApi(openapi)]);
    const sessions = new Sessions(config, apiUrl ?? '', client, redactor, target.state === 'ok' ? target.value.basePath : '');
    const unauth = opts.unauth ? await gatherUnauthProbes(client, sessions, apiUrl, target) : undefined;
    const access = await gatherAccess({ client, sessions, config, apiUrl, target, redactor, ...(opts.only ? { only: opts.only } : {}), ...(opts.signingKeys ? { signingKeys: opts.signingKeys } : {}) });
    return { access, ledger: client.ledger.all(), redactor, ...(unauth ? { unauth } : {}) };
  } finally {
    await client.close();
  }
}

/** The gathered access evidence of a run; throws (failing the test) when the gatherer did not get it. */
export function probesOf(run: AccessRun): AccessProbeSet {
  if (run.access.state !== 'ok') throw new Error(`access probes not gathered: ${JSON.stringify(run.access)}`);
  return run.access.value;
}
