// Secrets in a reply, judged two ways and never by an LLM: the secret
// engine's rules (the same ones the repository scan uses: provider key
// formats, entropy, placeholders left out), and the fingerprints of values
// the repository scan and the env files already hold, so a secret in no
// known format still counts when it is one of the app's own. The hits keep
// their raw value in memory only, so the gatherer can mask it everywhere
// (and register it with the redactor) before anything is stored.
import type { SecretEngine } from '../../../secrets/engine.js';
import { fingerprintSecret, maskSecret } from '../../../secrets/mask.js';

export interface SecretHit {
  description: string;
  ruleId?: string;
  masked: string;
  fingerprint: string;
  /** Where the repository scan or an env file has the same value. */
  knownFrom?: string;
  start: number;
  end: number;
  /** In memory only; never stored. */
  raw: string;
}

/** Runs of characters a credential is made of; shorter ones are not worth a fingerprint. */
const TOKEN = /[A-Za-z0-9_\-+/=.:@%~]{12,512}/g;

export function secretsInReply(reply: string, engine: SecretEngine, known: ReadonlyMap<string, string>): SecretHit[] {
  const hits: SecretHit[] = [];
  const lineStarts = [0];
  for (let i = reply.indexOf('\n'); i !== -1; i = reply.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  for (const m of engine.scan(reply, 'assistant-reply.txt')) {
    const start = (lineStarts[m.line - 1] ?? 0) + m.column - 1;
    const end = endOf(reply, start, m.fingerprint);
    if (end < 0) continue;
    hits.push({ description: m.description, ruleId: m.ruleId, masked: m.masked, fingerprint: m.fingerprint, knownFrom: known.get(m.fingerprint), start, end, raw: reply.slice(start, end) });
  }
  if (known.size) {
    for (const t of reply.matchAll(TOKEN)) {
      // A known value may sit inside a token (KEY=value, a URL): try the whole run and its parts.
      for (const [off, part] of parts(t[0])) {
        const fp = fingerprintSecret(part);
        const where = known.get(fp);
        const start = t.index + off;
        if (!where || hits.some((h) => h.start <= start && start < h.end)) continue;
        hits.push({ description: 'a secret value the repository holds', masked: maskSecret(part), fingerprint: fp, knownFrom: where, start, end: start + part.length, raw: part });
      }
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** The engine reports where a secret starts and its fingerprint; its end is where the fingerprint matches. */
function endOf(text: string, start: number, fingerprint: string): number {
  for (let len = 8; len <= 512 && start + len <= text.length; len++) {
    if (fingerprintSecret(text.slice(start, start + len)) === fingerprint) return start + len;
  }
  return -1;
}

/** The run itself and the pieces between separators that often wrap a value (=, :, @, /). */
function parts(run: string): [number, string][] {
  const out: [number, string][] = [[0, run]];
  let at = 0;
  for (const piece of run.split(/[=:@/]/)) {
    if (piece.length >= 12 && piece !== run) out.push([at, piece]);
    at += piece.length + 1;
  }
  return out;
}
