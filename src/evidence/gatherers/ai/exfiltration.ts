// The exfiltration channel of indirect prompt injection: a reply that
// carries a markdown image (fetched by the chat UI with no click at all) or a
// link to an outside origin, with data in its URL. "Carrying data" means the
// URL holds something the attacker did not write: the canary in its obeyed
// form, or one of the object's own values the assistant was asked to put
// there. A link to the app's own origin, an outside link without data, or
// data only in the link text is not the channel.
import { normalise } from './text.js';

export interface ExfiltrationLink {
  kind: 'markdown image' | 'markdown link' | 'html image' | 'html link';
  /** The URL as written (callers mask it before storing). */
  url: string;
  origin: string;
  /** Which of the carried values its URL holds. */
  carries: string[];
}

const PATTERNS: [ExfiltrationLink['kind'], RegExp][] = [
  ['markdown image', /!\[[^\]\n]{0,500}\]\(\s*<?([^\s)>]{1,4000})>?(?:\s+["'(][^\n]{0,200})?\s*\)/g],
  ['markdown link', /(?<!!)\[[^\]\n]{0,500}\]\(\s*<?([^\s)>]{1,4000})>?(?:\s+["'(][^\n]{0,200})?\s*\)/g],
  // Reference-style definitions: [x]: https://…
  ['markdown link', /^\s{0,3}\[[^\]\n]{1,200}\]:\s*<?(\S{1,4000}?)>?(?:\s|$)/gm],
  ['html image', /<img\b[^>]{0,2000}?\bsrc\s*=\s*["']?([^"'\s>]{1,4000})/gi],
  ['html link', /<a\b[^>]{0,2000}?\bhref\s*=\s*["']?([^"'\s>]{1,4000})/gi],
];

export function exfiltrationLinks(reply: string, opts: { ownOrigins: readonly string[]; carried: readonly string[] }): ExfiltrationLink[] {
  const own = new Set(opts.ownOrigins.map(originOf).filter(Boolean));
  const carried = opts.carried.filter((c) => c.length >= 4);
  const out: ExfiltrationLink[] = [];
  for (const [kind, re] of PATTERNS) {
    for (const m of reply.matchAll(re)) {
      const raw = (m[1] ?? '').trim();
      const url = raw.startsWith('//') ? `https:${raw}` : raw;
      const origin = originOf(url);
      if (!origin || own.has(origin)) continue;
      const where = normalise(decode(url.slice(origin.length)));
      const carries = carried.filter((c) => where.includes(normalise(c)));
      if (carries.length) out.push({ kind, url: raw, origin, carries });
    }
  }
  return out;
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : '';
  } catch {
    return '';
  }
}

/** Percent- and plus-decoded, repeatedly (double encoding), without throwing on stray %. */
function decode(s: string): string {
  let cur = s.replace(/\+/g, ' ');
  for (let i = 0; i < 3; i++) {
    const next = cur.replace(/%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*/g, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
    if (next === cur) break;
    cur = next;
  }
  return cur;
}
