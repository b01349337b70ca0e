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
  /** Longest first, so a token that contains another secret is masked whole; rebuilt only when a secret is added. */
  #ordered: string[] = [];

  constructor(initial: Iterable<string> = []) {
    for (const s of initial) this.add(s);
  }

  /** Registers a value to mask. Very short values are ignored: masking "a" would shred every text. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 6 || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#ordered = [...this.#secrets].sort((a, b) => b.length - a.length);
  }

  toJSON(): string {
    return `[Redactor: ${this.#secrets.size} secrets]`;
  }

  get size(): number {
    return this.#secrets.size;
  }

  scrub(text: string): string {
    if (this.#secrets.size === 0 || text.length === 0) return text;
    let out = text;
    for (const s of this.#ordered) {
      if (out.includes(s)) out = out.split(s).join(maskSecret(s));
      const enc = encodeURIComponent(s);
      if (enc !== s && out.includes(enc)) out = out.split(enc).join(maskSecret(s));
    }
    return out;
  }

  /** Masks credential headers entirely and scrubs the rest. */
  scrubHeader(name: string, value: string): string {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) return maskCredentialHeader(value);
    return this.scrub(value);
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
