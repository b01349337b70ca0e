// The handover document's content: what the next person on call needs to run,
// renew, rotate and roll back the app without asking. Built once from the
// evidence and the config (people, rollback, monitoring), then only printed.
// Every value comes from this run; where the audit saw nothing it says so.
import type { DnsEvidence, EdgeHttpEvidence, MailEvidence, TlsEvidence, TlsHostEvidence } from '../evidence/edge-types.js';
import type { HandoverEvidence } from '../evidence/handover-types.js';
import type { MonitoringEvidence } from '../evidence/monitor-types.js';
import type { Evidence, RepoEvidence } from '../evidence/types.js';
import type { SecretScanEvidence } from '../evidence/secret-scan-types.js';
import { caaDomainsFor } from '../checks/support/ca-identities.js';
import type { CheckResult, DomainMapEntry, Fix, Handover, HandoverDomain, HandoverEnvVar, HandoverIncident, HandoverTls } from './model.js';
import { PROVIDERS, providerOf, type ProviderId } from './rotation.js';

const okValue = <T>(g: { state: string; value?: T } | undefined): T | undefined => (g?.state === 'ok' ? g.value : undefined);

const PURPOSE: Record<string, string> = {
  app: 'where people open the app',
  api: 'the API the app and integrations call',
  mail: 'sends the app\'s email (SPF, DKIM and DMARC live here)',
  apex: 'the bare domain; should redirect to the app',
  www: 'the www name; should redirect to the canonical host',
  redirect: 'an old address that must keep redirecting (legacy)',
  extra: 'another name served by the same setup (legacy or marketing)',
  environment: 'an environment\'s own host',
};

function purposeOf(roles: readonly string[], environments: readonly string[]): string {
  const parts = roles.filter((r) => r !== 'environment' || roles.length === 1).map((r) => PURPOSE[r] ?? r);
  const envs = environments.length ? ` (${environments.join(', ')})` : '';
  return `${parts.join('; ') || 'configured host'}${envs}`;
}

function domainsOf(dns: DnsEvidence | undefined, mail: MailEvidence | undefined, edge: EdgeHttpEvidence | undefined, map: DomainMapEntry[]): HandoverDomain[] {
  const cdnOf = (host: string) => edge?.cdn.find((c) => c.host === host)?.provider;
  if (!dns) {
    return map.map((d) => ({
      name: d.name,
      roles: d.role.split(/,\s*/),
      purpose: purposeOf(d.role.split(/,\s*/), d.environments),
      environments: d.environments,
      records: d.points ?? [],
      cdn: cdnOf(d.name),
    }));
  }
  return dns.hosts.map((h) => {
    const records = [
      ...h.cnameChain.map((c) => `CNAME ${c}`),
      ...h.a.records.map((a) => `A ${a}`),
      ...h.aaaa.records.map((a) => `AAAA ${a}`),
    ];
    if (records.length === 0) records.push(`(no address: ${h.a.status})`);
    if (h.caa.foundAt === h.name) records.push(...h.caa.records.map((c) => `CAA ${c.critical} ${c.tag} "${c.value}"`));
    if (mail && mail.domain === h.name) {
      records.push(...mail.mx.records.map((m) => `MX ${m.priority} ${m.exchange}`));
      records.push(...mail.spf.records.map((r) => `TXT "${r}"`));
      records.push(...mail.dmarc.records.map((r) => `TXT _dmarc "${r}"`));
      for (const k of mail.dkim) records.push(...(k.records.length ? k.records.map((r) => `TXT ${k.selector}._domainkey "${r.length > 60 ? `${r.slice(0, 57)}…` : r}"`) : [`(no DKIM key at ${k.selector}._domainkey)`]));
      if (mail.dmarc.records.length === 0) records.push('(no DMARC record at _dmarc)');
    }
    return { name: h.name, roles: h.roles, purpose: purposeOf(h.roles, h.environments), environments: h.environments, records, cdn: cdnOf(h.name) };
  });
}

// CAs that issue through ACME, so renewal can be automatic (certbot, Caddy,
// the CDN or platform). Matched on the issuer's organisation and name.
const ACME_ISSUERS = /let'?s encrypt|isrg|zerossl|google trust services|buypass|ssl\.com|amazon|cloudflare/i;

function tlsOf(tls: TlsEvidence | undefined, dns: DnsEvidence | undefined, now: Date): HandoverTls[] {
  if (!tls) return [];
  return tls.hosts.map((h: TlsHostEvidence) => {
    const leaf = h.chain[0];
    if (h.status !== 'ok' || !leaf) {
      return { host: h.host, renewal: 'unknown' as const, how: [`No certificate was read (${h.error ?? h.status}); check the host serves HTTPS, then rerun \`launchready audit --only tls-certificate-expiring\`.`] };
    }
    const issuer = leaf.issuerOrg ?? leaf.issuer;
    const daysLeft = Math.floor((Date.parse(leaf.validTo) - now.getTime()) / 86_400_000);
    const caa = dns?.hosts.find((d) => d.name === h.host)?.caa;
    const issueTags = (caa?.records ?? []).filter((r) => r.tag === 'issue' || r.tag === 'issuewild').map((r) => r.value.split(';')[0]!.trim().toLowerCase());
    const acme = ACME_ISSUERS.test(`${leaf.issuerOrg ?? ''} ${leaf.issuer}`);
    const allowed = issueTags.length === 0 || caaDomainsFor(leaf).some((d) => issueTags.includes(d));
    const sans = leaf.subjectAltNames.map((n) => n.replace(/^DNS:/, ''));
    const names = sans.join(', ') || h.host;
    // Steps name the certificate, not the host, so hosts sharing one certificate share one set of steps.
    const primary = sans[0] ?? h.host;
    const verify = '`launchready audit --only tls-certificate-expiring,tls-certificate-untrusted,tls-hostname-mismatch`';
    if (acme && allowed) {
      return {
        host: h.host,
        issuer,
        expires: leaf.validTo,
        daysLeft,
        renewal: 'automatic' as const,
        how: [
          `${issuer} issues through ACME${issueTags.length ? ` and CAA allows it (${issueTags.join(', ')})` : ' and no CAA record restricts it'}: renewal is automatic where the ACME client runs (the platform, CDN, Caddy or certbot's timer).`,
          `Confirm the client is running and renews ${leaf.lifetimeDays <= 100 ? 'about 30 days before expiry' : 'before expiry'}; the monitor warns ${'14'} days ahead.`,
          `After a renewal: ${verify}.`,
        ],
      };
    }
    const why = !acme
      ? `${issuer} is not an ACME issuer this tool knows, so nothing renews it automatically`
      : `CAA (${issueTags.join(', ')}) does not allow ${issuer}, so its renewal will be refused`;
    return {
      host: h.host,
      issuer,
      expires: leaf.validTo,
      daysLeft,
      renewal: 'manual' as const,
      how: [
        `${why}. Renew by hand:`,
        `Create a key and CSR for ${names}: \`openssl req -new -newkey rsa:2048 -nodes -keyout ${primary}.key -out ${primary}.csr -subj "/CN=${primary}" -addext "subjectAltName=${leaf.subjectAltNames.join(',') || `DNS:${h.host}`}"\`.`,
        `Have ${issuer} sign it${issueTags.length ? ` (CAA allows: ${issueTags.join(', ')})` : ''}, then install the certificate with its full chain on the server or load balancer serving port ${h.port} and reload it.`,
        `Check it: ${verify}.`,
        `Better: move to an ACME issuer${issueTags.length ? ` that CAA allows (${issueTags.join(', ')})` : ''} so renewal is automatic.`,
      ],
    };
  });
}

function envVarsOf(repo: RepoEvidence | undefined, scan: SecretScanEvidence | undefined, h: HandoverEvidence | undefined): HandoverEnvVar[] {
  const configured = new Map((h?.envVars ?? []).map((v) => [v.name, v]));
  const envNames = h?.environments.map((e) => e.name) ?? [...new Set(repo?.envFiles.flatMap((f) => f.environments ?? []) ?? [])];
  const names = new Set<string>(configured.keys());
  for (const i of repo?.inventory ?? []) if (!i.platform) names.add(i.name);
  for (const f of repo?.envFiles ?? []) if (f.environments?.length) for (const e of f.entries) names.add(e.key);
  const found = [...(okValue(scan?.tree) ?? { findings: [] }).findings];
  const out: HandoverEnvVar[] = [];
  for (const name of [...names].sort()) {
    const environments: HandoverEnvVar['environments'] = {};
    let secret = false;
    let category: string | undefined;
    let urlHost: string | undefined;
    for (const env of envNames) {
      const files = (repo?.envFiles ?? []).filter((f) => f.environments?.includes(env));
      const entry = files.flatMap((f) => f.entries.filter((e) => e.key === name).map((e) => ({ f, e })))[0];
      environments[env] = !entry ? 'missing' : entry.e.empty ? 'empty' : 'set';
    }
    for (const f of repo?.envFiles ?? []) {
      for (const e of f.entries.filter((x) => x.key === name)) {
        secret ||= Boolean(e.secret);
        urlHost ??= e.hints?.urlHost;
        category ??= found.find((s) => s.path === f.path && s.line === e.line)?.category;
      }
    }
    const provider: ProviderId = providerOf(name, category, urlHost);
    const p = PROVIDERS[provider];
    const c = configured.get(name);
    out.push({
      name,
      environments,
      owner: c?.owner,
      rotation: c?.rotation,
      provider,
      secret: secret || provider !== 'generic',
      steps: p.steps(name),
      breaks: p.breaks,
    });
  }
  return out;
}

function monitoringOf(m: MonitoringEvidence | undefined, h: HandoverEvidence | undefined): Handover['monitoring'] {
  const channel = (name: string) => `${name} (${m?.channels.find((c) => c.name === name)?.type ?? 'unknown channel'})`;
  return {
    dashboardUrl: h?.monitor.dashboardUrl,
    checks: (m?.checks ?? []).map((c) => ({ name: c.name, url: c.url, covers: c.covers })),
    alerts: (['critical', 'warning', 'info'] as const).map((severity) => ({ severity, channels: (m?.routes[severity] ?? []).map(channel) })),
    recipients: h?.alertRecipients ?? [],
    command: 'launchready monitor --config launchready.yml',
  };
}

const DEFAULT_ROLLBACK = [
  'Redeploy the previous release (the last tag or image that passed the smoke check).',
  'If the release ran a migration, run its down migration, or restore the backup taken before the deploy.',
  'Run `launchready audit --environment production --only smoke` and check the login page by hand.',
  'Tell the team and customers the rollback is done.',
];

function mailVerificationOf(h: HandoverEvidence | undefined, mail: MailEvidence | undefined): Handover['mailVerification'] {
  const domain = h?.mailDomain ?? mail?.domain;
  if (!domain) return { commands: [] };
  const server = h?.dnsServer ?? mail?.dnsServer ?? 'system';
  const at = server === 'system' ? '' : (() => {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(server);
    return m ? ` @${m[1]} -p ${m[2]}` : ` @${server}`;
  })();
  const selectors = h?.dkimSelectors.length ? h.dkimSelectors : (mail?.dkim.map((k) => k.selector) ?? []);
  return {
    domain,
    commands: [
      'launchready audit --only mail',
      `dig +short TXT ${domain}${at}`,
      `dig +short TXT _dmarc.${domain}${at}`,
      ...selectors.map((s) => `dig +short TXT ${s}._domainkey.${domain}${at}`),
      `dig +short MX ${domain}${at}`,
    ],
  };
}

/** The common launch-week failures: how each looks on the monitor dashboard, and the first three steps. */
export const INCIDENTS: readonly HandoverIncident[] = [
  {
    failure: 'Site down',
    shows: 'The home or health uptime check turns red under "Uptime checks", an incident opens under "Open incidents" and a critical alert goes out.',
    firstSteps: [
      'Open the home page and /health yourself, from outside your network, to confirm.',
      'If a deploy went out in the last hour, roll back (see Rollback) before debugging.',
      'Otherwise read the app and proxy logs for the first error, and check the hosting provider\'s status page.',
    ],
  },
  {
    failure: 'Login failing',
    shows: 'The login uptime check turns red, "Errors (5xx)" rises on the login flow, or "Failed logins" jumps.',
    firstSteps: [
      'Sign in with a test account of each role to see whether every login fails or only some.',
      'Many failed logins from few addresses is credential stuffing: tighten the rate limit; 5xx on login is a bug or a database outage: check the logs and /health.',
      'If it started with a deploy or a rotated SESSION_SECRET or database URL, roll back or restore the previous value.',
    ],
  },
  {
    failure: 'Reset emails bouncing',
    shows: '"Email bounce rate" goes over 5% and a warning alert goes out.',
    firstSteps: [
      'Run the mail verification commands below: SPF, DKIM and DMARC must still be published and pass.',
      'Check the mail provider\'s dashboard for the bounce reason (suppressed address, blocked domain, invalid key).',
      'If a DNS change or a rotated MAIL_API_KEY preceded it, restore the previous record or key.',
    ],
  },
  {
    failure: 'Certificate expiring',
    shows: 'A TLS warning alert ("certificate expires in N days") arrives before expiry; after it, the uptime checks fail with a certificate error.',
    firstSteps: [
      'Look the host up in the TLS table below: automatic renewal means the ACME client failed; manual means renew now.',
      'Renew and install the certificate, with its full chain.',
      'Run `launchready audit --only tls-certificate-expiring,tls-certificate-untrusted` to confirm.',
    ],
  },
  {
    failure: 'Error spike',
    shows: '"Errors (5xx)" rises against the previous hour and a threshold alert fires; p95 latency often rises with it.',
    firstSteps: [
      'Check whether a deploy or config change happened just before; if so, roll back first.',
      'Read the logs for the most common error and the route it comes from.',
      'Check the database and third-party status pages (payments, email) the failing route depends on.',
    ],
  },
  {
    failure: 'Webhook retries piling up',
    shows: '"Webhook retries" climbs on the dashboard (deliveries that needed another try).',
    firstSteps: [
      'Check the webhook URL registered at the provider points at production and answers 2xx.',
      'Check the signing secret in production matches the provider\'s (a rotated secret makes every delivery fail).',
      'Fix, then replay the failed deliveries from the provider\'s dashboard.',
    ],
  },
];

// What no run of this tool can see, whatever the config says.
const NEVER_TESTED: readonly { what: string; why: string }[] = [
  { what: 'Backups and restores', why: 'the audit cannot see the database host; restore a backup to staging once before launch' },
  { what: 'Business rules beyond the policy', why: 'only the operations and roles in launchready.yml and the API document were probed' },
  { what: 'Third-party dashboards and who can reach them', why: 'payment, email and hosting accounts are outside the audit; review their members and 2FA by hand' },
];

export interface HandoverInput {
  checks: readonly CheckResult[];
  fixes: readonly Fix[];
  evidence?: Partial<Evidence>;
  map: { domains: DomainMapEntry[]; environments: { name: string; appUrl?: string; apiUrl?: string; audited: boolean }[] };
  project: string;
  now: Date;
}

export function buildHandover(input: HandoverInput): Handover {
  const e = input.evidence ?? {};
  const h = okValue(e.handover);
  const dns = okValue(e.dns);
  const mail = okValue(e.mail);
  const rollback = h?.rollback.length ? h.rollback : DEFAULT_ROLLBACK;
  const notTested = input.checks
    .filter((c) => c.status === 'not-tested' || c.status === 'error')
    .map((c) => ({ what: `${c.title} (${c.id})`, why: `${c.status === 'error' ? 'error: ' : ''}${c.reason ?? 'no reason recorded'}` }));
  return {
    project: input.project,
    environments: input.map.environments.map((x) => ({ name: x.name, appUrl: x.appUrl, apiUrl: x.apiUrl, audited: x.audited })),
    domains: domainsOf(dns, mail, okValue(e.edgeHttp), input.map.domains),
    tls: tlsOf(okValue(e.tls), dns, input.now),
    envVars: envVarsOf(okValue(e.repo), okValue(e.secretScan), h),
    monitoring: monitoringOf(okValue(e.monitoring), h),
    rollback: h?.rollback.length ? rollback : [...rollback, '(handover.rollback is empty in launchready.yml: these are generic steps; write your own)'],
    mailVerification: mailVerificationOf(h, mail),
    incidents: [...INCIDENTS],
    notTested: [...notTested, ...NEVER_TESTED],
    weekTwo: input.fixes
      .filter((f) => !f.accepted && f.triage !== 'fix-first')
      .map((f) => ({ fixId: f.id, title: f.title, triage: f.triage, size: f.size, verify: f.verify })),
  };
}
