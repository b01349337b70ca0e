// Values that are code, not secrets: env lookups, dotted identifiers, bare
// identifiers. Shared by every rule that matches `name = value` assignments.
export const CODE_VALUE_ALLOW: readonly string[] = [
  String.raw`^(?:process\.env|import\.meta\.env|os\.environ|env\.|config\.|settings\.|this\.|self\.|req\.|ctx\.)`,
  String.raw`^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$`,
  // Identifiers: camelCase, PascalCase, SCREAMING_CASE, snake/kebab-case words.
  String.raw`^[a-z]+(?:[A-Z][a-z]+)*$`,
  String.raw`^[A-Z][A-Za-z]*$`,
  String.raw`^[A-Z0-9_]+$`,
  String.raw`^[a-z_.-]+$`,
  // References resolved elsewhere: env:NAME, vault:path, secret:NAME.
  String.raw`^[a-z][a-z0-9+-]{1,15}:[A-Za-z_][\w./-]*$`,
  // Phrases people type in tests and docs: words joined by dashes, maybe a short number.
  String.raw`^[a-z]+(?:[-_][a-z]+)*(?:[-_]\d{1,6})?$`,
];

/** The value must end at a delimiter that is not '(' (a function call is code, not a value). */
export const VALUE_END = String.raw`(?:[\s"'\x60;,)}\]<>{\[]|$)`;

/** Common stand-in passwords in docs and connection-string examples. */
export const DOC_PASSWORDS: readonly string[] = ['password', 'passwd', 'pass', 'secret', 'postgres', 'root', 'admin', 'user', 'guest', 'test', 'mysql', 'redis', 'rabbitmq'];

/** Keyword followed (within a key name) by an assignment operator. */
export const ASSIGNMENT_NEAR = String.raw`^[\w.-]{0,28}["']?[ \t]*(?:=|:|=>|\?\?|\|\||,)`;
