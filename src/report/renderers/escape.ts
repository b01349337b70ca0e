// Every string in a report can carry attacker-chosen text (a reflected URL, a
// file name, a response header), so the HTML and XML renderers escape at the
// point of interpolation and never trust the report's contents.

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

// XML 1.0 cannot represent most control characters or lone surrogates even as
// character references, and a single one makes the whole file unparseable for
// CI tools, so they are dropped rather than escaped.
const XML_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML element content and quoted attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_ILLEGAL, '')
    .replace(/[&<>"']/g, (ch) => (ch === "'" ? '&apos;' : (HTML_ENTITIES[ch] ?? ch)));
}

// C0/C1 controls (ESC, BEL, CSI…) in a report string could move the cursor,
// rewrite earlier lines or retitle the terminal; tab and newline are layout.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/g;

/** Removes terminal control characters so report text cannot forge or hide output. */
export function stripTerminalControls(value: string): string {
  return value.replace(TERMINAL_CONTROL, '');
}

/** A copy of any JSON-like value with every string passed through fn. */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}
