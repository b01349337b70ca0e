// The launch sprint's deliverables for the vulnerable demo, as a founder gets
// them from `launchready demo --out`: handover.md and release-checklist.md are
// read back and compared with the demo's real values (its config, the report
// the same run wrote); the SARIF validates with format checks on; the HTML's
// links resolve offline; `launchready handover --from-report` writes the same.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ChecklistStatus, Report } from '../../src/report/model.js';
import { runCli, REPO_ROOT, type CliResult } from '../helpers/run-cli.js';
import { validateSarif } from '../helpers/sarif.js';

let tmp: string;
let cli: CliResult;
let report: Report;
let handover: string;
let checklist: string;
const demoConfig = parse(readFileSync(path.join(REPO_ROOT, 'demo/launchready.yml'), 'utf8')) as {
  handover: { envVars: { name: string; owner: string; rotation?: string }[]; alertRecipients: string[]; rollback: string[] };
  domains: Record<string, unknown>;
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-deliverables-'));
  cli = await runCli(['demo', '--mode', 'vulnerable', '--out', path.join(tmp, 'out')], { timeoutMs: 150_000 });
  report = JSON.parse(await readFile(path.join(tmp, 'out', 'report.json'), 'utf8')) as Report;
  handover = await readFile(path.join(tmp, 'out', 'handover.md'), 'utf8');
  checklist = await readFile(path.join(tmp, 'out', 'release-checklist.md'), 'utf8');
}, 200_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The rows of the first Markdown table after a heading, as cells with the escapes undone. */
function tableAfter(md: string, heading: string): string[][] {
  const at = md.indexOf(heading);
  expect(at, heading).toBeGreaterThan(-1);
  const lines = md.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\(.)/g, '$1')));
  }
  return rows.slice(2);
}

/** A section of a Markdown document: from its heading to the next heading of the same level. */
function section(md: string, heading: string): string {
  const level = heading.match(/^#+/)![0];
  const at = md.indexOf(`${heading}\n`);
  expect(at, heading).toBeGreaterThan(-1);
  const rest = md.slice(at + heading.length);
  const end = rest.search(new RegExp(`\\n${level} `));
  return end === -1 ? rest : rest.slice(0, end);
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

describe('the vulnerable demo writes the deliverables', () => {
  it('writes every report file and names the full report in the terminal', () => {
    expect(cli.stderr).not.toMatch(/internal error/);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(report.verdictLine);
    expect(cli.stdout).toMatch(/Full report: .*report\.html/);
    expect(cli.stdout).toMatch(/handover\.md/);
    expect(cli.stdout).toMatch(/release-checklist\.md/);
    // The terminal is the verdict, coverage and fix list, not every check.
    expect(cli.stdout.split('\n').length).toBeLessThan(300);
  });
});

describe('handover.md', () => {
  it('names every domain with what it does, its DNS records and its CDN', () => {
    const domains = section(handover, '## Domains');
    for (const key of ['apex', 'www', 'app', 'api', 'mail'] as const) expect(domains).toContain(`### ${unescape(String(demoConfig.domains[key]))}`);
    const apex = section(domains, '### acme.test');
    expect(apex).toContain('sends the app\'s email');
    expect(apex).toContain('`MX 10 mail.acme.test`');
    expect(apex).toContain('`TXT "v=spf1 +all"`');
    expect(apex).toContain('`CAA 0 issue "letsencrypt.org"`');
    expect(apex).toContain('(no DMARC record at _dmarc)');
    expect(section(domains, '### app.acme.test')).toContain('where people open the app (production)');
    expect(section(domains, '### api.acme.test')).toContain('the API the app and integrations call');
    expect(section(domains, '### www.acme.test')).toContain('an old address that must keep redirecting (legacy)');
    expect(domains).toContain('**CDN:** none recognised');
    for (const d of report.handover!.domains) for (const r of d.records) expect(section(domains, `### ${d.name}`)).toContain(r.slice(0, 40));
  });

  it('gives TLS per host with the real issuer, expiry and how it renews', () => {
    const rows = tableAfter(handover, '## TLS certificates and renewal');
    expect(rows.map((r) => r[0])).toEqual(report.handover!.tls.map((t) => t.host));
    for (const r of rows) {
      const t = report.handover!.tls.find((x) => x.host === r[0])!;
      expect(r).toEqual([t.host, 'launchready demo', t.expires, String(t.daysLeft), 'manual']);
      // The demo's certificate expires within days: the checks said so too.
      expect(t.daysLeft).toBeLessThan(14);
    }
    // Not an ACME issuer: manual steps, with a CSR for the certificate's names.
    expect(handover).toContain('is not an ACME issuer this tool knows');
    expect(handover).toContain('openssl req -new -newkey rsa:2048');
    expect(handover).toContain('subjectAltName=DNS:acme.test');
  });

  it('lists every env var per environment with the owner and rotation note from the config', () => {
    const rows = tableAfter(handover, '## Environment variables');
    const byName = new Map(rows.map((r) => [r[0], r]));
    for (const v of demoConfig.handover.envVars) {
      const r = byName.get(v.name)!;
      expect(r, v.name).toBeDefined();
      expect(r[3]).toBe(v.owner);
      expect(r[5]).toBe(v.rotation);
      expect(r.slice(1, 3)).toEqual(['set', 'set']);
    }
    // Kinds as the secret engine recognised them; the Slack token the code reads is set nowhere.
    expect(byName.get('DATABASE_URL')![4]).toBe('database');
    expect(byName.get('PAYMENTS_SECRET_KEY')![4]).toBe('payment');
    expect(byName.get('MAIL_API_KEY')![4]).toBe('email');
    expect(byName.get('SESSION_SECRET')![4]).toBe('session');
    expect(byName.get('SLACK_BOT_TOKEN')!.slice(1, 5)).toEqual(['missing', 'missing', 'no owner named', 'chat']);
    expect(byName.get('DEBUG')![4]).toBe('generic (not secret)');
    // Rotation steps and what breaks, per provider.
    const rotate = section(handover, '### Rotating each secret');
    expect(section(rotate, '#### PAYMENTS\\_SECRET\\_KEY (payment)')).toMatch(/Roll the key in the payment provider's dashboard[\s\S]*\*\*What breaks:\*\* Charges, refunds/);
    expect(section(rotate, '#### MAIL\\_API\\_KEY (email)')).toContain('password-reset emails stop sending');
    expect(section(rotate, '#### DATABASE\\_URL (database)')).toContain('drop the old user');
    expect(section(rotate, '#### SLACK\\_BOT\\_TOKEN (chat)')).toContain('Notifications and alerts to chat stop');
    // Never a value.
    expect(handover).not.toMatch(/postgres:\/\/[^`\s]*:[^`\s]*@/);
    expect(handover).not.toMatch(/sk_(live|test)_[A-Za-z0-9]{8,}/);
  });

  it('says where monitoring lives and who gets which alerts', () => {
    const m = section(handover, '## Monitoring and alerts');
    expect(m).toContain('**Dashboard:** http://127.0.0.1:9464/');
    expect(m).toContain(`**People who get alerts:** ${demoConfig.handover.alertRecipients.join(', ')}`);
    expect(tableAfter(m, '| Severity')).toEqual([
      ['critical', 'chat (slack)'],
      ['warning', 'chat (slack)'],
      ['info', 'nobody'],
    ]);
    expect(tableAfter(m, '| Check').map((r) => r[0])).toEqual(['home', 'login', 'health']);
  });

  it('has the config\'s rollback steps, verbatim and in order', () => {
    const steps = section(handover, '## Rollback').trim().split('\n').map((l) => unescape(l.replace(/^\d+\. /, '')));
    expect(steps).toEqual(demoConfig.handover.rollback);
    expect(steps.at(-1)).toContain('#acme-ops');
  });

  it('says how to verify mail authentication after a DNS change, with the command', () => {
    const mail = section(handover, '## Verifying mail authentication after a DNS change');
    expect(mail).toContain('launchready audit --only mail');
    expect(mail).toMatch(/dig \+short TXT _dmarc\.acme\.test @127\.0\.0\.1 -p \d+/);
    expect(mail).toMatch(/dig \+short TXT s1\._domainkey\.acme\.test @127\.0\.0\.1 -p \d+/);
  });

  it('has incident notes for the six common failures, each with the dashboard sign and three steps', () => {
    const notes = section(handover, '## Incident notes');
    for (const failure of ['Site down', 'Login failing', 'Reset emails bouncing', 'Certificate expiring', 'Error spike', 'Webhook retries piling up']) {
      const s = section(notes, `### ${failure}`);
      expect(s).toContain('**On the dashboard:**');
      expect(s.match(/^\d+\. /gm)).toHaveLength(3);
    }
  });

  it('says what the audit could not test and lists week two in priority order', () => {
    const gaps = section(handover, '## What this audit could not test');
    for (const c of report.checks.filter((x) => x.status === 'not-tested' || x.status === 'error')) expect(gaps).toContain(`(${c.id})`);
    expect(gaps).toContain('Backups and restores');
    const week = section(handover, '## Week two');
    const titles = [...week.matchAll(/^\d+\. \*\*(.+?)\*\* \((launch now|defer), /gm)].map((m) => [unescape(m[1]!), m[2]]);
    const expected = report.fixes!.filter((f) => !f.accepted && f.triage !== 'fix-first').map((f) => [f.title, f.triage === 'defer' ? 'defer' : 'launch now']);
    expect(titles).toEqual(expected);
    expect(titles.length).toBeGreaterThan(3);
    // Launch-now items come before defer items.
    expect(titles.findIndex((t) => t[1] === 'defer')).toBeGreaterThan(titles.findLastIndex((t) => t[1] === 'launch now'));
  });

  it('is written the same by `launchready handover --from-report`', async () => {
    const out = path.join(tmp, 'again');
    const r = await runCli(['handover', '--from-report', path.join(tmp, 'out', 'report.json'), '--out', out]);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(out, 'handover.md'), 'utf8')).toBe(handover);
    expect(await readFile(path.join(out, 'release-checklist.md'), 'utf8')).toBe(checklist);
  });
});

describe('release-checklist.md', () => {
  const MARKS: Record<string, ChecklistStatus> = { '[x] done': 'done', '[ ] open': 'open', '[?] cannot know': 'cannot-know' };

  it('reads back as the checklist the report holds, section by section', () => {
    const sections = [...checklist.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['Before the deploy', 'The deploy', 'Right after the deploy', 'When and how to roll back']);
    const items = [...checklist.matchAll(/^- (\[.\] [a-z ]+): \*\*(.+?)\*\*/gm)].map((m) => ({ status: MARKS[m[1]!], item: unescape(m[2]!) }));
    expect(items).toEqual(report.releaseChecklist!.flatMap((s) => s.items.map((i) => ({ status: i.status, item: i.item }))));
  });

  it('is half filled in with what the demo audit knows', () => {
    const status = (item: string) => report.releaseChecklist!.flatMap((s) => s.items).find((i) => i.item === item)!;
    expect(status('Every migration is reversible or safe to rerun')).toMatchObject({ status: 'open' });
    expect(status('A fresh backup exists and has been restored once').status).toBe('cannot-know');
    expect(status('Every variable of .env.example is set for production')).toMatchObject({ status: 'open', detail: 'not set in .env.production: PORT' });
    expect(status('No production value is copied from staging').status).toBe('open');
    expect(status('No debug flags or test credentials in production').status).toBe('open');
    expect(status('Webhooks and callbacks point at production').detail).toContain('staging.acme.test');
    for (const page of ['The home page answers', 'The login page answers', 'The health endpoint answers 2xx']) expect(status(page).status, page).toBe('done');
    const reads = status('One signed-in read works for every role');
    expect(reads.status).toBe('done');
    for (const role of ['owner', 'staff', 'viewer', 'outsider']) expect(reads.detail).toMatch(new RegExp(`${role}: GET /\\S+ 200`));
    expect(status('Mail DNS is unchanged and passes (SPF, DKIM, DMARC)').status).toBe('open');
    expect(status('Rollback steps are written down').status).toBe('done');
    expect(checklist).toContain('`launchready audit --environment production --only smoke`');
  });
});

describe('reports that tools accept', () => {
  it('SARIF validates against SARIF 2.1.0 with format checks on, and every result has a location', async () => {
    const log = JSON.parse(await readFile(path.join(tmp, 'out', 'report.sarif'), 'utf8')) as Log;
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(report.checks.flatMap((c) => c.findings).length);
    for (const r of results) {
      expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.ruleId).toBeTruthy();
      expect(r.partialFingerprints?.['launchready/v1']).toMatch(/^[0-9a-f]{24}$/);
    }
    for (const rule of log.runs[0]!.tool.driver.rules!) expect(rule.helpUri).toMatch(/^https:\/\/.+\/docs\/checks\/[a-z0-9-]+\.md$/);
    // A URL finding points at the config line declaring its origin, with the URL as logical location.
    const open = results.find((r) => r.ruleId === 'unauthenticated-access')!;
    const loc = open.locations![0]!;
    expect(loc.physicalLocation!.artifactLocation!.uri).toMatch(/launchready\.yml$/);
    const configLines = readFileSync(path.join(REPO_ROOT, 'demo/launchready.yml'), 'utf8').split('\n');
    expect(configLines[loc.physicalLocation!.region!.startLine! - 1]).toMatch(/^\s+apiUrl: env:ACME_API_URL/);
    expect(loc.logicalLocations![0]).toMatchObject({ kind: 'resource', fullyQualifiedName: expect.stringMatching(/^https:\/\/api\.acme\.test:\d+\/api\//) });
    // A mail finding (no URL) points at the line declaring the mail domain.
    const spf = results.find((r) => r.ruleId === 'spf-allows-any-sender')!.locations![0]!;
    expect(configLines[spf.physicalLocation!.region!.startLine! - 1]).toMatch(/^\s+mail: acme\.test/);
  });

  it('HTML links all resolve offline: in-page anchors that exist, or absolute docs URLs', async () => {
    const html = await readFile(path.join(tmp, 'out', 'report.html'), 'utf8');
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(100);
    for (const href of hrefs) {
      if (href.startsWith('#')) expect(ids.has(href.slice(1)), href).toBe(true);
      else expect(href).toMatch(/^https:\/\//);
    }
    for (const c of report.checks) expect(ids.has(`doc-${c.id}`), c.id).toBe(true);
    expect(html).toContain('id="handover"');
    expect(html).toContain('id="checklist"');
    expect(html).toContain('id="fixes"');
  });
});
