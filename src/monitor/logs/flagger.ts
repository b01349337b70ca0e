// Finds secrets and personal data in structured log lines: credential-named
// fields (password, token, authorization, cookie, secret, api key), and
// values that are credentials or personal data wherever they sit (bearer
// tokens, JWTs, well-known key prefixes, email addresses, card numbers that
// pass the Luhn check). Every hit is reported masked with a fingerprint, never
// raw, together with the pino `redact` path that would have removed it.
import { fingerprintSecret, maskSecret } from '../../secrets/mask.js';
import { promptFlags, type PromptFlagKind, type PromptLogContext } from '../../evidence/gatherers/ai/log-exposure.js';

export type FlagKind = 'password' | 'token' | 'authorization' | 'cookie' | 'secret' | 'email' | 'card' | PromptFlagKind;

export interface LogFlag {
  kind: FlagKind;
  /** Where in the line: a dotted path (req.headers.authorization). */
  path: string;
  /** The pino redact path that stops it (wildcards for array indices). */
  redactPath: string;
  masked: string;
  fingerprint: string;
}

const KEY_KINDS: [RegExp, FlagKind][] = [
  [/^(authorization|proxy-authorization)$/i, 'authorization'],
  [/^(cookie|set-cookie|cookies)$/i, 'cookie'],
  [/(^|[_-])(password|passwd|pwd|passphrase)$|Password$/i, 'password'],
  [/(^|[_-])(token|jwt)$|Token$|^(access|refresh|id|session|csrf|bearer)[_-]?token$/i, 'token'],
  [/(^|[_-])(secret|api[_-]?key|apikey|private[_-]?key|client[_-]?secret)$|Secret$|ApiKey$/i, 'secret'],
  [/^(card|card[_-]?number|cardNumber|pan|cc[_-]?number)$/i, 'card'],
];

// Values already hidden by a logger's redaction.
const REDACTED = /^(\[redacted\]|\*+|redacted|<redacted>|x+|null|undefined|)$/i;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
const BEARER = /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
// Prefixes of keys issued by common providers (Stripe, GitHub, Slack, AWS, OpenAI-style).
const KEY_PREFIX = /\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_-]{20,})\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** All flags in one parsed log line; with `prompts`, also the system prompt, users' prompts and model keys (issue 16). */
export function flagLine(line: unknown, prompts?: PromptLogContext): LogFlag[] {
  const out: LogFlag[] = [];
  walk(line, [], out);
  const extra = promptFlags(line, prompts);
  if (extra.length === 0) return out;
  // A model key is reported as one, not also as a generic secret; array indices collapse so each field is one group.
  const keys = new Set(extra.filter((f) => f.kind === 'model-key').map((f) => f.fingerprint));
  const mine = extra.map((f) => ({ kind: f.kind, path: redactPath(f.path), redactPath: redactPath(f.path), masked: f.masked, fingerprint: f.fingerprint }));
  return [...out.filter((f) => !(f.kind === 'secret' && keys.has(f.fingerprint))), ...mine];
}

function walk(v: unknown, p: (string | number)[], out: LogFlag[]): void {
  if (p.length > 12) return;
  if (Array.isArray(v)) {
    v.slice(0, 200).forEach((x, i) => walk(x, [...p, i], out));
    return;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const kind = keyKind(k);
      if (kind && isPresent(x)) {
        const value = typeof x === 'string' ? x : JSON.stringify(x);
        out.push(flag(kind, [...p, k], value));
        continue;
      }
      walk(x, [...p, k], out);
    }
    return;
  }
  if (typeof v === 'string' && v.length >= 6) scanString(v, p, out);
}

function keyKind(k: string): FlagKind | undefined {
  return KEY_KINDS.find(([re]) => re.test(k))?.[1];
}

function isPresent(x: unknown): boolean {
  if (x === null || x === undefined || typeof x === 'boolean' || typeof x === 'number') return typeof x === 'number' && String(x).length >= 13;
  if (typeof x === 'string') return !REDACTED.test(x.trim());
  return true;
}

const SCAN_CHUNK = 20_000;
const SCAN_OVERLAP = 512;

function scanString(s: string, p: (string | number)[], out: LogFlag[]): void {
  // Long values are scanned in overlapping chunks (a secret across a boundary is inside one of them), never cut off.
  if (s.length > SCAN_CHUNK) {
    const seen = new Set<string>();
    for (let i = 0; i < s.length; i += SCAN_CHUNK - SCAN_OVERLAP) {
      const part: LogFlag[] = [];
      scanChunk(s.slice(i, i + SCAN_CHUNK), p, part);
      for (const f of part) {
        if (seen.has(f.fingerprint + f.kind)) continue;
        seen.add(f.fingerprint + f.kind);
        out.push(f);
      }
    }
    return;
  }
  scanChunk(s, p, out);
}

function scanChunk(text: string, p: (string | number)[], out: LogFlag[]): void {
  const bearers = [...text.matchAll(BEARER)].map((m) => m[0]);
  for (const b of bearers) out.push(flag('authorization', p, b));
  for (const m of text.matchAll(JWT)) if (!bearers.some((b) => b.includes(m[0]))) out.push(flag('token', p, m[0]));
  for (const m of text.matchAll(KEY_PREFIX)) out.push(flag('secret', p, m[0]));
  // The email pattern backtracks up to 64 characters from every position: skip it where no @ can match.
  if (text.includes('@')) for (const m of text.matchAll(EMAIL)) out.push(flag('email', p, m[0]));
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, '');
    // Card numbers start with 3-6 (Amex, Visa, Mastercard, Discover…); this keeps ids and timestamps out.
    if (/^[3-6]/.test(digits) && luhnValid(digits)) out.push(flag('card', p, digits));
  }
}

function flag(kind: FlagKind, p: (string | number)[], value: string): LogFlag {
  return {
    kind,
    path: dotted(p),
    redactPath: redactPath(p),
    masked: kind === 'card' ? `•••• ${value.slice(-4)}` : kind === 'email' ? maskEmail(value) : maskSecret(value),
    fingerprint: fingerprintSecret(value),
  };
}

function maskEmail(e: string): string {
  const [local = '', domain = ''] = e.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function dotted(p: (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || '(line)';
}

/** pino's redact syntax: dots, ["quoted-keys"], and [*] for any array index. */
export function redactPath(p: (string | number)[]): string {
  return (
    p
      .map((k, i) => {
        if (typeof k === 'number') return '[*]';
        if (!IDENT.test(k)) return `["${k.replace(/"/g, '\\"')}"]`;
        return i === 0 ? k : `.${k}`;
      })
      .join('') || '(line)'
  );
}

export interface FlagSummary {
  kind: FlagKind;
  path: string;
  redactPath: string;
  count: number;
  example: { masked: string; fingerprint: string; line?: number };
}

/** Groups flags by (kind, path) across lines. */
export class FlagCollector {
  private readonly groups = new Map<string, FlagSummary>();

  add(flags: readonly LogFlag[], line?: number): void {
    for (const f of flags) {
      const key = `${f.kind}\u0000${f.path}`;
      const g = this.groups.get(key);
      if (g) g.count++;
      else this.groups.set(key, { kind: f.kind, path: f.path, redactPath: f.redactPath, count: 1, example: { masked: f.masked, fingerprint: f.fingerprint, line } });
    }
  }

  summaries(): FlagSummary[] {
    return [...this.groups.values()].sort((a, b) => a.path.localeCompare(b.path) || a.kind.localeCompare(b.kind));
  }

  /** Paths for pino's `redact` option. Free-text fields (msg) cannot be redacted by path; they are left out. */
  redactPaths(): string[] {
    return [...new Set(this.summaries().map((s) => s.redactPath).filter((p) => p !== '(line)' && p !== 'msg' && p !== 'message'))].sort();
  }
}

/** A credential-named key and its string value inside raw JSON text. */
const RAW_PAIR = /"([A-Za-z_$][\w$-]{0,63})"\s*:\s*"((?:[^"\\]|\\.){1,512})"/g;

/**
 * Flags in a piece of raw text: a log line too long to parse whole is handed
 * over in pieces, and each piece is searched for credential-named JSON keys
 * and for values that are secrets or personal data wherever they stand.
 */
export function flagText(text: string): LogFlag[] {
  const out: LogFlag[] = [];
  for (const m of text.matchAll(RAW_PAIR)) {
    const key = m[1] ?? '';
    const kind = keyKind(key);
    if (kind && isPresent(m[2])) out.push(flag(kind, ['(long line)', key], m[2] ?? ''));
  }
  scanString(text, ['(long line)'], out);
  return out;
}
