// Runs every gatherer for one audit and returns the AuditRecord. Gatherers
// never throw; this function only throws for a programming error. Network
// work all goes through one ProbeClient, so budget, ledger and safety rules
// apply to everything.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveFromConfig, targetEnvironment } from '../config/load.js';
import type { LoadedConfig } from '../config/schema.js';
import { ProbeClient, originOf } from '../probe/client.js';
import { Sessions } from '../probe/sessions.js';
import type { Redactor } from '../secrets/redactor.js';
import { environmentMap } from './gatherers/domain-map.js';
import { configuredHosts, domainMapFromDns } from './gatherers/edge/dns-map.js';
import { gatherEdge } from './gatherers/edge/index.js';
import { gatherAccess } from './gatherers/access/index.js';
import { gatherHandover } from './gatherers/handover.js';
import { keyCandidates } from './gatherers/access/key-candidates.js';
import { describeAiFeatures, detectAiFeatures } from './gatherers/ai/detect.js';
import { absentAi, gatherAi } from './gatherers/ai/index.js';
import { knownSecrets } from './gatherers/ai/known-secrets.js';
import { recordsFrom } from './gatherers/ai/records.js';
import { RoleCaller } from '../probe/role-caller.js';
import type { AiProbeSet } from './ai-types.js';
import { notTested, ok, type ApiSpec, type EvidenceKey, type Gathered, type RunContext } from './types.js';
import { gatherHttpProbes, join } from './gatherers/http-probes.js';
import { replayBaselineReads, sideEffects } from './gatherers/baseline-replay.js';
import { openApiConfigError } from './openapi-config-error.js';
import { applyExclusions, exclusionGuard, type Exclusion } from '../target/exclusions.js';
import { gatherMonitoring } from './gatherers/monitoring.js';
import { gatherOpenApi } from './gatherers/openapi.js';
import { gatherRepo } from './gatherers/repo.js';
import { gatherSecretScan } from './gatherers/secret-scan.js';
import { untrackedRecordingsNote } from '../secrets/sources/recordings.js';
import { gatherUnauthProbes } from './gatherers/unauth-probes.js';
import { RECORD_FORMAT, type AuditRecord } from './record.js';
import { policyWarnings } from '../config/policy.js';
import { fromOpenApi } from '../target/from-openapi.js';
import { fromTraffic } from '../target/from-har.js';
import { pageInput, policyInput, readerFor } from './gatherers/operations.js';
import { apexOf, publicHost } from '../config/domain-guess.js';
import { gatherTraffic, harFilesOf } from './gatherers/har.js';
import { learnBodies } from '../target/learn-bodies.js';
import { buildTarget, type Contribution } from '../target/model.js';

export interface GatherOptions {
  redactor: Redactor;
  /** Overrides network.dnsServer (the --dns-server flag). */
  dnsServer?: string;
  onPhase?: (phase: string) => void;
  /** Gather only these (`--only`); the rest is not-tested. Default: everything. */
  needs?: ReadonlySet<EvidenceKey>;
  /** Send no request that changes state, whatever allowWrites says (the smoke set). */
  readOnly?: boolean;
  /** HAR recordings given on the command line (--har [ROLE=]FILE), paths relative to the working folder. */
  har?: { file: string; role?: string }[];
}

function withoutExcluded(spec: Gathered<ApiSpec>, exclude: readonly string[]): { openapi: Gathered<ApiSpec>; excluded: Exclusion[] } {
  if (spec.state !== 'ok') return { openapi: spec, excluded: [] };
  const { ops, excluded } = applyExclusions(spec.value.operations, exclude, spec.value.basePath ?? '');
  return { openapi: ok({ ...spec.value, operations: ops }), excluded };
}

function healthUrls(appUrl: string | undefined, apiUrl: string | undefined, healthPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (appUrl) out[originOf(appUrl)] = appUrl;
  if (apiUrl) out[originOf(apiUrl)] = join(apiUrl, healthPath);
  return out;
}

export async function gatherAll(loaded: LoadedConfig, opts: GatherOptions): Promise<AuditRecord> {
  const { config } = loaded;
  const phase = opts.onPhase ?? (() => undefined);
  const target = targetEnvironment(loaded);
  const env = target.env;
  const apiUrl = env.apiUrl ?? env.appUrl;
  const net = config.network;
  const dnsServer = opts.dnsServer ?? net.dnsServer;
  const notes: string[] = [];

  const ctx: RunContext = {
    projectName: config.project.name,
    profile: config.project.stage,
    productType: config.project.productType,
    environment: target.name,
    appUrl: env.appUrl,
    apiUrl,
    setup: {
      roles: Object.keys(config.auth.roles),
      operations: Boolean(config.api.openapi),
      domains: [config.domains.apex, config.domains.www, config.domains.app, config.domains.api, ...config.domains.extra].filter((d): d is string => Boolean(d)),
      allowWrites: env.allowWrites,
      caFile: Boolean(net.caFile),
    },
  };

  let ca: string | undefined;
  if (net.caFile) {
    ca = await readFile(resolveFromConfig(loaded, net.caFile), 'utf8').catch(() => {
      notes.push(`network.caFile ${net.caFile} could not be read; using the system trust store only`);
      return undefined;
    });
  }
  const targetOrigins = [env.appUrl, apiUrl].filter((u): u is string => Boolean(u));
  const client = new ProbeClient({
    timeoutMs: net.timeoutMs,
    maxRequests: net.maxRequests,
    ratePerSecond: net.ratePerSecond,
    maxSeconds: net.maxSeconds,
    dnsServer,
    ca,
    credentialOrigins: apiUrl ? [originOf(apiUrl)] : [],
    // Only the audited environment's own origins, and only if it says so.
    writableOrigins: env.allowWrites && !opts.readOnly ? targetOrigins : [],
    redactor: opts.redactor,
    // The reads that tell whether the target still answers: the API's health path, the app's home page.
    liveness: { healthUrls: healthUrls(env.appUrl, apiUrl, config.api.healthPath) },
  });

  // --only: a gatherer runs when a selected check needs its evidence (or evidence built on it).
  const want = (...keys: EvidenceKey[]) => !opts.needs || keys.some((k) => opts.needs!.has(k));
  const skipped = notTested<never>('not selected (--only)');
  try {
    phase('reading the repository');
    const envFilesByEnvironment = Object.fromEntries(Object.entries(config.environments).map(([name, e]) => [name, e.envFiles]));
    const repo = want('repo') ? await gatherRepo(resolveFromConfig(loaded, config.repo.path), envFilesByEnvironment) : skipped;

    phase('scanning the tree, history and bundles for secrets');
    const secretScan = want('secretScan') ? await gatherSecretScan(resolveFromConfig(loaded, config.repo.path), {
          onPhase: phase,
          recordings: (config.api.har ?? []).map((h) => resolveFromConfig(loaded, typeof h === 'string' ? h : h.path)),
        }) : skipped;
    // HAR recordings beside the code hold live credentials: said once in the notes (critic #7), not as a committed secret.
    const recordingsNote = secretScan.state === 'ok' && secretScan.value.tree.state === 'ok' ? untrackedRecordingsNote(secretScan.value.tree.value) : undefined;
    if (recordingsNote) notes.push(recordingsNote);

    phase('reading the OpenAPI document');
    const roles = Object.keys(config.auth.roles);
    const spec = want('openapi', 'httpProbes', 'unauthProbes', 'accessProbes', 'tls', 'edgeHttp', 'dns', 'mail')
      ? await gatherOpenApi(config.api.openapi ? resolveFromConfig(loaded, config.api.openapi) : undefined, config.policy, roles)
      : skipped;
    // Issue 10: a document that cannot be read is a configuration error (exit 2), said once with its file and line.
    if (spec.state === 'error' && config.api.openapi) throw await openApiConfigError(resolveFromConfig(loaded, config.api.openapi), spec.reason);
    // Issue 10: operations never to call (config exclude:, and reset/seed/wipe/self-delete by default), taken out
    // before any prober sees them; the client refuses the same requests again.
    const { openapi, excluded } = withoutExcluded(spec, config.exclude);
    client.setExclusions(exclusionGuard(excluded, config.exclude));
    for (const e of excluded) notes.push(`not called: ${e.operation} (${e.by === 'config' ? e.reason : `excluded by default: ${e.reason}; list it under exclude: to keep it so, or rename it`})`);
    if (openapi.state === 'ok' && openapi.value.operations.some((o) => o.expectationFrom === 'spec')) {
      const n = openapi.value.operations.filter((o) => o.expectationFrom === 'spec').length;
      notes.push(`${n} operations have no policy rule; who may call them was inferred from the OpenAPI security declarations`);
    }

    // Issue 12: recordings of the app in use, one per role; their secrets go to the redactor before anything reads them.
    phase('reading the HAR recordings');
    const harFiles = [
      ...harFilesOf(config, (p) => resolveFromConfig(loaded, p)),
      ...(opts.har ?? []).map((h) => ({ file: h.file, path: path.resolve(h.file), ...(h.role ? { role: h.role } : {}) })),
    ];
    const probesOperations = want('unauthProbes', 'accessProbes', 'aiProbes');
    const traffic = probesOperations ? await gatherTraffic(harFiles, { config, origins: targetOrigins.map(originOf), redactor: opts.redactor }) : skipped;
    const documented = openapi.state === 'ok' ? openapi.value.operations : [];
    const har = traffic.state === 'ok' ? fromTraffic(traffic.value, documented, openapi.state === 'ok' ? (openapi.value.basePath ?? '') : '') : undefined;
    if (traffic.state === 'error') notes.push(`HAR recordings: ${traffic.reason}`);

    // The target model (issue 11): one picture of the API every prober reads, from the document, the recordings and
    // (without a document) the policy's own METHOD /path lines, in that order of trust.
    const inputs: Gathered<Contribution>[] = [fromOpenApi(openapi), har ? ok(har.contribution) : traffic.state === 'ok' ? ok({ source: 'har', operations: [] }) : traffic];
    if (openapi.state !== 'ok') inputs.push(policyInput(config, har?.contribution.operations ?? []));
    let model = buildTarget(config, inputs);
    // Nothing configured names an operation: the app's own page and scripts say which API calls its front end makes.
    if (model.state !== 'ok' && env.appUrl && probesOperations) {
      phase("reading the page's scripts for the API calls they make");
      const page = await pageInput(client, env.appUrl);
      if (page.state === 'ok') model = buildTarget(config, [page]);
      else model = notTested(`no api.openapi document, HAR recording (api.har) or policy line names an operation, and ${page.reason}`);
    }
    const basePath = model.state === 'ok' ? model.value.basePath : '';
    notes.push(...policyWarnings(config.policy, model.state === 'ok' ? model.value.operations : [], basePath));

    // Each network stage gets its share of the time and request budgets (issue 10): one stage cannot starve the
    // ones after it. Weights: time for the slow edge (TLS, redirects), requests for the access probes, which need most.
    client.budget.planPhases([
      { name: 'http', time: 1, requests: 1 },
      { name: 'unauthenticated', time: 2, requests: 3 },
      { name: 'access', time: config.ai ? 8 : 6, requests: config.ai ? 12 : 10 },
      { name: 'edge', time: 3, requests: 1 },
      { name: 'final reads', time: 1, requests: 1 },
    ]);
    if (opts.readOnly && env.allowWrites) notes.push(`read-only run: allowWrites: true on this environment was overridden, so no write probes, login bursts or logouts were sent`);
    client.budget.enterPhase('http');
    phase('probing HTTP endpoints');
    const httpProbes = want('httpProbes')
      ? await gatherHttpProbes(client, { appUrl: env.appUrl, apiUrl, healthPath: config.api.healthPath, healthPathDeclared: loaded.healthPathDeclared ?? true, loginPath: config.monitor?.loginPath ?? '/login', loginPathDeclared: config.monitor?.loginPath !== undefined }, openapi)
      : skipped;

    client.budget.enterPhase('unauthenticated');
    phase('signing in roles and calling protected operations');
    const sessions = new Sessions(config, apiUrl ?? '', client, opts.redactor, basePath);
    // Writes that no input gave a body learn one from the app's own reads (only worth the requests where writes are probed).
    if (model.state === 'ok' && env.allowWrites && !opts.readOnly && want('accessProbes') && apiUrl) model = ok(await learnBodies(model.value, readerFor(client, sessions)));
    if (model.state === 'ok') {
      notes.push(...model.value.notes);
      ctx.operations = { sources: model.value.sources, count: model.value.operations.length, undocumented: har?.undocumented ?? [] };
      if (ctx.setup) ctx.setup.operations = true;
    }
    // Edge caching checks judge the signed-in responses of these probes; a read-only run signs nobody in.
    const unauthProbes =
      want('unauthProbes') || (want('edgeHttp') && !opts.readOnly) ? await gatherUnauthProbes(client, sessions, apiUrl, model) : skipped;

    client.budget.enterPhase('access');
    phase('probing access control and abuse');
    // The AI red team runs inside the access probes, after their object probes and before their
    // login bursts, with each tenant's harvested ids; on its own if the access probes never got there.
    const ai = { config, baseDir: loaded.baseDir, sessions, apiUrl, target: model, redactor: opts.redactor, knownSecrets: knownSecrets(repo, secretScan) };
    let aiProbes: Gathered<AiProbeSet> | undefined;
    const accessProbes = !want('accessProbes')
      ? skipped
      : await gatherAccess({
          client,
          sessions,
          config,
          apiUrl,
          target: model,
          redactor: opts.redactor,
          // Raw values of the secrets the scan found, read again only if a role's token is an HMAC JWT; never stored.
          signingKeys: () =>
            keyCandidates(config.project.name, repo, secretScan, {
              files: (config.auth.jwtKeyLists ?? []).map((f) => resolveFromConfig(loaded, f)),
              onProblem: (m) => notes.push(m),
            }),
          ...(config.ai
            ? {
                beforeBursts: async ({ ids, caller }) => {
                  phase('red-teaming the AI assistant');
                  aiProbes = await gatherAi({ ...ai, caller, records: recordsFrom(ids) });
                },
              }
            : {}),
        });
    if (accessProbes.state === 'ok') notes.push(...accessProbes.value.notes);
    if (!aiProbes && config.ai && want('aiProbes')) phase('red-teaming the AI assistant');
    aiProbes ??= want('aiProbes') ? await gatherAi({ ...ai, caller: new RoleCaller(client, sessions, config.auth.flows.concurrency) }) : skipped;
    if (aiProbes.state === 'ok') notes.push(...aiProbes.value.notes);
    // AI features found, not assumed: found without an ai: section, the coverage block says they were not tested.
    const aiFeatures = detectAiFeatures({ repo, secretScan, openapi, configured: config.ai !== undefined });
    const aiFound = aiFeatures.state === 'ok' && aiFeatures.value.signals.length ? describeAiFeatures(aiFeatures.value.signals) : undefined;
    ctx.setup = { ...ctx.setup!, ai: { configured: config.ai !== undefined, ...(aiFound ? { found: aiFound } : {}) } };
    if (!config.ai && !aiFound) aiProbes = ok(absentAi());

    client.budget.enterPhase('edge');
    phase('checking DNS, mail, TLS and redirects');
    // Issue 12: with no mail domain configured, the app URL's own domain is the one spoofed mail would claim.
    const appHost = config.domains.mail || config.domains.apex ? undefined : publicHost(env.appUrl);
    const guessedMail = appHost ? apexOf(appHost, [appHost]) : undefined;
    if (guessedMail) notes.push(`mail records were checked on ${guessedMail}, the domain of the app URL (a guess: set domains.mail to the domain your app sends email from)`);
    const edge = !want('dns', 'mail', 'tls', 'edgeHttp')
      ? { dns: skipped, mail: skipped, tls: skipped, edgeHttp: skipped }
      : await gatherEdge({
      config: guessedMail ? { ...config, domains: { ...config.domains, mail: guessedMail } } : config,
      environment: target.name,
      dnsServer,
      timeoutMs: net.timeoutMs,
      ca,
      client,
      authenticatedResponses:
        unauthProbes.state === 'ok' ? unauthProbes.value.probes.flatMap((p) => (p.baseline ? [p.baseline] : [])) : [],
    });
    // Last, so the app's log sample includes this run's own requests.
    phase('reading the monitor config and app logs');
    const monitoring = want('monitoring') ? await gatherMonitoring({ config, baseDir: loaded.baseDir }) : skipped;

    const dns = edge.dns;
    const domains =
      dns.state === 'ok'
        ? domainMapFromDns(dns.value)
        : configuredHosts(config).map((h) => ({ name: h.name, role: h.roles.join(', '), environments: h.environments, points: [`(DNS: ${dns.reason})`] }));

    // The audit must leave the app working: the reads that worked are sent again (issue 10).
    client.budget.enterPhase('final reads');
    phase('replaying the baseline reads');
    const finalReads = await replayBaselineReads(client, sessions);
    notes.push(...sideEffects(client.ledger.all(), finalReads));
    // Every check of the target waits for the liveness watch to finish (a replay in progress, a wait for recovery).
    await client.liveness.settle();
    const slowOperations = [...client.slowOperations].map(([operation, notSent]) => ({ operation, notSent }));
    for (const s of slowOperations) notes.push(`${s.operation} timed out twice and was skipped for the rest of the run (${s.notSent} more requests not sent)`);
    const liveness = ok({ ...client.liveness.evidence(), finalReads, budgetRanOut: client.budget.ranOut, slowOperations, htmlForJson: client.answerShapes.evidence() });
    return {
      format: RECORD_FORMAT,
      gatheredAt: new Date().toISOString(),
      ctx,
      evidence: {
        repo,
        openapi,
        httpProbes,
        unauthProbes,
        ...edge,
        accessProbes,
        monitoring,
        secretScan,
        aiProbes,
        aiFeatures,
        liveness,
        handover: gatherHandover(loaded, { repoRoot: resolveFromConfig(loaded, config.repo.path), target: target.name, dnsServer }),
      },
      map: { domains, environments: environmentMap(config, target.name) },
      ledger: client.ledger.all(),
      notes,
    };
  } finally {
    await client.close();
  }
}
