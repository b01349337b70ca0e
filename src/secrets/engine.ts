// The secret engine: rules as data, one keyword pass, linear-time regexes.
//
// For each chunk, one keyword pass (keywords.ts) finds every rule keyword.
// Only rules with a hit run, and only on bounded windows around the hits, so
// a rule's regex never sees text far from its keyword. Regexes run in linear
// time, so a 5 MB minified line cannot trigger catastrophic backtracking:
// re2js by default, or V8's RegExp for rules marked `backtrackSafe`, whose
// patterns are checked at compile time to be of a shape that cannot
// backtrack badly (native-regex.ts). re2js runs at a few MB/s and V8 some
// 50× faster on the same windows, so every rule whose keyword is common in
// ordinary code (token, key, http, re_) opts in.
//
// Nothing raw leaves this module: a match carries the masked value and a
// fingerprint, never the secret.
import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';
import type { Severity } from '../report/model.js';
import { ciphertextFormat, encryptedContext } from './encrypted.js';
import { shannonEntropy } from './entropy.js';
import { KeywordIndex } from './keywords.js';
import { fingerprintSecret, maskSecret } from './mask.js';
import { toBacktrackSafeRegExp } from './native-regex.js';
import { isPlaceholder, isTemplate } from './placeholders.js';
import { isReadableCompound } from './rules/code-values.js';
import { SECRET_RULES } from './rules/index.js';
import type { SecretCategory, SecretRule } from './rules/types.js';
import { VALIDATORS } from './validators.js';

export const ALLOW_COMMENT = 'launchready:allow';

export interface SecretMatch {
  ruleId: string;
  description: string;
  category: SecretCategory;
  severity: Severity;
  /** Payment keys: which mode the key is for. */
  mode?: 'live' | 'test';
  path: string;
  /** 1-based line and column of the secret in the scanned text. */
  line: number;
  column: number;
  masked: string;
  fingerprint: string;
  /** The whole match with the secret masked and long text cut (e.g. `DATABASE_URL=postgres://app:ab…yz@db`). */
  context: string;
  /** Key of this secret in a baseline: path + rule + secret hash. */
  baselineKey: string;
  /** What decoding the value showed (e.g. `expired 2019-03-01` for a JWT). */
  note?: string;
}

/** A match inside ciphertext meant to be committed (SealedSecret, SOPS, ansible-vault…): encrypted, safe to commit. */
export interface EncryptedMatch {
  ruleId: string;
  path: string;
  line: number;
  /** The format recognised, e.g. `SOPS` or `SealedSecret encryptedData`. */
  format: string;
}

export interface ScanResult {
  matches: SecretMatch[];
  encrypted: EncryptedMatch[];
}

interface CompiledRule {
  rule: SecretRule;
  re: RE2JS;
  /** V8 RegExp (flag g, no d) for backtrack-safe rules; used instead of `re`. */
  native?: RegExp;
  /** The same pattern sticky with match indices (flag d), run only where a value passed the filters: building indices was about a quarter of the generic rule's regex time. */
  nativeAt?: RegExp;
  /** The secret's group: a number, or the names of alternative groups (the first that took part wins). */
  group: number | string[];
  pathRe?: RegExp;
  allowPaths: RegExp[];
  allowValues: RegExp[];
  unquotedCode: RegExp[];
  allowBefore?: RegExp;
  live?: RegExp;
  test?: RegExp;
  before: number;
  after: number;
  near?: RegExp;
  lineBounded: boolean;
  /** Position in the rule list: earlier rules are the more specific. */
  order: number;
}

export interface EngineOptions {
  rules?: readonly SecretRule[];
  /** Baseline keys (see baselineKey) to drop. */
  baseline?: ReadonlySet<string>;
}

const MAX_CONTEXT = 120;
const ALLOW_LOOKAROUND = 4096;

export function baselineKey(path: string, ruleId: string, fingerprint: string): string {
  return createHash('sha256').update(`${path}\0${ruleId}\0${fingerprint}`).digest('hex').slice(0, 32);
}

export class SecretEngine {
  private readonly compiled: CompiledRule[];
  private readonly keywords: KeywordIndex;
  /** Keyword index → [keyword groups that own it, keyword length]. */
  private readonly owners: [number[], number][];
  /** Rules that share one keyword set share one list of hit positions (generic, pair and name/value rules all fire on key/token/pass). */
  private readonly groups: number[][];
  private readonly baseline: ReadonlySet<string>;

  constructor(opts: EngineOptions = {}) {
    const rules = opts.rules ?? SECRET_RULES;
    this.baseline = opts.baseline ?? new Set();
    this.compiled = rules.map((rule, order) => {
      const re = RE2JS.compile(rule.regex);
      if (rule.keywords.length === 0 && !rule.paths) throw new Error(`secret rule ${rule.id} has no keywords, so it needs paths`);
      const named = Object.keys(re.namedGroups()).filter((n) => n.startsWith('secret'));
      named.sort((a, b) => (a === 'secret' ? -1 : b === 'secret' ? 1 : 0));
      const group = named.length ? named : re.groupCount() >= 1 ? 1 : 0;
      return {
        rule,
        re,
        group,
        ...nativeRegExps(rule),
        pathRe: rule.paths ? new RegExp(rule.paths) : undefined,
        allowPaths: (rule.allow?.paths ?? []).map((p) => new RegExp(p)),
        allowValues: (rule.allow?.regexes ?? []).map((p) => new RegExp(p)),
        unquotedCode: (rule.allow?.unquotedCode ?? []).map((p) => new RegExp(p)),
        allowBefore: rule.allow?.before ? new RegExp(rule.allow.before, 'i') : undefined,
        live: rule.modes?.live ? new RegExp(rule.modes.live) : undefined,
        test: rule.modes?.test ? new RegExp(rule.modes.test) : undefined,
        before: rule.before ?? 160,
        after: rule.after ?? 320,
        near: rule.near ? nearRegExp(rule.near) : undefined,
        lineBounded: rule.lineBounded ?? false,
        order,
      };
    });
    // One automaton over every keyword; each keyword maps to the groups of rules (by keyword set) that own it.
    const groupOf = new Map<string, number>();
    const groups: number[][] = [];
    const owners = new Map<string, number[]>();
    this.compiled.forEach((c, i) => {
      if (c.rule.keywords.length === 0) return;
      const keys = [...new Set(c.rule.keywords.map((k) => k.toLowerCase()))].sort();
      const id = keys.join('\0');
      let g = groupOf.get(id);
      if (g === undefined) {
        g = groups.push([]) - 1;
        groupOf.set(id, g);
        for (const key of keys) owners.set(key, [...(owners.get(key) ?? []), g]);
      }
      groups[g]!.push(i);
    });
    this.groups = groups;
    this.keywords = new KeywordIndex([...owners.keys()]);
    this.owners = [...owners].map(([k, gs]) => [gs, k.length]);
  }

  get rules(): readonly SecretRule[] {
    return this.compiled.map((c) => c.rule);
  }

  /** Scans one chunk of text (a file, or the added lines of a diff) that came from `path`. Matches inside ciphertext are left out. */
  scan(text: string, path: string): SecretMatch[] {
    return this.scanAll(text, path).matches;
  }

  /** Like scan, and also lists the matches left out because they sit inside ciphertext meant to be committed. */
  scanAll(text: string, path: string, now = Date.now()): ScanResult {
    if (text.length === 0) return { matches: [], encrypted: [] };
    const hits = this.keywordHits(text);
    const raw: RawMatch[] = [];
    for (const [g, positions] of hits) {
      for (const r of this.groups[g]!) {
        const c = this.compiled[r]!;
        if (this.runsOn(c, path)) this.runRule(c, text, positions, raw);
      }
    }
    // Rules of a file format read the whole file (the path says it is one).
    for (const c of this.wholeFile) if (this.runsOn(c, path)) this.runRule(c, text, [0, 0], raw, true);
    if (raw.length === 0) return { matches: [], encrypted: [] };
    return this.finish(text, path, preferSpecific(raw), now);
  }

  private get wholeFile(): CompiledRule[] {
    return (this.wholeFileRules ??= this.compiled.filter((c) => c.rule.keywords.length === 0));
  }
  private wholeFileRules?: CompiledRule[];

  /** Rule index → [start, end] of each keyword hit, flattened. */
  /** Keyword group index → [start, end] of each keyword hit, flattened, in order of start. */
  private keywordHits(text: string): Map<number, number[]> {
    const hits = new Map<number, number[]>();
    this.keywords.scan(text, (k, start) => {
      const [groups, length] = this.owners[k]!;
      for (const g of groups) {
        const list = hits.get(g);
        if (list) list.push(start, start + length);
        else hits.set(g, [start, start + length]);
      }
    });
    return hits;
  }

  /** Rules that run on `path` at all (their paths and allow.paths), asked once per file. */
  private runsOn(c: CompiledRule, path: string): boolean {
    if (c.pathRe && !c.pathRe.test(path)) return false;
    return !c.allowPaths.some((re) => re.test(path));
  }




  private runRule(c: CompiledRule, text: string, positions: number[], out: RawMatch[], whole = false): void {
    // Merge overlapping windows so each stretch of text is matched once.
    const windows: [number, number][] = whole ? [[0, text.length]] : [];
    for (let i = 0; !whole && i < positions.length; i += 2) {
      const p = positions[i]!;
      const kwEnd = positions[i + 1]!;
      if (c.near) {
        // Sticky at the keyword's end: no slice allocated per keyword hit and rule.
        c.near.lastIndex = kwEnd;
        if (!c.near.test(text)) continue;
      }
      let start = Math.max(0, p - c.before);
      let end = Math.min(text.length, p + c.after);
      if (c.lineBounded) {
        // Bounded slices: an unbounded search on a 5 MB line would make this quadratic.
        const nlBefore = text.slice(start, p).lastIndexOf('\n');
        if (nlBefore >= 0) start += nlBefore + 1;
        const nlAfter = text.slice(kwEnd, end).indexOf('\n');
        if (nlAfter >= 0) end = kwEnd + nlAfter;
      }
      const last = windows[windows.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else windows.push([start, end]);
    }
    // Most hits of the common keywords pass no rule's `near`: nothing to match, and no closure to build.
    if (windows.length === 0) return;
    const seen = new Set<number>();
    // `accepted`: the value already passed accept() (the native path filters before it locates the value).
    const emit = (secret: string, sStart: number, mStart: number, mEnd: number, group: string | number, accepted = false): void => {
      if (!secret || seen.has(sStart)) return;
      seen.add(sStart);
      if (!accepted && !this.accept(c, secret, group === 'secretuq')) return;
      if (c.allowBefore?.test(text.slice(mStart, sStart))) return;
      out.push({ c, secret, start: sStart, end: sStart + secret.length, mStart, mEnd });
    };
    for (const [ws, we] of windows) {
      const window = text.slice(ws, we);
      if (c.native) {
        const re = c.native;
        re.lastIndex = 0;
        for (let m = re.exec(window); m; m = re.exec(window)) {
          // Patterns that can match the empty string would otherwise loop here.
          if (m[0].length === 0) re.lastIndex++;
          const groups = m.groups;
          const g = typeof c.group === 'number' ? c.group : c.group.find((n) => groups?.[n] !== undefined);
          if (g === undefined) continue;
          const secret = typeof g === 'number' ? m[g] : groups?.[g];
          // Most matches of the generic rules are code or low-entropy words: judge the value before paying for its position.
          if (!secret || !this.accept(c, secret, g === 'secretuq')) continue;
          const at = c.nativeAt!;
          at.lastIndex = m.index;
          const md = at.exec(window);
          const span = typeof g === 'number' ? md?.indices?.[g] : md?.indices?.groups?.[g];
          if (!md || !span) continue;
          emit(secret, ws + span[0], ws + m.index, ws + m.index + m[0].length, g, true);
        }
        continue;
      }
      const m = c.re.matcher(window);
      while (m.find()) {
        const g = typeof c.group === 'number' ? c.group : c.group.find((n) => m.group(n) !== null);
        if (g === undefined) continue;
        const secret = m.group(g);
        if (!secret) continue;
        emit(secret, ws + m.start(g), ws + m.start(), ws + m.end(), g);
      }
    }
  }

  private accept(c: CompiledRule, secret: string, unquoted: boolean): boolean {
    const r = c.rule;
    // Cheapest test first: most candidates of the generic rules are low-entropy code.
    // A credential format holds credentials whatever they look like: a weak one is worse, not better.
    if (!r.credentialFormat && r.minEntropy !== undefined && shannonEntropy(secret) < r.minEntropy) return false;
    // Ciphertext goes on to be reported as encrypted (see finish), whatever the filters below would say of it.
    if (ciphertextFormat(secret)) return true;
    if (isTemplate(secret)) return false;
    if (c.allowValues.some((re) => re.test(secret))) return false;
    if (unquoted && c.unquotedCode.some((re) => re.test(secret))) return false;
    const lower = secret.toLowerCase();
    if (r.allow?.values?.includes(lower)) return false;
    if (r.credentialFormat) return true;
    if (isPlaceholder(secret)) return false;
    if (r.allow?.stopwords?.some((w) => lower.includes(w))) return false;
    if (r.allow?.readable && isReadableCompound(secret)) return false;
    return true;
  }

  private finish(text: string, path: string, raw: RawMatch[], now: number): ScanResult {
    raw.sort((a, b) => a.start - b.start);
    const out: SecretMatch[] = [];
    const encrypted: EncryptedMatch[] = [];
    const cipher = encryptedContext(text, path);
    // Line numbers counted incrementally: one pass over the text however many matches.
    let line = 1;
    let lineStart = 0;
    let cursor = 0;
    for (const r of raw) {
      while (cursor < r.start) {
        const nl = text.indexOf('\n', cursor);
        if (nl < 0 || nl >= r.start) break;
        line++;
        lineStart = nl + 1;
        cursor = nl + 1;
      }
      if (hasAllowComment(text, r.mStart, r.mEnd)) continue;
      const format = cipher.formatAt(r.start, r.end, r.secret);
      if (format) {
        encrypted.push({ ruleId: r.c.rule.id, path, line, format });
        continue;
      }
      const verdict = r.c.rule.validate ? VALIDATORS[r.c.rule.validate](r.secret, now) : {};
      if (verdict.drop) continue;
      const fingerprint = fingerprintSecret(r.secret);
      const key = baselineKey(path, r.c.rule.id, fingerprint);
      if (this.baseline.has(key)) continue;
      const mode = r.c.live?.test(r.secret) ? 'live' : r.c.test?.test(r.secret) ? 'test' : undefined;
      out.push({
        ruleId: r.c.rule.id,
        description: r.c.rule.description,
        category: r.c.rule.category,
        severity: mode === 'test' ? 'low' : (verdict.severity ?? r.c.rule.severity),
        ...(mode ? { mode } : {}),
        ...(verdict.note ? { note: verdict.note } : {}),
        path,
        line,
        column: r.start - lineStart + 1,
        masked: maskSecret(r.secret),
        fingerprint,
        context: contextOf(text, r),
        baselineKey: key,
      });
    }
    return { matches: out, encrypted };
  }
}

interface RawMatch {
  c: CompiledRule;
  secret: string;
  start: number;
  end: number;
  mStart: number;
  mEnd: number;
}

/** Drops generic matches where a specific rule found an overlapping secret, and exact duplicates. */
function preferSpecific(raw: RawMatch[]): RawMatch[] {
  const specific = raw.filter((r) => !r.c.rule.generic);
  if (specific.length === 0 && raw.length === 1) return raw;
  const kept = raw.filter((r) => !r.c.rule.generic || !specific.some((s) => s.start < r.end && r.start < s.end));
  // One finding per value: where two rules found the same span, the one listed first (the more specific) speaks.
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.c.order - b.c.order);
  const seen = new Set<string>();
  return kept.filter((r) => {
    const k = `${r.start}:${r.end}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function hasAllowComment(text: string, start: number, end: number): boolean {
  // The line around the match, bounded so a 5 MB line costs a bounded look.
  const from = Math.max(0, start - ALLOW_LOOKAROUND);
  const to = Math.min(text.length, end + ALLOW_LOOKAROUND);
  let ls = text.lastIndexOf('\n', start);
  ls = ls < from ? from : ls + 1;
  let le = text.indexOf('\n', end);
  le = le < 0 || le > to ? to : le;
  return text.slice(ls, le).includes(ALLOW_COMMENT);
}

function contextOf(text: string, r: RawMatch): string {
  const before = text.slice(Math.max(r.mStart, r.start - 60), r.start);
  const after = text.slice(r.end, Math.min(r.mEnd, r.end + 40));
  const ctx = `${before}${maskSecret(r.secret)}${after}`.replace(/\s+/g, ' ');
  return ctx.length > MAX_CONTEXT ? ctx.slice(0, MAX_CONTEXT) + '…' : ctx;
}

/** A backtrack-safe rule's pattern on V8: a scanning copy without match indices and a sticky copy with them. */
function nativeRegExps(rule: SecretRule): Pick<CompiledRule, 'native' | 'nativeAt'> {
  if (!rule.backtrackSafe) return {};
  const re = toBacktrackSafeRegExp(rule.regex, rule.id);
  return { native: new RegExp(re.source, re.flags.replace('d', '')), nativeAt: new RegExp(re.source, re.flags.replace('g', 'y')) };
}

/** A rule's `near` pattern (anchored with ^ at the keyword's end) as a sticky RegExp to run at an offset of the whole text. */
function nearRegExp(pattern: string): RegExp {
  if (!pattern.startsWith('^')) throw new Error(`near pattern ${JSON.stringify(pattern)} must start with ^`);
  return new RegExp(pattern.slice(1), 'y');
}
