// Strict-Transport-Security read the way browsers read it: by the grammar of
// RFC 6797 §6.1, all or nothing. A header that breaks the grammar is ignored
// whole ("UAs MUST ignore any STS header field containing directives, or
// other header field value data, that does not conform to the syntax"), so a
// lenient "first max-age= we find" passes headers no browser ever applied.
// Our own parser because no maintained library implements this grammar (the
// Structured Fields parsers do not: HSTS predates RFC 8941 and differs from it).
//
//   Strict-Transport-Security = [ directive ] *( ";" [ directive ] )
//   directive       = directive-name [ "=" directive-value ]
//   directive-name  = token
//   directive-value = token | quoted-string
//   max-age         = "max-age" "=" delta-seconds   (REQUIRED, §6.1.1)
//   includeSubDomains                              (valueless, §6.1.2)
//
// with RFC 2616's implied linear white space between the elements. Directive
// names are case-insensitive; each may appear once; unknown directives are
// ignored when well-formed (so `preload` is fine).

export type HstsParse =
  | { valid: true; maxAge: number; includeSubDomains: boolean; preload: boolean; directives: string[] }
  | { valid: false; defect: string };

// RFC 2616 §2.2 separators; a token is 1*<any CHAR except CTLs or separators>.
const SEPARATORS = new Set('()<>@,;:\\"/[]?={} \t');
const isTokenChar = (c: string) => {
  const code = c.charCodeAt(0);
  return code > 31 && code < 127 && !SEPARATORS.has(c);
};
const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * Parse one Strict-Transport-Security value (as received: repeated header
 * lines arrive joined with ", ", the way HTTP clients, ours included, and
 * browsers combine them). Chromium and Firefox parse that joined value, whose
 * comma the grammar does not allow, and drop HSTS altogether; RFC 6797 §8.1's
 * "process only the first" is not what shipping browsers do.
 */
export function parseHsts(value: string): HstsParse {
  let i = 0;
  const s = value;
  const skip = () => {
    while (isSpace(s[i])) i++;
  };
  const seen = new Map<string, string | undefined>();
  const order: string[] = [];
  for (;;) {
    skip();
    if (i >= s.length) break;
    if (s[i] === ';') {
      i++; // an empty directive is allowed by the grammar
      continue;
    }
    const nameStart = i;
    while (i < s.length && isTokenChar(s[i]!)) i++;
    const name = s.slice(nameStart, i);
    if (!name) return { valid: false, defect: unexpected(s, i, 'a directive name') };
    let val: string | undefined;
    skip();
    if (s[i] === '=') {
      i++;
      skip();
      if (s[i] === '"') {
        const q = quoted(s, i);
        if (!q) return { valid: false, defect: `the quoted value of ${name} is not closed` };
        val = q.value;
        i = q.end;
      } else {
        const vStart = i;
        while (i < s.length && isTokenChar(s[i]!)) i++;
        val = s.slice(vStart, i);
        if (!val) return { valid: false, defect: `${name}= has no value` };
        const next = s[i];
        const glued = next !== undefined && next !== ';' && next !== ',' && !isSpace(next);
        if (name.toLowerCase() === 'max-age' && /^\d/.test(val) && (!/^\d+$/.test(val) || glued)) {
          const junk = s.slice(vStart, s.indexOf(';', vStart) < 0 ? s.length : s.indexOf(';', vStart)).trim();
          return { valid: false, defect: `junk after the max-age number: "${junk}"` };
        }
      }
      skip();
    }
    if (i < s.length && s[i] !== ';') {
      if (s[i] === ',') return { valid: false, defect: 'contains a comma: the header was sent twice, or two policies were written into one line' };
      return { valid: false, defect: `${unexpected(s, i, '";" or the end')} after ${name}${val !== undefined ? `=${val}` : ''}` };
    }
    const key = name.toLowerCase();
    if (seen.has(key)) return { valid: false, defect: `directive ${name} appears more than once` };
    seen.set(key, val);
    order.push(name);
  }
  if (!seen.has('max-age')) return { valid: false, defect: seen.size === 0 ? 'the header is empty' : 'there is no max-age directive (it is required)' };
  const age = seen.get('max-age');
  if (age === undefined) return { valid: false, defect: 'max-age has no value' };
  if (!/^\d+$/.test(age)) return { valid: false, defect: `max-age value "${age}" is not a whole number of seconds` };
  if (seen.get('includesubdomains') !== undefined) return { valid: false, defect: 'includeSubDomains takes no value' };
  // Browsers clamp huge values; the number only matters against the one-year bar.
  return { valid: true, maxAge: Math.min(Number(age), Number.MAX_SAFE_INTEGER), includeSubDomains: seen.has('includesubdomains'), preload: seen.has('preload'), directives: order };
}

function quoted(s: string, at: number): { value: string; end: number } | undefined {
  let out = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) out += s[++i];
    else if (c === '"') return { value: out, end: i + 1 };
    else out += c;
  }
  return undefined;
}

function unexpected(s: string, at: number, wanted: string): string {
  const rest = s.slice(at, at + 24);
  return `expected ${wanted} but found "${rest}${s.length - at > 24 ? '…' : ''}"`;
}
