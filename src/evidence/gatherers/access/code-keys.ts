// Signing keys the code itself sets (issue 11, item 8): a literal assigned to
// a signing-key-like name (SECRET_KEY, JWT_SECRET, jwt_secret_key,
// signingKey, secretOrKey), set in a config mapping
// (`app.config['SECRET_KEY'] = 'random'`), given as an env fallback
// (`os.environ.get('SECRET_KEY', 'dev')`, `process.env.JWT_SECRET || 'dev'`)
// or passed straight to a JWT call (`jwt.sign(payload, 'literal')`), in
// source and settings files (examples included: `config.ts.example`).
// Such a key is often too short or too plain for the secret scanner's rules
// (VAmPI signs with `random`), yet it is exactly what an attacker reading the
// repository tries first. Values are read from the configured repository into
// memory for the weak-key probe only; what is ever recorded is the file and
// line, the masked form and the fingerprint.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RepoEvidence } from '../../types.js';
import type { KeyCandidate } from './key-candidates.js';

/** Files read (source and settings; an .example/.sample/.dist/.template suffix is looked through). */
const SOURCE = /\.(py|js|mjs|cjs|ts|mts|cts|jsx|tsx|rb|php|go|java|kt|kts|scala|cs|ex|exs|rs|groovy|yml|yaml|json|toml|ini|cfg|conf|properties|env)$/i;
const TEMPLATE_SUFFIX = /\.(example|sample|dist|template|tpl|default)$/i;
/** Where no app key lives: dependencies, builds, lock files. */
const SKIP_PATH = /(^|\/)(node_modules|vendor|dist|build|\.git|\.venv|venv|site-packages|coverage|__pycache__)\/|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|Gemfile\.lock|poetry\.lock)$/;
const MAX_FILES = 5000;
const MAX_BYTES = 256 * 1024;
/** Longer lines are minified bundles, not settings. */
const MAX_LINE = 2000;

/** A signing-key-like name, compared without case, `_`, `-` or `.`: anything with "secret" in it, or a key of a JWT, token, HMAC or signature. */
export function keyLikeName(name: string): boolean {
  const n = name.toLowerCase().replace(/[_\-.]/g, '');
  return n.includes('secret') || /(jwt|token|hmac|sign|signing|signature|auth)(key|keybase)$/.test(n) || n === 'secretkeybase';
}

const LITERAL = String.raw`(?:'([^'\n]{1,200})'|"([^"\n]{1,200})"|\x60([^\x60$\n]{1,200})\x60)`;
const NAME = String.raw`([A-Za-z_$][\w$.-]{0,80})`;
const FORMS: RegExp[] = [
  // NAME = 'v', NAME: 'v', "NAME": "v", 'NAME' => 'v', NAME := "v", const NAME = 'v'
  new RegExp(String.raw`['"]?${NAME}['"]?\s*(?:=>|:=|=|:)\s*${LITERAL}`, 'g'),
  // config['NAME'] = 'v'
  new RegExp(String.raw`\[\s*['"]${NAME}['"]\s*\]\s*=\s*${LITERAL}`, 'g'),
  // os.environ.get('NAME', 'v'), os.getenv("NAME", "v"), env('NAME', 'v'), ENV.fetch('NAME', 'v'), config.get('NAME', 'v')
  new RegExp(String.raw`\(\s*['"]${NAME}['"]\s*,\s*${LITERAL}`, 'g'),
  // process.env.NAME || 'v', process.env.NAME ?? 'v'
  new RegExp(String.raw`env\.${NAME}\s*(?:\|\||\?\?)\s*${LITERAL}`, 'g'),
];
/** A JWT library call with the key in it: every literal after the call's first argument is a candidate (the algorithm name or lifetime that may come with it verifies nothing). */
const JWT_CALL = /\b(?:jwt|JWT|jsonwebtoken|jose|Jwts?)\s*\.\s*(?:sign|verify|encode|decode)\s*\(/;
/** A YAML/INI/properties/env line whose value is unquoted: `secret_key_base: abc123`. */
const UNQUOTED = /^\s*['"]?([A-Za-z_][\w.-]{0,80})['"]?\s*[:=]\s*([^\s'"#,{}[\]]{1,200})\s*$/;
const SETTINGS = /\.(ya?ml|ini|cfg|conf|properties|toml|env)$/i;

/** A value that is a reference, not a key: a placeholder, an env lookup written as text, a path, a type name. */
function usable(v: string): boolean {
  return v.trim() !== '' && !/\$\{|\{\{|%\(|^<.*>$|^(true|false|null|none|undefined|string|number)$/i.test(v) && !/^(process\.env|os\.environ|ENV\[)/.test(v);
}

/** The candidates of one file's text: value, 1-based line and the name it was assigned to. */
export function keysInText(text: string, file: string): { value: string; line: number; name: string }[] {
  const out: { value: string; line: number; name: string }[] = [];
  const settings = SETTINGS.test(file.replace(TEMPLATE_SUFFIX, ''));
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.length > MAX_LINE) return;
    for (const re of FORMS) {
      re.lastIndex = 0;
      for (const m of l.matchAll(re)) {
        const name = m[1]!;
        const value = m[2] ?? m[3] ?? m[4];
        if (value !== undefined && keyLikeName(name) && usable(value)) out.push({ value, line: i + 1, name });
      }
    }
    const call = JWT_CALL.exec(l);
    if (call) {
      const rest = l.slice(call.index + call[0].length);
      const afterFirst = rest.slice(Math.max(0, rest.indexOf(',')));
      for (const m of afterFirst.matchAll(new RegExp(LITERAL, 'g'))) {
        const value = m[1] ?? m[2] ?? m[3];
        if (value !== undefined && usable(value)) out.push({ value, line: i + 1, name: call[0].replace(/\s|\($/g, '') });
      }
    }
    const u = settings ? UNQUOTED.exec(l) : null;
    if (u && keyLikeName(u[1]!) && usable(u[2]!)) out.push({ value: u[2]!, line: i + 1, name: u[1]! });
  });
  return out;
}

/** Every signing-key candidate the repository's code assigns, named by file, line and setting ("config.py line 13 (SECRET_KEY)"). Unreadable files are passed over. */
export async function codeKeys(repo: RepoEvidence): Promise<KeyCandidate[]> {
  const files = repo.files.map((f) => f.path).filter((p) => SOURCE.test(p.replace(TEMPLATE_SUFFIX, '')) && !SKIP_PATH.test(p)).slice(0, MAX_FILES);
  const out: KeyCandidate[] = [];
  for (const rel of files) {
    const text = await readFile(path.join(repo.root, rel)).then(
      (b) => (b.length > MAX_BYTES || b.includes(0) ? undefined : b.toString('utf8')),
      () => undefined,
    );
    if (!text) continue;
    for (const k of keysInText(text, rel)) out.push({ value: k.value, source: `${rel} line ${k.line} (${k.name})`, kind: 'code' });
  }
  return out;
}
