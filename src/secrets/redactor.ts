// Every string that leaves the engine (evidence excerpts, ledger URLs, curl
// reproductions, terminal lines) passes through one Redactor that knows every
// secret the run was given or obtained (config env: values, session tokens,
// cookies). Scrubbing at the boundary is safer than trusting every caller to
// remember: a new check cannot leak a token it never saw as a secret.
//
// Masking both ways (issue 10): a secret is masked where it stands as a
// value, never inside a word (a role password "secret" must not turn
// secret-in-repository into ******-in-repository). Secrets of 16 characters
// or more are random enough to mask wherever they appear; shorter ones only
// where they stand between non-word characters; and under 8 characters only
// in credential positions (credential headers, password and token fields:
// maskCredentialFields), never in running text. Tokens a response carries
// (JWTs, "Bearer …", token and session fields) are masked and learned,
// whatever scheme the config names.
import { maskCredentialFields, maskTokens } from './credential-fields.js';
import { maskSecret } from './mask.js';

/** Below this, a value is masked only in credential positions. */
export const MIN_SEARCHED_SECRET = 8;
/** From this length a secret is masked even inside a longer run of word characters. */
const ALWAYS_MASKED = 16;
const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

// Header values that are credentials whatever their content.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key']);

export class Redactor {
  // Private fields (#) are invisible to JSON.stringify and util.inspect's
  // default view, so a Redactor that ends up inside logged or saved data
  // cannot spill the secrets it guards.
  readonly #secrets = new Set<string>();
  /**
   * Every form a secret is searched in (as given, and URL-encoded) with its
   * mask, longest first; rebuilt only when a secret is added, so scrub() does
   * no per-call encoding, sorting or masking.
   */
  #patterns: { text: string; mask: string; anywhere: boolean }[] = [];
  #shortest = Infinity;
  /** Credential header value → its mask (depends on the value alone, not on the secrets registered). */
  readonly #credentialMasks = new Map<string, string>();

  constructor(initial: Iterable<string> = []) {
    for (const s of initial) this.add(s);
  }

  /**
   * Registers a value to mask. Values under MIN_SEARCHED_SECRET characters are
   * not searched for in text (masking "secret" would shred every report); they
   * are masked only where they stand as credentials (fields and headers).
   */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SEARCHED_SECRET || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    const mask = maskSecret(secret);
    const anywhere = secret.length >= ALWAYS_MASKED;
    const forms = [{ text: secret, mask, anywhere }];
    const enc = encodeURIComponent(secret);
    if (enc !== secret) forms.push({ text: enc, mask, anywhere });
    this.#patterns = [...this.#patterns, ...forms].sort((a, b) => b.text.length - a.text.length);
    this.#shortest = Math.min(this.#shortest, secret.length);
  }

  toJSON(): string {
    return `[Redactor: ${this.#secrets.size} secrets]`;
  }

  get size(): number {
    return this.#secrets.size;
  }

  /**
   * One scan per secret form with indexOf (native, no allocation when nothing
   * matches: the common case), then one rebuild of the text. Occurrences that
   * overlap (two secrets sharing characters, one inside another) are masked as
   * one span, so no part of either survives — replacing secret by secret
   * could leave the tail of a longer secret behind a shorter one that
   * started earlier.
   */
  scrub(text: string): string {
    if (text.length < this.#shortest) return text;
    const patterns = this.#patterns;
    let hits: number[] | undefined;
    for (let p = 0; p < patterns.length; p++) {
      const pat = patterns[p]!.text;
      if (pat.length > text.length) continue;
      for (let i = text.indexOf(pat); i !== -1; i = text.indexOf(pat, i + 1)) (hits ??= []).push(i, i + pat.length, p);
    }
    if (!hits) return text;
    const kept = this.#atBoundaries(text, hits);
    return kept.length ? this.#rebuild(text, kept) : text;
  }

  /**
   * Hits that stand as values: long secrets anywhere; shorter ones only with
   * no word character glued to either end (where the secret itself starts or
   * ends with one), plus any hit overlapping a kept one, so no part of a
   * masked span survives.
   */
  #atBoundaries(text: string, flat: number[]): number[] {
    const ok: boolean[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const [start, end, p] = [flat[i]!, flat[i + 1]!, flat[i + 2]!];
      const pat = this.#patterns[p]!;
      ok.push(pat.anywhere || ((!isWord(pat.text[0]) || !isWord(text[start - 1])) && (!isWord(pat.text.at(-1)) || !isWord(text[end]))));
    }
    const out: number[] = [];
    for (let i = 0, h = 0; i < flat.length; i += 3, h++) {
      const [start, end] = [flat[i]!, flat[i + 1]!];
      const keep = ok[h] || ok.some((o, k) => o && flat[k * 3]! < end && start < flat[k * 3 + 1]!);
      if (keep) out.push(flat[i]!, end, flat[i + 2]!);
    }
    return out;
  }

  /**
   * For anything an app sent back or a probe sends (bodies, URLs, header
   * values): known secrets, then credential fields, JWTs and scheme-prefixed
   * tokens, whatever they are; each token found is learned, so it is masked
   * wherever it shows up later.
   */
  scrubBody(text: string): string {
    const learn = (v: string) => this.add(v);
    return this.scrub(maskTokens(maskCredentialFields(text, learn), learn));
  }

  /** The last pass over a finished report (JSON text): known secrets, JWTs and scheme-prefixed tokens, and credential fields of embedded JSON. */
  scrubReport(json: string): string {
    return this.scrub(maskTokens(maskCredentialFields(json)));
  }

  #rebuild(text: string, flat: number[]): string {
    const hits: [start: number, end: number, pattern: number][] = [];
    for (let i = 0; i < flat.length; i += 3) hits.push([flat[i]!, flat[i + 1]!, flat[i + 2]!]);
    // By start, then longest first: a span's first hit is its longest at that start.
    hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let out = '';
    let pos = 0;
    for (let h = 0; h < hits.length; ) {
      const [start, firstEnd, pattern] = hits[h]!;
      let end = firstEnd;
      for (h++; h < hits.length && hits[h]![0] < end; h++) end = Math.max(end, hits[h]![1]);
      // One secret (possibly with others inside it): its own mask. Several
      // overlapping ones: stars only, since a mask's visible ends could be
      // characters of a short secret that is otherwise never shown.
      const mask = end === firstEnd ? this.#patterns[pattern]!.mask : '*'.repeat(Math.min(end - start, 16));
      out += text.slice(pos, start) + mask;
      pos = end;
    }
    return out + text.slice(pos);
  }

  /** Masks credential headers entirely and scrubs the rest. */
  scrubHeader(name: string, value: string): string {
    if (!CREDENTIAL_HEADERS.has(name) && !CREDENTIAL_HEADERS.has(name.toLowerCase())) return this.scrub(maskTokens(value, (v) => this.add(v)));
    // A role sends the same credential header on every request: mask it once.
    let masked = this.#credentialMasks.get(value);
    if (masked === undefined) {
      if (this.#credentialMasks.size >= 256) this.#credentialMasks.clear();
      masked = maskCredentialHeader(value);
      this.#credentialMasks.set(value, masked);
    }
    return masked;
  }
}

function maskCredentialHeader(value: string): string {
  // Keep the scheme ("Bearer") and cookie names: they help a reader, and are not secret.
  const bearer = /^(\w+)\s+(.+)$/.exec(value);
  if (bearer && !value.includes('=')) return `${bearer[1]} ${maskSecret(bearer[2] ?? '')}`;
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const name = part.slice(0, eq);
      const val = part.slice(eq + 1);
      const attr = name.trim().toLowerCase();
      if (['path', 'domain', 'expires', 'max-age', 'samesite'].includes(attr)) return part;
      return `${name}=${maskSecret(val)}`;
    })
    .join(';');
}
