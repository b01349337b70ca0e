// What an assigned value looks like, and values that are code, not secrets.
// Shared by every rule that matches `name = value` assignments, so a fix to
// how values are read (punctuation, escaped quotes) reaches all of them.

/** A quote, possibly escaped (JSON inside a JSON string, a string built in code): `"`, `\"`, `\\\"`. */
const Q = String.raw`\\{0,3}`;

/**
 * A quoted value starts with neither a quote, a space nor a closing `, ; ) ] }`:
 * otherwise the "opening" quote was the one closing the name's own string
 * (`print('token:', token)`), and what follows is code.
 */
const FIRST = String.raw`[^"'\x60\\\s,;)\]}]`;

/**
 * The value after an assignment operator, as three alternatives, each with its
 * own group (the engine takes whichever matched; see SecretRule.regex):
 *   - double- or single-quoted: anything up to the closing quote, spaces and
 *     punctuation included, since generated keys (Django, WordPress salts)
 *     are full of `( ) < > ; , # ^ &`;
 *   - unquoted (env files, YAML, INI, properties): up to whitespace, a quote
 *     or a backslash; it never starts with `| & =` (an operator, as in a
 *     regex `a=|b=`) nor ends in `; , ) ] }`, which close the code around it.
 * Every quantifier is bounded, so the pattern stays backtrack-safe.
 */
export function assignedValue(min: number, max = 200): string {
  return (
    String.raw`(?:${Q}"(?P<secretdq>${FIRST}[^"\\\r\n]{${min - 2},${max - 2}}[^"\\\s])${Q}"` +
    String.raw`|${Q}'(?P<secretsq>${FIRST}[^'\\\r\n]{${min - 2},${max - 2}}[^'\\\s])${Q}'` +
    String.raw`|\x60(?P<secretbq>${FIRST}[^\x60\\\r\n]{${min - 2},${max - 2}}[^\x60\\\s])\x60` +
    String.raw`|(?P<secretuq>[^\s"'\x60\\|&=][^\s"'\x60\\]{${min - 2},${max - 2}}[^\s"'\x60\\;,)\]}])(?:[\s"'\x60;,)}\]\\]|$))`
  );
}

/** Assignment operators of config and code: `=`, `:`, `:=`, `=>`, `??`, `||`, after a name that may close a (possibly escaped) quote. */
export const ASSIGN = String.raw`${Q}["']?[ \t]{0,64}(?:=|:|:=|=>|\?\?|\|\|)[ \t]{0,64}`;
/** ASSIGN, or the comma of `set('jwtSecret', value)`: for names specific enough that a comma after them means a value. */
export const ASSIGN_OR_COMMA = String.raw`${Q}["']?[ \t]{0,64}(?:=|:|:=|=>|\?\?|\|\||,)[ \t]{0,64}`;

export const CODE_VALUE_ALLOW: readonly string[] = [
  String.raw`^(?:process\.env|import\.meta\.env|os\.environ|env\.|config\.|settings\.|this\.|self\.|req\.|ctx\.)`,
  String.raw`^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$`,
  // Identifiers: camelCase, PascalCase, SCREAMING_CASE, snake/kebab-case
  // words. Only shapes made of words: a random run of letters is not one.
  String.raw`^[a-z]+(?:[A-Z][a-z]+)*$`,
  String.raw`^(?:[A-Z][a-z]+){1,8}$`,
  String.raw`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{1,12}$`,
  String.raw`^[a-z_.-]+$`,
  // References resolved elsewhere: env:NAME, vault:path, secret:NAME.
  String.raw`^[a-z][a-z0-9+-]{1,15}:[A-Za-z_][\w./-]*$`,
  // Phrases people type in tests and docs: words joined by dashes, maybe a short number.
  String.raw`^[a-z]+(?:[-_][a-z]+)*(?:[-_]\d{1,6})?$`,
  // Hash algorithm prefixes and integrity strings, paths and URLs without credentials.
  String.raw`^(?:sha\d{1,3}|md5)[-:]`,
  String.raw`^(?:\.{0,2}/|https?://|file:)`,
];

/**
 * Code, for values that stand unquoted after the operator: a call, index or
 * type argument (getToken(user), params[:password], Promise<string>, also
 * cut off at a space), an array or object literal, optional chaining, logic.
 * A quoted value is a string whatever it holds (a WordPress salt may well
 * start with `(`), so these never apply to it.
 */
export const CODE_SHAPES: readonly string[] = [
  String.raw`^!?[A-Za-z_$][\w$.:]*[(\[<]`,
  String.raw`^[\[{(]`,
  String.raw`^!?[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*\?\.`,
  String.raw`&&|\|\||=>`,
];

/** Common stand-in passwords in docs and connection-string examples. */
export const DOC_PASSWORDS: readonly string[] = ['password', 'passwd', 'pass', 'secret', 'postgres', 'root', 'admin', 'user', 'guest', 'test', 'mysql', 'redis', 'rabbitmq'];

/** Keyword followed (within a key name) by an assignment operator, or by the comma of a `('NAME', 'value')` pair. */
export const ASSIGNMENT_NEAR = String.raw`^[\w.-]{0,28}\\{0,3}["']?[ \t]*(?:=|:|=>|\?\?|\|\||,)`;

/**
 * Readable compound values: words joined by `+ . : _ - /` or spaces
 * (`ctrl+shift+f12`, `app.settings.theme`, `Invalid token, try again`).
 * A generated secret has parts that are not words: mixed case inside a part,
 * digits between letters, runs of consonants no word has.
 */
export function isReadableCompound(value: string): boolean {
  const parts = value.split(/[+.:_\-/\s,;|!?()'"]+/).filter(Boolean);
  if (parts.length < 2) return false;
  return parts.every(isWordLike);
}

function isWordLike(part: string): boolean {
  if (/^\d{1,4}$/.test(part)) return true;
  // Words in one case style, optionally numbered (f12, v2, utf8), or words run together in camel case (HashiCorp).
  const m = /^([a-z]+|[A-Z]+|(?:[A-Z]?[a-z]+)+)(\d{0,3})$/.exec(part);
  if (!m) return false;
  return m[1]!.split(/(?=[A-Z][a-z])/).every((w) => {
    const letters = w.toLowerCase();
    // Words have vowels and no long consonant runs; short abbreviations (ctrl, pgdn, cmd) need neither.
    return letters.length <= 4 || (/[aeiouy]/.test(letters) && !/[^aeiouy]{5}/.test(letters));
  });
}
