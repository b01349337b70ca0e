// The release checklist: before the deploy, the deploy, right after it, and
// when and how to roll back. Each item carries what this audit already knows
// (done / open / cannot know) so the list arrives half filled in. Statuses
// come from check results and evidence, never from guessing: an item the
// audit could not see is "cannot know", with the reason.
import type { HttpExchange, Evidence } from '../evidence/types.js';
import type { ChecklistItem, ChecklistSection, ChecklistStatus, CheckResult, Fix } from './model.js';

const okValue = <T>(g: { state: string; value?: T } | undefined): T | undefined => (g?.state === 'ok' ? g.value : undefined);
const is2xx = (s: unknown): boolean => typeof s === 'number' && s >= 200 && s < 300;

export const SMOKE_COMMAND = 'launchready audit --environment production --only smoke';

/** One item's status from the checks that decide it: all pass → done, any finding → open, else cannot know. */
function fromChecks(checks: readonly CheckResult[], ids: readonly string[], item: string, command?: string): ChecklistItem {
  const found = ids.map((id) => checks.find((c) => c.id === id)).filter((c): c is CheckResult => Boolean(c));
  if (found.length === 0) return { item, status: 'cannot-know', detail: 'not checked in this run', command, checkIds: [...ids] };
  const failing = found.filter((c) => c.status === 'fail' || c.status === 'warn');
  const unknown = found.filter((c) => c.status === 'not-tested' || c.status === 'error');
  let status: ChecklistStatus;
  let detail: string;
  if (failing.length) {
    status = 'open';
    const titles = failing.flatMap((c) => c.findings.map((f) => f.title));
    detail = `${titles.slice(0, 4).join('; ')}${titles.length > 4 ? `; and ${titles.length - 4} more` : ''}`;
  } else if (unknown.length) {
    status = 'cannot-know';
    detail = unknown.map((c) => `${c.id}: ${c.reason ?? c.status}`).join('; ');
  } else {
    status = 'done';
    detail = found.map((c) => c.reason ?? `${c.id} passed`).join('; ');
  }
  return { item, status, detail, command: command ?? `launchready audit --only ${ids.join(',')}`, checkIds: found.map((c) => c.id) };
}

function envExampleItem(evidence: Partial<Evidence>): ChecklistItem {
  const item = 'Every variable of .env.example is set for production';
  const repo = okValue(evidence.repo);
  const example = repo?.envFiles.find((f) => f.tier === 'example');
  const prod = repo?.envFiles.filter((f) => f.tier === 'production' || f.environments?.includes('production')) ?? [];
  if (!repo) return { item, status: 'cannot-know', detail: 'the repository was not read in this run' };
  if (!example) return { item, status: 'cannot-know', detail: 'no .env.example in the repository: add one listing every variable (placeholders only)' };
  if (prod.length === 0) {
    return { item, status: 'cannot-know', detail: `production's values are not in the repository (they live in the platform): compare them with ${example.path}'s ${example.entries.length} keys by hand` };
  }
  const set = new Set(prod.flatMap((f) => f.entries.filter((e) => !e.empty).map((e) => e.key)));
  const missing = example.entries.map((e) => e.key).filter((k) => !set.has(k));
  return missing.length
    ? { item, status: 'open', detail: `not set in ${prod.map((f) => f.path).join(', ')}: ${missing.join(', ')}` }
    : { item, status: 'done', detail: `all ${example.entries.length} keys of ${example.path} are set in ${prod.map((f) => f.path).join(', ')}` };
}

function pageItem(item: string, ex: HttpExchange | undefined, ok: (s: number) => boolean): ChecklistItem {
  if (!ex) return { item, status: 'cannot-know', detail: 'not requested in this run', command: SMOKE_COMMAND };
  const s = ex.response?.status;
  return s !== undefined && ok(s)
    ? { item, status: 'done', detail: `${ex.request.url} answered ${s} during this audit; repeat right after the deploy`, command: SMOKE_COMMAND, checkIds: ['critical-page-unavailable'] }
    : { item, status: 'open', detail: `${ex.request.url} ${s === undefined ? `did not answer (${ex.error ?? 'no response'})` : `answered ${s}`}`, command: SMOKE_COMMAND, checkIds: ['critical-page-unavailable'] };
}

function signedInReadsItem(evidence: Partial<Evidence>): ChecklistItem {
  const item = 'One signed-in read works for every role';
  const access = okValue(evidence.accessProbes);
  if (!access || access.roles.length === 0) return { item, status: 'cannot-know', detail: 'no roles are configured under auth.roles, or the access probes did not run' };
  const per = access.roles.map((r) => {
    if (r.loginError) return { role: r.name, ok: false, what: `login failed: ${r.loginError}` };
    // Any GET this role made with its own session that succeeded, in any probe family.
    const read = access.trials
      .flatMap((t) => t.steps)
      .map((s) => s.exchange)
      .find((x) => x.request.role === r.name && x.request.method === 'GET' && is2xx(x.response?.status));
    return read
      ? { role: r.name, ok: true, what: `GET ${new URL(read.request.url).pathname} ${read.response!.status}` }
      : { role: r.name, ok: false, what: 'no signed-in read succeeded' };
  });
  const bad = per.filter((p) => !p.ok);
  return {
    item,
    status: bad.length ? 'open' : 'done',
    detail: per.map((p) => `${p.role}: ${p.what}`).join('; '),
    command: 'launchready audit --environment production --only function-level-authorization-missing',
  };
}

function rollbackTrigger(checks: readonly CheckResult[]): ChecklistItem {
  const item = 'Roll back when the smoke check fails, any role cannot sign in, or 5xx errors rise in the first hour';
  const pipeline = checks.find((c) => c.id === 'no-deployment-pipeline');
  const command = `${SMOKE_COMMAND} || <rollback command>`;
  if (pipeline?.status === 'pass') {
    return { item, status: 'done', detail: `a deployment pipeline is committed (${pipeline.reason ?? 'found'}); make sure it runs the smoke check and rolls back on failure`, command };
  }
  return {
    item,
    status: pipeline?.status === 'fail' ? 'open' : 'cannot-know',
    detail: 'no pipeline runs the smoke check after a deploy yet: `launchready ci --provider github --deploy "…" --rollback "…"` writes one that rolls back by itself',
    command,
  };
}

export interface ChecklistInput {
  checks: readonly CheckResult[];
  fixes: readonly Fix[];
  evidence?: Partial<Evidence>;
}

export function buildReleaseChecklist(input: ChecklistInput): ChecklistSection[] {
  const { checks } = input;
  const e = input.evidence ?? {};
  const first = input.fixes.filter((f) => f.triage === 'fix-first' && !f.accepted);
  const probes = okValue(e.httpProbes);
  const handover = okValue(e.handover);
  const rollbackWritten = Boolean(handover?.rollback.length);
  return [
    {
      id: 'before',
      title: 'Before the deploy',
      items: [
        {
          item: 'Nothing is left to fix first',
          status: first.length ? 'open' : 'done',
          detail: first.length ? `${first.length} fix${first.length === 1 ? '' : 'es'} first: ${first.map((f) => f.title).slice(0, 3).join('; ')}${first.length > 3 ? '…' : ''}` : 'the audit found nothing that blocks the launch',
          command: 'launchready audit',
        },
        fromChecks(checks, ['migration-not-reversible'], 'Every migration is reversible or safe to rerun'),
        {
          item: 'A fresh backup exists and has been restored once',
          status: 'cannot-know',
          detail: 'the audit cannot see the database host: take a backup right before the deploy and restore it to staging once',
        },
        envExampleItem(e),
        fromChecks(checks, ['secret-shared-between-environments'], 'No production value is copied from staging'),
        fromChecks(checks, ['debug-enabled-in-production', 'test-credentials-in-production'], 'No debug flags or test credentials in production'),
        fromChecks(checks, ['webhook-points-outside-production'], 'Webhooks and callbacks point at production'),
      ],
    },
    {
      id: 'deploy',
      title: 'The deploy',
      items: [
        fromChecks(checks, ['no-deployment-pipeline'], 'Deploy through the committed pipeline, not by hand', 'launchready ci --provider github --deploy "<your deploy command>"'),
        {
          item: 'Note the release being replaced, so rollback knows where to go back to',
          status: 'cannot-know',
          detail: 'write down the current release tag or image before deploying',
        },
      ],
    },
    {
      id: 'after',
      title: 'Right after the deploy',
      items: [
        pageItem('The home page answers', probes?.appHome, (s) => s < 400),
        pageItem('The login page answers', probes?.loginPage, (s) => s < 400),
        pageItem('The health endpoint answers 2xx', probes?.apiHealth, (s) => s >= 200 && s < 300),
        signedInReadsItem(e),
        fromChecks(checks, ['spf-allows-any-sender', 'spf-missing', 'dmarc-missing', 'dkim-selector-missing', 'dkim-key-too-weak'], 'Mail DNS is unchanged and passes (SPF, DKIM, DMARC)', 'launchready audit --only mail'),
      ],
    },
    {
      id: 'rollback',
      title: 'When and how to roll back',
      items: [
        rollbackTrigger(checks),
        {
          item: 'Rollback steps are written down',
          status: rollbackWritten ? 'done' : 'open',
          detail: rollbackWritten ? handover!.rollback.map((s, i) => `${i + 1}. ${s}`).join(' ') : 'handover.rollback is empty in launchready.yml: write the steps before launch',
        },
        fromChecks(checks, ['migration-not-reversible'], 'The release\'s migrations can be undone'),
      ],
    },
  ];
}
