// Values that stand in for a secret rather than being one: template
// references, "changeme", runs of x or *, <your-key>, and the example keys
// providers print in their own docs. Every scanner's worst false alarms come
// from these; they are filtered for every rule.
//
// Each test is about the value as a whole, never any substring: a random
// 40-character token holds "XXX", "tODO" or "abcdef" often enough (about one
// benchmark run in a hundred lost a planted key that way), so a short run or
// word only counts when it stands on its own or makes up much of the value.
//
// The documented example keys are assembled from pieces so this file does not
// itself look like it holds a credential.
const DOCUMENTED_EXAMPLES = new Set([
  ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCY', 'EXAMPLEKEY'].join('/').replace('/bPxRfiCY/', '/bPxRfiCY'),
  ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  ['ghp', '1234567890abcdefghijklmnopqrstuvwxyz'].join('_'),
]);

/** Template references: a value that is filled in elsewhere (also when cut off). */
const TEMPLATE_RES: readonly RegExp[] = [
  /\$\{[A-Za-z_{]/, // ${VAR}, ${{ secrets.X }}
  /\$\([A-Za-z_ ]/, // $(cmd)
  /\{\{-?\s*[.\w$]/, // {{ var }}, {{.Var}}
  /%\([\w.-]+\)[sd]/, // %(var)s
  /<%=?\s*[\w@]/, // <%= var %>
  /^\$[A-Z_][A-Z0-9_]*$/, // $VAR
  /^<[A-Za-z][\w .:/-]{1,58}>$|<(?:your|my|insert|enter|the|api|secret|token|key|password|pass)[\w .:-]{0,50}>/i, // <your-key>
];

const PLACEHOLDER_RES: readonly RegExp[] = [
  /\*{3,}|\.{3,}|#{3,}|_{4,}|-{4,}/, // ***, ..., ### (not in any token alphabet)
  /^(.)\1+$/, // aaaa, 0000
  /\u2026/, // an ellipsis: a masked value (launchready's own output), never a real one
];

/** Long enough that a random token never holds one by chance: a substring (in one case style) is enough. */
const PLACEHOLDER_WORDS = [
  'changeme',
  'change_me',
  'change-me',
  'replaceme',
  'replace_me',
  'yourkey',
  'yoursecret',
  'yourpassword',
  'placeholder',
  'example',
  'redacted',
  'notasecret',
  'not_a_secret',
  'not-a-secret',
  'secretvalue',
  'sample',
  'insert',
];
// Each word in the three ways people write it, never in random mixed case ("IdUmMy" is not "dummy").
const WORD_FORMS = PLACEHOLDER_WORDS.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]);
/** Short words: only as a word of their own (delimited, one case), as in `xoxb-your-token-here`. */
const SHORT_WORDS_RE = /(?:^|[^A-Za-z0-9])(?:your|todo|TODO|fixme|FIXME|YOUR|dummy|DUMMY)(?:$|[^A-Za-z0-9])/;
/** Runs of x, counting sequences and keyboard rows: stand-ins when they are much of the value. */
const FILLER_RE = /x{3,}|X{3,}|0?123456(?:7(?:89?)?)?|abcdef(?:gh)?|qwerty/gi;

/** True when the value is a stand-in, not a credential. */
export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(value)) return true;
  if (isTemplate(value)) return true;
  if (WORD_FORMS.some((w) => value.includes(w))) return true;
  if (SHORT_WORDS_RE.test(value)) return true;
  if (PLACEHOLDER_RES.some((re) => re.test(value))) return true;
  let filler = 0;
  for (const m of value.matchAll(FILLER_RE)) filler += m[0].length;
  // A third of the value, or a run no random token holds (6+).
  return filler > 0 && (filler * 3 >= value.length || longestFiller(value) >= 6);
}

/** True when the value is filled in elsewhere (${VAR}, {{ var }}, <your-key>): never a credential, even in a credential file. */
export function isTemplate(value: string): boolean {
  return TEMPLATE_RES.some((re) => re.test(value));
}

function longestFiller(value: string): number {
  let best = 0;
  for (const m of value.matchAll(/x+|X+/g)) best = Math.max(best, m[0].length);
  return best;
}
