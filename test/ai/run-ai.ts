// Runs the AI red team against a live target the way gatherAll does: inside
// the access gatherer (here with no access family, so only its harvest of
// each tenant's ids runs first), with the repository's known secrets.
import { resolveFromConfig, targetEnvironment } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/schema.js';
import type { AiProbeSet } from '../../src/evidence/ai-types.js';
import { gatherAccess } from '../../src/evidence/gatherers/access/index.js';
import { gatherAi } from '../../src/evidence/gatherers/ai/index.js';
import { knownSecrets } from '../../src/evidence/gatherers/ai/known-secrets.js';
import { recordsFrom } from '../../src/evidence/gatherers/ai/records.js';
import { gatherOpenApi } from '../../src/evidence/gatherers/openapi.js';
import { gatherRepo } from '../../src/evidence/gatherers/repo.js';
import { gatherSecretScan } from '../../src/evidence/gatherers/secret-scan.js';
import type { Gathered } from '../../src/evidence/types.js';
import { Sessions } from '../../src/probe/sessions.js';
import type { LedgerEntry } from '../../src/report/model.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { fromOpenApi } from '../../src/target/from-openapi.js';
import { buildTarget } from '../../src/target/model.js';
import { clientFor } from '../access/run-access.js';

export interface AiRun {
  ai: Gathered<AiProbeSet>;
  ledger: LedgerEntry[];
  redactor: Redactor;
}

export async function runAi(loaded: LoadedConfig, extraSecrets: string[] = []): Promise<AiRun> {
  const { config } = loaded;
  const env = targetEnvironment(loaded).env;
  const apiUrl = env.apiUrl ?? env.appUrl;
  const redactor = new Redactor([...loaded.secrets, ...extraSecrets]);
  const client = await clientFor(loaded, redactor, env.allowWrites);
  try {
    const repoPath = resolveFromConfig(loaded, config.repo.path);
    const repo = await gatherRepo(repoPath, Object.fromEntries(Object.entries(config.environments).map(([n, e]) => [n, e.envFiles])));
    const scan = await gatherSecretScan(repoPath, { history: false });
    const openapi = await gatherOpenApi(config.api.openapi ? resolveFromConfig(loaded, config.api.openapi) : undefined, config.policy, Object.keys(config.auth.roles));
    const target = buildTarget(config, [fromOpenApi(openapi)]);
    const sessions = new Sessions(config, apiUrl ?? '', client, redactor, target.state === 'ok' ? target.value.basePath : '');
    let ai: Gathered<AiProbeSet> | undefined;
    await gatherAccess({
      client,
      sessions,
      config,
      apiUrl,
      target,
      redactor,
      only: [],
      beforeBursts: async ({ ids, caller }) => {
        ai = await gatherAi({ config, baseDir: loaded.baseDir, caller, sessions, apiUrl, target, redactor, records: recordsFrom(ids), knownSecrets: knownSecrets(repo, scan) });
      },
    });
    if (!ai) throw new Error('the access gatherer never reached the AI red team');
    return { ai, ledger: client.ledger.all(), redactor };
  } finally {
    await client.close();
  }
}
