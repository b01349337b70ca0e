// Decides what of an env value may enter evidence. A value is kept only when
// neither its key nor its shape says "credential"; URLs are kept with their
// password and token-looking parts masked, because where a URL points
// (localhost, staging, a tunnel) is what several checks need to see.
import { shannonEntropy } from '../../secrets/entropy.js';
import { maskSecret } from '../../secrets/mask.js';
import type { EnvTier, EnvValueHints } from '../hygiene-types.js';

// Key names that hold credentials whatever the value looks like.
const SECRET_KEY_RE =
  /(PASSWORD|PASSWD|PASSPHRASE|(^|_)PWD($|_)|SECRET|TOKEN|(^|_)KEY($|_)|KEYS?$|APIKEY|CREDENTIAL|PRIVATE|(^|_)DSN$|(^|_)AUTH($|_)|SIGNING|SALT|COOKIE_SIGN|SESSION_SIGN|WEBHOOK_SIG|CLIENT_ID_SECRET)/i;
// Keys that contain KEY but hold no secret.
const NON_SECRET_KEY_RE = /(PUBLIC_?KEY_?(ID)?|PUBLISHABLE|KEY_ID$|_KEYS_URL$|KEY_PREFIX$|KEY_PATH$|KEY_FILE$|MONKEY|TURKEY|HOCKEY|JOCKEY)/i;

// Provider token prefixes (a short list: the secret engine owns the full rule set).
const CREDENTIAL_PREFIX_RE =
  /^(sk|rk|pk)_(live|test)_|^whsec_|^xox[abposr]-|^gh[pousr]_[A-Za-z0-9]{20,}|^github_pat_|^glpat-|^AKIA[0-9A-Z]{16}$|^ASIA[0-9A-Z]{16}$|^AIza[0-9A-Za-z_-]{30,}|^SG\.[\w-]{16,}\.|^sk-(proj-|ant-)?[A-Za-z0-9_-]{20,}|^key-[0-9a-f]{32}$|^eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.|^-----BEGIN [A-Z ]*PRIVATE KEY|^npm_[A-Za-z0-9]{36}$|^shpat_|^sq0(atp|csp)-|^EAAC|^dop_v1_|^hf_[A-Za-z0-9]{30,}/;

const TEST_MODE_RE = /^(sk|pk|rk)_test_/;
const LIVE_MODE_RE = /^(sk|pk|rk)_live_/;

// Passwords that a default install, a seed script or a tutorial put in place.
const WEAK_PASSWORDS = new Set([
  'admin', 'administrator', 'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin123', 'admin1234',
  'root', 'toor', 'test', 'test123', 'testing', 'demo', 'demo123', 'changeme', 'change_me', 'changeit', 'secret', 'secret123',
  'letmein', 'welcome', 'welcome1', 'qwerty', '123456', '1234567', '12345678', '123456789', 'default', 'guest', 'user', 'pass',
  'postgres', 'mysql', 'example', 'foobar', 'abc123', 'iloveyou',
]);

const PLACEHOLDER_RE = /^(changeme|change[-_]?me|xxx+|todo|tbd|replace[-_]?me|your[-_].*|<[^>]+>|\$\{[^}]+\}|\$[A-Z_]+|\{\{[^}]+\}\}|dummy|placeholder|none|null|undefined)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_RE.test(key) && !NON_SECRET_KEY_RE.test(key);
}

/** A token that looks generated rather than written: long, mixed characters, high entropy. */
export function looksLikeCredential(value: string): boolean {
  if (CREDENTIAL_PREFIX_RE.test(value)) return true;
  if (value.length < 20 || /\s/.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  if (/^[\w./-]+\.(js|ts|json|ya?ml|html|css|png|svg|md)$/i.test(value) || /^\/[\w./-]+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(value)).length;
  // Hex digests (64 chars of 0-9a-f) only have two classes but are secrets all the same.
  if (/^[0-9a-f]{32,}$/i.test(value)) return true;
  return classes >= 2 && shannonEntropy(value) >= 3.5;
}

const QUERY_SECRET_RE = /^(.*(token|secret|key|sig|signature|password|pass|auth|code|credential).*)$/i;

/**
 * Masks a URL's userinfo password, secret-named query values and any path
 * segment that looks like a credential (Slack and Discord webhooks carry
 * theirs in the path). Returns undefined for something that is not a URL.
 */
export function redactUrl(
  raw: string,
): { url: string; host: string; hadPassword: boolean; password?: string; masked: boolean } | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  const password = u.password ? safeDecode(u.password) : undefined;
  let masked = false;
  if (u.password) {
    u.password = '***';
    masked = true;
  }
  if (u.username && looksLikeCredential(safeDecode(u.username))) {
    u.username = '***';
    masked = true;
  }
  for (const [name, value] of [...u.searchParams]) {
    if (value && (QUERY_SECRET_RE.test(name) || looksLikeCredential(value))) {
      u.searchParams.set(name, maskSecret(value));
      masked = true;
    }
  }
  u.pathname = u.pathname
    .split('/')
    .map((seg) => {
      if (seg.length < 12 || !looksLikeCredential(safeDecode(seg))) return seg;
      masked = true;
      return maskSecret(seg);
    })
    .join('/');
  // The URL setters percent-encode the mask's ellipsis; show it as written.
  const url = u.toString().replace(/%E2%80%A6/g, '…');
  return { url, host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), hadPassword: Boolean(password), password, masked };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface ClassifiedValue {
  secret: boolean;
  /** What may be stored as `value` (undefined: nothing may). */
  value?: string;
  hints: EnvValueHints;
}

export function classifyEnvValue(key: string, value: string): ClassifiedValue {
  const hints: EnvValueHints = {};
  const lower = value.toLowerCase();
  if (TEST_MODE_RE.test(value)) hints.testModeKey = true;
  if (LIVE_MODE_RE.test(value)) hints.liveModeKey = true;
  if (PLACEHOLDER_RE.test(value)) hints.placeholder = true;
  if (/^(true|1|yes|on)$/i.test(value)) hints.truthy = true;
  if (/^(false|0|no|off)$/i.test(value)) hints.falsy = true;
  const url = redactUrl(value);
  if (url) {
    hints.urlHost = url.host;
    if (url.hadPassword) hints.urlHasPassword = true;
    if (url.password !== undefined && WEAK_PASSWORDS.has(url.password.toLowerCase())) hints.weakPassword = true;
  }
  const secretByKey = isSecretKey(key);
  if (secretByKey && WEAK_PASSWORDS.has(lower)) hints.weakPassword = true;
  const secretByValue = url ? url.masked : looksLikeCredential(value);
  const secret = secretByKey || secretByValue;
  if (secretByKey) return { secret, hints };
  if (url) return { secret, value: url.url, hints };
  return secret ? { secret, hints } : { secret, value, hints };
}

const TIER_BY_NAME: [RegExp, EnvTier][] = [
  [/^(prod|production|live|prd)$/i, 'production'],
  [/^(stag|staging|stage|stg|preprod|pre-prod|uat|qa|preview)$/i, 'staging'],
  [/^(dev|development|local|develop)$/i, 'development'],
  [/^(test|testing|ci|e2e)$/i, 'test'],
];

/** The tier an environment name (e.g. "production") stands for. */
export function tierOfName(name: string): EnvTier {
  for (const [re, tier] of TIER_BY_NAME) if (re.test(name)) return tier;
  return 'unknown';
}

/**
 * The tier of an env file: example files are examples whatever lists them;
 * then the configured environments that list it; then its own suffix
 * (`.env.production`, `production.env`). A bare `.env` is local development.
 */
export function tierOfFile(filePath: string, environments: readonly string[]): EnvTier {
  const base = filePath.split('/').pop() ?? filePath;
  if (/(example|sample|template|dist|defaults?)$/i.test(base)) return 'example';
  const fromEnvs = environments.map(tierOfName).filter((t) => t !== 'unknown');
  if (fromEnvs.includes('production')) return 'production';
  if (fromEnvs[0]) return fromEnvs[0];
  const suffix = /^\.env\.([\w-]+?)(\.local)?$/.exec(base)?.[1] ?? /^([\w-]+)\.env$/.exec(base)?.[1];
  if (suffix) {
    const t = tierOfName(suffix);
    if (t !== 'unknown') return t;
    if (suffix === 'local') return 'development';
  }
  if (base === '.env' || base === '.env.local') return 'development';
  return 'unknown';
}
