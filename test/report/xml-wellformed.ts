// A small XML well-formedness check for tests, so JUnit output can be
// verified without adding a parser dependency: balanced and properly nested
// tags, quoted attributes, no raw '<' or stray '&' in text, one root element.
const NAME = '[A-Za-z_][\\w.:-]*';
const OPEN_TAG = new RegExp(`^<(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>$`);
const CLOSE_TAG = new RegExp(`^</(${NAME})\\s*>$`);
const BAD_AMP = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const token of body.match(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|[^<]+/g) ?? []) {
    if (token.startsWith('<!--') || token.startsWith('<![CDATA[')) continue;
    if (token.startsWith('</')) {
      const name = CLOSE_TAG.exec(token)?.[1];
      const open = stack.pop();
      if (!name || name !== open) problems.push(`closing ${token} does not match <${open ?? 'nothing'}>`);
    } else if (token.startsWith('<')) {
      const m = OPEN_TAG.exec(token);
      if (!m) {
        problems.push(`malformed tag ${token.slice(0, 80)}`);
        continue;
      }
      if (stack.length === 0) roots++;
      if (BAD_AMP.test(m[2] ?? '')) problems.push(`unescaped & in ${token.slice(0, 80)}`);
      if (!m[3]) stack.push(m[1]!);
    } else {
      if (stack.length === 0 && token.trim()) problems.push(`text outside the root: ${token.slice(0, 40)}`);
      if (BAD_AMP.test(token)) problems.push(`unescaped & in text ${token.slice(0, 80)}`);
      if (token.includes('>') && token.includes(']]>')) problems.push('"]]>" in text');
    }
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  // XML 1.0 forbids most control characters even when escaped.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\x00-\x08\x0B\x0C\x0E-\x1F]/.test(xml)) problems.push('illegal control character');
  return problems;
}
