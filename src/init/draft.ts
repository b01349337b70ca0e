// Drafts a commented launchready.yml from what detect.ts found. The draft is
// valid as written: every value it cannot know is an env: reference whose
// variable `init` prints as an `export` line, so `launchready audit` runs
// right after the user sets them. Every guess carries a comment saying where
// it came from.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ProjectFacts, UrlHint } from './detect.js';
import { apexOf, isLoopback, publicHost } from '../config/domain-guess.js';
import { policyLines, recordedLogin, recordedOrigin } from './from-traffic.js';
import { chooseLogin } from './login.js';
import type { Traffic } from '../target/har/traffic.js';

export interface DraftOptions {
  /** Folder the config will be written to (paths in it are relative to this). */
  configDir: string;
  /** Roles in the main tenant; an `outsider` in a second tenant is always added. */
  roles: readonly string[];
  /** Overrides what the env files say. */
  appUrl?: string;
  apiUrl?: string;
  /** The OpenAPI text of the chosen document, for commented policy lines. */
  openapiText?: string;
  /** HAR recordings read by `init --har` (issue 12): the login, the auth scheme and the policy are drafted from them. */
  traffic?: DraftTraffic;
  today?: Date;
}

/** What `init --har` learned from the recordings, with the files as the config will name them. */
export interface DraftTraffic {
  traffic: Traffic;
  /** Each recording's path relative to the config's folder, with its role. */
  files: { path: string; role?: string }[];
}

export interface EnvVarToSet {
  name: string;
  /** What to put in it, shown next to the export line. */
  hint: string;
}

export interface Draft {
  yaml: string;
  /** Every env: reference in the draft, in order. */
  exports: EnvVarToSet[];
  /** One line per decision, for the terminal summary. */
  summary: string[];
}

const q = (s: string): string => JSON.stringify(s);
const envName = (role: string, what: string): string => `LAUNCHREADY_${role.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${what}`;

interface EnvironmentDraft {
  name: string;
  appUrl?: UrlHint | { value: string; from: string };
  apiUrl?: UrlHint | { value: string; from: string };
  envFiles: string[];
}

const fromOf = (u: UrlHint | { value: string; from: string }): string => ('from' in u ? u.from : `${u.file}:${u.line} (${u.key})`);

const ENV_ORDER = ['production', 'staging', 'development', 'test'];

function environments(facts: ProjectFacts, opts: DraftOptions): EnvironmentDraft[] {
  const byName = new Map<string, EnvironmentDraft>();
  const get = (name: string) => byName.get(name) ?? (byName.set(name, { name, envFiles: [] }).get(name) as EnvironmentDraft);
  for (const f of facts.envFiles) if (f.environment) get(f.environment).envFiles.push(f.path);
  for (const u of facts.urls) {
    const env = facts.envFiles.find((f) => f.path === u.file)?.environment;
    if (!env) continue;
    const e = get(env);
    if (u.kind === 'app' && !e.appUrl) e.appUrl = u;
    if (u.kind === 'api' && !e.apiUrl) e.apiUrl = u;
  }
  const list = [...byName.values()].sort((a, b) => ENV_ORDER.indexOf(a.name) - ENV_ORDER.indexOf(b.name));
  // Development and test files rarely point at something an audit should reach.
  const deployed = list.filter((e) => e.name === 'production' || e.name === 'staging' || e.appUrl);
  const result = deployed.length ? deployed : list.filter((e) => e.name === 'production' || e.name === 'staging');
  if (opts.appUrl || opts.apiUrl) {
    const target = result.find((e) => e.name === 'staging') ?? result[0] ?? get('production');
    if (!result.includes(target)) result.unshift(target);
    if (opts.appUrl) target.appUrl = { value: opts.appUrl.replace(/\/+$/, ''), from: '--app-url' };
    if (opts.apiUrl) target.apiUrl = { value: opts.apiUrl.replace(/\/+$/, ''), from: '--api-url' };
  }
  if (result.length === 0) result.push({ name: 'production', envFiles: [] });
  return result;
}

/** "METHOD /path" of every operation in an OpenAPI/Swagger document, for commented policy lines. */
export function operationsOf(text: string | undefined): string[] {
  if (!text) return [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> } | undefined)?.paths;
  if (!paths || typeof paths !== 'object') return [];
  const out: string[] = [];
  for (const [p, item] of Object.entries(paths)) {
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) if (item && typeof item === 'object' && m in item) out.push(`${m.toUpperCase()} ${p}`);
  }
  return out;
}

export function draftConfig(facts: ProjectFacts, opts: DraftOptions): Draft {
  const exports: EnvVarToSet[] = [];
  const summary: string[] = [];
  const need = (name: string, hint: string): string => {
    if (!exports.some((e) => e.name === name)) exports.push({ name, hint });
    return `env:${name}`;
  };
  const rel = (p: string): string => {
    const r = path.relative(opts.configDir, path.join(facts.root, p)).split(path.sep).join('/');
    return r || '.';
  };
  const L: string[] = [];
  const today = (opts.today ?? new Date()).toISOString().slice(0, 10);

  L.push(`# launchready.yml for ${facts.name}, drafted by \`launchready init\` on ${today}.`);
  L.push('# Every guess is commented with where it came from: read each one before');
  L.push('# trusting the audit. Credentials never live here: each env:NAME is read from');
  L.push('# the environment (init printed the export lines). Every key is documented in');
  L.push('# the annotated example that ships with launchready: demo/launchready.yml.');
  L.push('version: 1', '');
  L.push('project:');
  L.push(`  name: ${q(facts.name)}   # from ${facts.name === path.basename(facts.root) ? 'the folder name' : 'package.json'}`);
  L.push('  # prototype | first-customers | scale: how strict "fix first" is.');
  L.push('  stage: first-customers');
  L.push('  productType: internal-tool   # internal-tool | saas | api', '');
  L.push('repo:');
  L.push(`  path: ${q(rel('.'))}   # the repository init was run in`, '');

  const envs = environments(facts, opts);
  const target = envs.find((e) => e.name === 'staging' && e.appUrl) ?? envs.find((e) => e.appUrl) ?? envs[0]!;
  L.push('environments:');
  for (const e of envs) {
    L.push(`  ${e.name}:`);
    if (e.appUrl) {
      L.push(`    appUrl: ${q(e.appUrl.value)}   # from ${fromOf(e.appUrl)}`);
    } else if (e === target && opts.traffic && recordedOrigin(opts.traffic.traffic)) {
      L.push(`    appUrl: ${q(recordedOrigin(opts.traffic.traffic)!)}   # where the HAR recordings were made`);
    } else if (e === target) {
      L.push('    # No app URL was found in the env files: set it (init printed the export line).');
      L.push(`    appUrl: ${need('LAUNCHREADY_APP_URL', `where ${e.name} runs, e.g. https://${e.name}.example.com`)}`);
    } else {
      L.push(`    # appUrl: https://…   # not found in the env files; add it to check ${e.name}'s edge too`);
    }
    if (e.apiUrl) L.push(`    apiUrl: ${q(e.apiUrl.value)}   # from ${fromOf(e.apiUrl)}`);
    else L.push('    # apiUrl: https://api.…   # default: appUrl');
    L.push(`    envFiles: [${e.envFiles.map((f) => q(rel(f))).join(', ')}]${e.envFiles.length ? '   # by file name' : ''}`);
    L.push('    # Write probes (POST/PUT/PATCH/DELETE) run only where this is true: keep it');
    L.push('    # false on production and on anything with real data; use a disposable copy.');
    const url = e.appUrl?.value ?? (e === target && opts.traffic ? recordedOrigin(opts.traffic.traffic) : undefined);
    if (url && isLoopback(url)) {
      // A server on this machine is a developer's own instance: the write probes (which create, change and delete
      // throwaway objects of their own) are what find missing role checks on writes.
      L.push('    # This URL is on this machine (a local instance), so write probes are on.');
      L.push('    allowWrites: true');
    } else L.push('    allowWrites: false');
  }
  summary.push(`environments: ${envs.map((e) => `${e.name}${e.appUrl ? ` (${e.appUrl.value})` : ''}`).join(', ')}; audits ${target.name}`);
  L.push('');

  const prodUrl = envs.find((e) => e.name === 'production')?.appUrl?.value ?? target.appUrl?.value;
  const appHost = publicHost(prodUrl);
  if (appHost) {
    const hosts = envs.flatMap((e) => [publicHost(e.appUrl?.value), publicHost(e.apiUrl?.value)]).filter((h): h is string => Boolean(h));
    const apex = apexOf(appHost, hosts);
    const apiHost = publicHost(envs.find((e) => e.name === 'production')?.apiUrl?.value);
    L.push('# Host names checked for DNS, TLS, redirects and mail authentication.');
    L.push(`# From ${prodUrl}; the apex is a guess (the suffix its hosts share): check it.`);
    L.push('domains:');
    L.push(`  apex: ${q(apex)}`);
    if (appHost !== apex) L.push(`  app: ${q(appHost)}`);
    if (apiHost && apiHost !== appHost) L.push(`  api: ${q(apiHost)}`);
    L.push(`  mail: ${q(apex)}   # the domain your app sends email from`);
    L.push('  # dkimSelectors: [s1]   # DKIM cannot be discovered: list your selectors', '');
  } else {
    L.push('# domains: no public host name found (only local URLs); add apex/app/api/mail to');
    L.push('# check DNS, TLS and mail authentication.', '');
  }

  L.push('api:');
  const doc = facts.openapi[0];
  const fromCode = facts.servedOpenApi;
  const served = fromCode?.path ?? facts.framework?.framework.servedOpenApi?.(facts.signals);
  const servedBy = fromCode ? `the code (${fromCode.at})` : facts.framework?.framework.name;
  if (doc) {
    L.push(`  # ${doc.version} document found by its ${doc.foundBy === 'name' ? 'file name' : 'content'}.`);
    for (const other of facts.openapi.slice(1, 4)) L.push(`  # Also found: ${rel(other.path)} (${other.version})`);
    L.push(`  openapi: ${q(rel(doc.path))}`);
    summary.push(`OpenAPI: ${rel(doc.path)} (${doc.version})`);
  } else if (served && target.appUrl) {
    L.push(`  # The app serves its OpenAPI document at run time at ${served} (from ${servedBy}).`);
    L.push(`  openapi: ${q(`${(target.apiUrl ?? target.appUrl).value}${served}`)}`);
    summary.push(`OpenAPI: served at ${served} (from ${servedBy})`);
  } else if (served && !opts.traffic) {
    L.push(`  # The app serves its OpenAPI document at run time at ${served} (from ${servedBy}):`);
    L.push(`  # once appUrl is known, point at it (a URL works as well as a file).`);
    L.push(`  # openapi: https://staging.example.com${served}`);
    summary.push(`OpenAPI: served at ${served} (from ${servedBy}); set api.openapi to that URL`);
  } else if (opts.traffic) {
    L.push('  # No OpenAPI document found: the operations come from the HAR recordings below.');
    L.push('  # openapi: openapi.yaml');
  } else {
    L.push('  # No OpenAPI document found. Without one, the access probes use the policy\'s');
    L.push('  # METHOD /path lines below, or HAR recordings of the app in use:');
    L.push('  # openapi: openapi.yaml');
    L.push('  # har: [recordings/owner.har, recordings/staff.har, recordings/viewer.har]');
    summary.push('OpenAPI: none found (the policy lines are the operations to probe)');
  }
  if (opts.traffic) {
    L.push('  # One recording per role (devtools → Network → Save all as HAR); credentials in them are never copied anywhere.');
    L.push('  har:');
    for (const f of opts.traffic.files) L.push(`    - ${f.role ? `{ path: ${q(f.path)}, role: ${f.role} }` : q(f.path)}`);
    summary.push(`recordings: ${opts.traffic.files.map((f) => `${f.path}${f.role ? ` (${f.role})` : ''}`).join(', ')}`);
  }
  L.push(`  target: ${target.name}`);
  L.push('  healthPath: /health   # polled for uptime and p95 latency', '');

  const fw = facts.framework;
  const login = chooseLogin(facts, opts.traffic ? recordedLogin(opts.traffic.traffic) : undefined);
  const framework = fw ? `framework: ${fw.framework.name} (${fw.evidence})` : 'framework: not recognised';
  summary.push(login.basis === 'guess' ? `${framework}; login guess ${login.method} ${login.path}` : `login: ${login.method} ${login.path}, ${login.basis === 'recorded' ? 'as recorded' : 'declared in the code'}; ${framework}`);
  L.push('auth:');
  if (login.basis === 'recorded') L.push(`  # From the recordings: ${login.why}.`);
  else {
    L.push(`  # ${login.basis === 'source' ? 'From the code' : `Guess${fw ? ` for ${fw.framework.name}` : ''}`}: ${login.why}.`);
    L.push('  # Check it against your app: a wrong path shows up as "login failed" in the report.');
  }
  L.push('  login:');
  L.push(`    method: ${login.method}`);
  L.push(`    path: ${q(login.path)}`);
  L.push(`    usernameField: ${q(login.usernameField)}`);
  L.push(`    passwordField: ${q(login.passwordField)}`);
  L.push(`    tokenFrom: ${q(login.tokenFrom)}   # json:FIELD or cookie:NAME`);
  if (login.contentType === 'form') L.push('    contentType: form');
  if (login.body) L.push(`    body: ${JSON.stringify(login.body)}`);
  if (login.logout) L.push(`  logout: { method: ${login.logout.method}, path: ${q(login.logout.path)} }   # from the recordings`);
  L.push(`  send:`);
  L.push(`    as: ${login.send.as}`);
  if (login.send.name) L.push(`    name: ${q(login.send.name)}`);
  if (login.send.as === 'bearer' && login.send.scheme !== undefined && login.send.scheme !== 'Bearer') L.push(`    scheme: ${q(login.send.scheme)}`);
  L.push('  # One dedicated test user per role (never a real person\'s account). Roles in');
  L.push('  # one tenant find missing role checks; the outsider, in another tenant, finds');
  L.push('  # broken tenancy.');
  L.push('  roles:');
  const roles = [...opts.roles.filter((r) => r !== 'outsider'), 'outsider'];
  const fromRecordings = opts.traffic ? policyLines(opts.traffic.traffic, roles) : [];
  for (const role of roles) {
    const tenant = role === 'outsider' ? 'other' : 'main';
    L.push(`    ${role}:`);
    L.push(`      tenant: ${tenant}`);
    L.push('      login:');
    L.push(`        username: ${need(envName(role, 'USERNAME'), `the ${role} test user's ${login.usernameField}${role === 'outsider' ? ' (in another workspace)' : ''}`)}`);
    L.push(`        password: ${need(envName(role, 'PASSWORD'), `the ${role} test user's password`)}`);
  }
  summary.push(`roles: ${roles.join(', ')}`);
  L.push('');

  const ops = operationsOf(opts.openapiText);
  L.push('# Who may call what ("METHOD /path", {param}, * wildcard; "anonymous" for public).');
  L.push('# The most specific rule wins. Operations without a rule fall back to the');
  L.push('# OpenAPI security declarations; without a document, these lines ARE the');
  L.push('# operations the access probes call.');
  if (fromRecordings.length) {
    L.push('# Drafted from the recordings: each operation with the roles whose recording did');
    L.push('# it. Read every line: a role that never needed an operation while recording may');
    L.push('# still be meant to have it; add it, or the audit reports it as a violation.');
    L.push('policy:');
    L.push(...fromRecordings);
    summary.push(`policy: ${fromRecordings.filter((l) => l.startsWith('  -')).length} rules drafted from the recordings`);
  } else if (ops.length) {
    L.push(`# From ${rel(doc?.path ?? 'the document')}: uncomment and fill in allow for each.`);
    for (const op of ops.slice(0, 60)) L.push(`# - { operation: ${q(op)}, allow: [${roles.join(', ')}] }`);
    if (ops.length > 60) L.push(`# … and ${ops.length - 60} more operations in the document.`);
  } else {
    L.push(`# - { operation: "GET /api/items", allow: [${roles.join(', ')}] }`);
    L.push(`# - { operation: "DELETE /api/items/{id}", allow: [${roles[0]}] }`);
  }
  if (!fromRecordings.length) L.push('policy: []');
  L.push('');
  // The login page is watched (smoke check, monitor) only where there is one: an API that signs in with
  // POST /api/login has none, and a guessed /login answering 404 was a false critical on every deploy (critic #3).
  if (facts.loginPage) {
    L.push(`# The login page the smoke check and the monitor watch (declared at ${facts.loginPage.at}).`);
    L.push('monitor:');
    L.push(`  loginPath: ${q(facts.loginPage.path)}`);
    summary.push(`login page: ${facts.loginPage.path} (from ${facts.loginPage.at})`);
  } else {
    L.push(`# No login page found in the code${login.basis === 'guess' ? '' : ` (sign-in is ${login.method} ${login.path})`}: the smoke check`);
    L.push('# and the monitor watch the home page and health only. If the app has a login page, name it:');
    L.push('# monitor:');
    L.push('#   loginPath: /login');
  }
  L.push('');
  L.push('# What the next person on call needs; printed in the handover document.');
  L.push('# handover:');
  L.push('#   envVars: [{ name: DATABASE_URL, owner: you@example.com, rotation: "…" }]');
  L.push('#   alertRecipients: [you@example.com]');
  L.push('#   rollback: ["Redeploy the previous release", "Check /health and the login page"]');
  return { yaml: `${L.join('\n')}\n`, exports, summary };
}
