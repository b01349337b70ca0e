// Line rules over source files: env-var reads, debug and verbose-error
// switches, TLS verification turned off, CORS `*` with credentials, logging
// calls that write credentials.
//
// Why line regexes and not an AST: the tree mixes JavaScript, TypeScript, JSX,
// Python, YAML, Dockerfiles and shell, and what we look for is a single
// statement or a small window of lines. Parsing every language would be slow
// and fail on half-written code; a line rule degrades gracefully. Why re2js:
// source trees carry generated files with very long lines, and V8's
// backtracking engine can take exponential time on them; re2js runs in linear
// time whatever the input. A lowercase keyword test runs first, so the regexes
// only see the few lines that can match.
import { RE2JS } from 're2js';
import { maskSecret } from '../../secrets/mask.js';
import type { CodeHit, CodeHitKind, EnvRead, EnvReadSyntax } from '../hygiene-types.js';
import { shannonEntropy } from '../../secrets/entropy.js';
import { looksLikeCredential } from './env-values.js';

const I = RE2JS.CASE_INSENSITIVE;
const re = (pattern: string, flags = 0): RE2JS => RE2JS.compile(pattern, flags);

/** Longer lines are generated (minified, data): skipped, not worth reading. */
export const MAX_LINE_CHARS = 5_000;
const EXCERPT_CHARS = 200;

// ---------------------------------------------------------------------------
// env reads

const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const READ_RULES: { re: RE2JS; syntax: EnvReadSyntax; keyword: string; defaultArg?: boolean }[] = [
  { re: re(`process\\.env\\.${NAME}`), syntax: 'process.env', keyword: 'process.env' },
  { re: re(`process\\.env\\[\\s*['"\`]${NAME}['"\`]\\s*\\]`), syntax: 'process.env', keyword: 'process.env' },
  { re: re(`import\\.meta\\.env\\.${NAME}`), syntax: 'import.meta.env', keyword: 'import.meta.env' },
  { re: re(`Deno\\.env\\.get\\(\\s*['"]${NAME}['"]\\s*(,)?`), syntax: 'deno', keyword: 'deno.env', defaultArg: true },
  { re: re(`os\\.environ\\[\\s*['"]${NAME}['"]\\s*\\]`), syntax: 'python', keyword: 'os.environ' },
  { re: re(`os\\.(?:environ\\.get|getenv)\\(\\s*['"]${NAME}['"]\\s*(,)?`), syntax: 'python', keyword: 'os.', defaultArg: true },
];
const DESTRUCTURE_RE = re('(?:const|let|var)\\s*\\{([^{}]*)\\}\\s*=\\s*(process\\.env|import\\.meta\\.env)\\b');
const FALLBACK_AFTER = /^\s*(\|\||\?\?)/;

export function findEnvReads(text: string, lines: readonly string[], path: string): EnvRead[] {
  const reads: EnvRead[] = [];
  lines.forEach((line, i) => {
    if (line.length > MAX_LINE_CHARS) return;
    const lower = line.toLowerCase();
    for (const rule of READ_RULES) {
      if (!lower.includes(rule.keyword)) continue;
      const m = rule.re.matcher(line);
      while (m.find()) {
        const name = m.group(1);
        if (!name) continue;
        const hasDefault = rule.defaultArg ? m.group(2) !== null : FALLBACK_AFTER.test(line.slice(m.end()));
        reads.push({ name, path, line: i + 1, syntax: rule.syntax, hasDefault });
      }
    }
  });
  // Destructuring often spans lines, so it is matched on the whole text.
  if (text.includes('.env') && /(const|let|var)\s*\{/.test(text)) {
    const m = DESTRUCTURE_RE.matcher(text);
    while (m.find()) {
      const body = m.group(1) ?? '';
      const startLine = lineAt(text, m.start());
      const syntax: EnvReadSyntax = m.group(2) === 'process.env' ? 'destructuring' : 'import.meta.env';
      let at = 0;
      for (const part of body.split(',')) {
        const start = at;
        at += part.length + 1;
        const p = /^\s*(\.\.\.)?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_$][\w$]*)?\s*(=)?/.exec(part);
        if (!p?.[2] || p[1]) continue;
        const lead = part.length - part.trimStart().length;
        const offset = body.slice(0, start + lead).split('\n').length - 1;
        reads.push({ name: p[2], path, line: startLine + offset, syntax, hasDefault: p[3] === '=' });
      }
    }
  }
  return reads;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------
// hits

interface LineRule {
  kind: CodeHitKind;
  rule: string;
  /** Any of these (lowercase) must occur in the line before the regex runs. */
  keywords: string[];
  re: RE2JS;
}

const LINE_RULES: LineRule[] = [
  // TLS verification off
  { kind: 'tls-off', rule: 'reject-unauthorized-false', keywords: ['rejectunauthorized'], re: re(`rejectUnauthorized['"]?\\s*[:=]\\s*false\\b`) },
  {
    kind: 'tls-off',
    rule: 'node-tls-reject-unauthorized-0',
    keywords: ['node_tls_reject_unauthorized'],
    re: re(`NODE_TLS_REJECT_UNAUTHORIZED['"\`]?\\s*(\\]\\s*)?([:=]\\s*|\\s+)['"\`]?0\\b`),
  },
  { kind: 'tls-off', rule: 'strict-ssl-false', keywords: ['strictssl', 'strict-ssl', 'strict_ssl'], re: re(`strict[-_]?ssl['"]?\\s*[:=]\\s*['"]?false\\b`, I) },
  { kind: 'tls-off', rule: 'verify-false', keywords: ['verify'], re: re(`\\bverify\\s*=\\s*False\\b`) },
  { kind: 'tls-off', rule: 'insecure-skip-verify', keywords: ['insecureskipverify'], re: re(`InsecureSkipVerify\\s*:\\s*true\\b`) },
  {
    kind: 'tls-off',
    rule: 'check-server-identity-noop',
    keywords: ['checkserveridentity'],
    re: re(`checkServerIdentity\\s*[:=]\\s*(\\(\\s*\\)|\\w+)\\s*=>\\s*(undefined|null|\\{\\s*\\})`),
  },
  { kind: 'tls-off', rule: 'sslmode-no-verify', keywords: ['no-verify'], re: re(`(sslmode|PGSSLMODE)\\s*[=:]\\s*['"]?no-verify`, I) },
  {
    kind: 'tls-off',
    rule: 'python-cert-none',
    keywords: ['cert_none', '_create_unverified_context'],
    re: re(`ssl\\._create_unverified_context|CERT_NONE`),
  },
  { kind: 'tls-off', rule: 'curl-insecure', keywords: ['curl'], re: re(`\\bcurl\\b.*\\s(-k|--insecure)(\\s|$)`) },
  // Debug switches and verbose errors
  {
    kind: 'debug',
    rule: 'stack-trace-in-response',
    keywords: ['.stack'],
    re: re(`\\b(res|response|reply|ctx)\\b[\\w.()\\s0-9]*\\.(json|send|end|body)\\b.*\\.stack\\b|\\bstack\\s*:\\s*(err|error|e|ex|exception)\\.stack\\b`),
  },
  { kind: 'debug', rule: 'express-errorhandler', keywords: ['errorhandler('], re: re(`\\buse\\(\\s*errorhandler\\(`) },
  { kind: 'debug', rule: 'show-stack', keywords: ['showstack', 'dumpexceptions'], re: re(`\\b(showStack|dumpExceptions)\\s*:\\s*true\\b`) },
  { kind: 'debug', rule: 'django-debug-true', keywords: ['debug'], re: re(`^\\s*DEBUG\\s*=\\s*True\\b`) },
  { kind: 'debug', rule: 'flask-debug-run', keywords: ['debug'], re: re(`\\.run\\(.*\\bdebug\\s*=\\s*True\\b`) },
  { kind: 'debug', rule: 'app-debug-true', keywords: ['debug'], re: re(`\\b(app|config|settings)\\.debug\\s*=\\s*(true|True)\\b`) },
  {
    kind: 'debug',
    rule: 'node-env-forced-development',
    keywords: ['node_env', "'env'", '"env"'],
    re: re(`process\\.env\\.NODE_ENV\\s*=\\s*['"]development['"]|\\.set\\(\\s*['"]env['"]\\s*,\\s*['"]development['"]`),
  },
];

// A flag decides whether the behaviour happens: reported apart, since then
// configuration (which the env-file checks read) is what matters.
const CONDITIONAL_RE = /\b(debug|isDev|isDevelopment|dev|development|NODE_ENV|verbose|DEBUG)\b\s*(\?|&&|\)|===?|!==?)|\bif\s*\(.*\b(debug|dev|development|NODE_ENV)\b/i;

const CORS_ORIGIN_RE = re(
  `\\borigins?\\s*:\\s*(['"]\\*['"]|true\\b|\\[\\s*['"]\\*['"]\\s*\\]|\\(.*\\)\\s*=>\\s*\\w+\\(\\s*null\\s*,\\s*true\\s*\\))|allow_origins\\s*=\\s*\\[\\s*['"]\\*['"]|Access-Control-Allow-Origin['"]?\\s*[,:]\\s*(['"]\\*['"]|(req|request)\\.headers\\.origin)`,
  I,
);
const CORS_CREDENTIALS_RE = re(
  `\\bcredentials\\s*:\\s*true\\b|supports_credentials\\s*=\\s*True|allow_credentials\\s*=\\s*True|Access-Control-Allow-Credentials['"]?\\s*[,:]\\s*['"]?true`,
  I,
);
const CORS_WINDOW = 8;

const LOG_CALL_RE = re(
  `\\b(console\\.(log|info|debug|warn|error|trace|dir)|(logger|log|winston|pino|bunyan|this\\.logger|this\\.log|fastify\\.log|req\\.log|request\\.log|app\\.log)\\.(log|info|debug|warn|error|trace|fatal|verbose|silly)|logging\\.(debug|info|warning|error|critical|exception)|print|puts|fmt\\.Print(f|ln)?|log\\.Print(f|ln)?)\\s*\\(`,
);
const LOG_KEYWORDS = ['console.', 'log', 'print', 'puts', 'winston', 'pino', 'bunyan'];
const SENSITIVE_ARG_RE = re(
  `\\b(authorization|password|passwd|secret|token|accessToken|access_token|refreshToken|refresh_token|idToken|id_token|apiKey|api_key|apiSecret|api_secret|clientSecret|client_secret|privateKey|private_key|cookie|cookies|sessionId|session_id|jwt|bearer)\\b`,
  I,
);
const HEADERS_OBJECT_RE = re(`\\b(req|request|ctx\\.request|ctx)\\.headers\\s*($|[,)}\\]\\s])`);
const ENV_DUMP_RE = re(`\\bprocess\\.env\\s*($|[,)}\\]\\s])|\\bos\\.environ\\s*($|[,)}\\]\\s])`);
// What follows a sensitive name that makes the value harmless to log.
const HARMLESS_AFTER = /^(\.(length|type|id|name|expires\w*|exp|iat|scope|size)\b|\?\.(length|type|id)\b|\s*:\s*(''|""|``)|\s*!==?|\s*===?)/;

export interface Source {
  path: string;
  lines: readonly string[];
}

export function findHits({ path, lines }: Source): CodeHit[] {
  const hits: CodeHit[] = [];
  const push = (kind: CodeHitKind, rule: string, i: number, extra: Partial<CodeHit> = {}): void => {
    hits.push({ kind, rule, path, line: i + 1, excerpt: maskExcerpt(lines[i] ?? ''), ...extra });
  };
  lines.forEach((line, i) => {
    if (line.length > MAX_LINE_CHARS || isCommentLine(line)) return;
    const lower = line.toLowerCase();
    let inString: Uint8Array | undefined;
    for (const rule of LINE_RULES) {
      if (!rule.keywords.some((k) => lower.includes(k))) continue;
      inString ??= stringPositions(line);
      if (!matchesInCode(rule.re, line, inString)) continue;
      if (rule.rule === 'stack-trace-in-response' && LOG_CALL_RE.test(line)) continue;
      const context = [lines[i - 2], lines[i - 1], line].join('\n');
      push(rule.kind, rule.rule, i, rule.kind === 'debug' && CONDITIONAL_RE.test(context) ? { conditional: true } : {});
    }
    if ((lower.includes('origin') || lower.includes('access-control')) && matchesInCode(CORS_ORIGIN_RE, line, (inString ??= stringPositions(line)))) {
      const from = Math.max(0, i - CORS_WINDOW);
      const windowLines = lines.slice(from, i + CORS_WINDOW + 1);
      if (windowLines.some((l) => l.length <= MAX_LINE_CHARS && CORS_CREDENTIALS_RE.test(l))) {
        const reflects = !/['"]\*['"]/.test(line);
        push('cors-wildcard-credentials', reflects ? 'origin-reflected-with-credentials' : 'origin-star-with-credentials', i, { reflectsOrigin: reflects });
      }
    }
    if (LOG_KEYWORDS.some((k) => lower.includes(k))) {
      const rule = sensitiveLogRule(line);
      if (rule) push('secret-logged', rule, i);
    }
  });
  return hits;
}

/**
 * A match counts unless it lies wholly inside one string literal: a message
 * or a rule description that mentions `rejectUnauthorized: false` is not a
 * setting, but a quoted key or header name followed by its value is.
 */
function matchesInCode(rule: RE2JS, line: string, inString: Uint8Array): boolean {
  const m = rule.matcher(line);
  while (m.find()) {
    for (let i = m.start(); i < m.end(); i++) if (!inString[i]) return true;
  }
  return false;
}

/** 1 for every position inside a string literal (quotes excluded; template expressions are code). */
export function stringPositions(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote === undefined) {
      if (ch === '"' || ch === "'" || ch === '`') quote = ch;
      continue;
    }
    if (depth > 0) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      continue;
    }
    if (ch === '\\') {
      out[i] = 1;
      if (i + 1 < s.length) out[++i] = 1;
      continue;
    }
    if (quote === '`' && ch === '$' && s[i + 1] === '{') {
      depth = 1;
      i++;
      continue;
    }
    if (ch === quote) quote = undefined;
    else out[i] = 1;
  }
  return out;
}

function isCommentLine(line: string): boolean {
  return /^\s*(\/\/|\*|\/\*|#(?!!)|--)/.test(line) && !/^\s*#\s*(ENV|RUN|ARG)\b/.test(line);
}

/** The rule name when a logging call on this line writes a credential. */
export function sensitiveLogRule(line: string): string | undefined {
  const call = LOG_CALL_RE.matcher(line);
  if (!call.find()) return undefined;
  const args = stripStrings(line.slice(call.end()).replace(/\[\s*['"]([\w-]+)['"]\s*\]/g, '.$1')).slice(0, 1_000);
  if (HEADERS_OBJECT_RE.test(args)) return 'request-headers';
  if (ENV_DUMP_RE.test(args)) return 'environment-dump';
  const m = SENSITIVE_ARG_RE.matcher(args);
  while (m.find()) {
    const after = args.slice(m.end());
    if (HARMLESS_AFTER.test(after)) continue;
    const name = (m.group(1) ?? '').toLowerCase();
    if (name === 'authorization' || name === 'bearer') return 'authorization-header';
    if (name.includes('pass')) return 'password';
    if (name.includes('cookie') || name.includes('session')) return 'cookie';
    if (name.includes('key')) return 'api-key';
    if (name.includes('secret')) return 'secret';
    return 'token';
  }
  return undefined;
}

/**
 * Empties string literals so words inside messages ("invalid password") do
 * not count, but keeps `${…}` expressions of template literals, which do.
 */
export function stripStrings(s: string): string {
  let out = '';
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (quote === undefined) {
      if (ch === '"' || ch === "'" || ch === '`') {
        quote = ch;
        out += ch;
      } else out += ch;
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (quote === '`' && depth === 0 && ch === '$' && s[i + 1] === '{') {
      depth = 1;
      out += ' ';
      i++;
      continue;
    }
    if (depth > 0) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      out += depth > 0 ? ch : ' ';
      continue;
    }
    if (ch === quote) {
      out += ch;
      quote = undefined;
    }
  }
  return out;
}

const QUOTED_RE = /(['"`])([^'"`\s]{8,})\1/g;
const PREFIXED_TOKEN_RE = /\b((?:sk|rk|pk)_(?:live|test)_\w+|xox[abposr]-[\w-]+|gh[pousr]_\w{20,}|AKIA[0-9A-Z]{16}|eyJ[\w-]{10,}\.[\w-]+\.[\w-]+)/g;

/**
 * Stricter than an env value's test: code strings are full of kebab-case ids
 * and regex sources, which must stay readable. Provider prefixes, long hex,
 * and mixed letters-and-digits with high entropy and no word separators.
 */
function looksLikeCodeSecret(body: string): boolean {
  if (!looksLikeCredential(body)) return false;
  if (new RegExp(PREFIXED_TOKEN_RE.source).test(body) || /^[0-9a-f]{32,}$/i.test(body)) return true;
  return /\d/.test(body) && /[a-z]/i.test(body) && !/^[a-z0-9]+([-_.\\|][a-z0-9]+)+$/i.test(body) && !/[\\|()[\]]/.test(body) && shannonEntropy(body) >= 3.8;
}

/** The line trimmed, cut, and with every credential-looking string masked. */
export function maskExcerpt(line: string): string {
  let out = line.trim().replace(QUOTED_RE, (all, q: string, body: string) => (looksLikeCodeSecret(body) ? `${q}${maskSecret(body)}${q}` : all));
  out = out.replace(PREFIXED_TOKEN_RE, (tok) => maskSecret(tok));
  out = out.replace(/(Bearer\s+)([\w.~+/-]{8,}=*)/g, (_all, b: string, tok: string) => `${b}${maskSecret(tok)}`);
  return out.length > EXCERPT_CHARS ? `${out.slice(0, EXCERPT_CHARS)}…` : out;
}
