// Every string that leaves the engine (evidence excerpts, ledger URLs, curl
// reproductions, terminal lines) passes through one Redactor that knows every
// secret the run was given or obtained (config env: values, session tokens,
// cookies). Scrubbing at the boundary is safer than trusting every caller to
// remember: a new check cannot leak a token it never saw as a secret.
import { maskSecret } from './mask.js';

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
  #patterns: { text: string; mask: string }[] = [];
  #shortest = Infinity;
  /** Credential header value → its mask (depends on the value alone, not on the secrets registered). */
  readonly #credentialMasks = new Map<string, string>();

  constructor(initial: Iterable<string> = []) {
    for (const s of initial) this.add(s);
  }

  /** Registers a value to mask. Very short values are ignored: masking "a" would shred every text. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 6 || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    const mask = maskSecret(secret);
    const forms = [{ text: secret, mask }];
    const enc = encodeURIComponent(secret);
    if (enc !== secret) forms.push({ text: enc, mask });
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
    return this.#rebuild(text, hits);
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
    if (!CREDENTIAL_HEADERS.has(name) && !CREDENTIAL_HEADERS.has(name.toLowerCase())) return this.scrub(value);
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
