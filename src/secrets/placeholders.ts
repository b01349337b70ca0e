// Values that stand in for a secret rather than being one: template
// references, "changeme", runs of x or *, <your-key>, and the example keys
// providers print in their own docs. Every scanner's worst false alarms come
// from these; they are filtered for every rule.
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

const PLACEHOLDER_RES: readonly RegExp[] = [
  /\$\{|\$\(|\{\{|%\([^)]*\)s|<%=?/, // ${VAR}, $(cmd), {{ var }}, %(var)s, <%= %> (also when cut off)
  /^\$[A-Z_][A-Z0-9_]*$/, // $VAR
  /<[^<>]{2,60}>/, // <your-key>
  /x{3,}|X{3,}|\*{3,}|\.{3,}|#{3,}|_{4,}|-{4,}/, // xxx, ***, ..., ###
  /^(.)\1+$/, // aaaa, 0000
  /(?:123456|abcdef|qwerty)/i, // counting sequences and keyboard runs
  /\u2026/, // an ellipsis: a masked value (launchready's own output), never a real one
];

const PLACEHOLDER_WORDS = [
  'changeme',
  'change_me',
  'change-me',
  'replaceme',
  'replace_me',
  'your_',
  'your-',
  'yourkey',
  'yoursecret',
  'yourpassword',
  'placeholder',
  'example',
  'redacted',
  'dummy',
  'notasecret',
  'not_a_secret',
  'not-a-secret',
  'insert',
  'fixme',
  'todo',
  'secretvalue',
  'sample',
];

/** True when the value is a stand-in, not a credential. */
export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(value)) return true;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return true;
  return PLACEHOLDER_RES.some((re) => re.test(value));
}
