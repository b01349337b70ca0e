// The check pages (docs/checks/<id>.md) ship with the tool, like the HTML
// report's stylesheet, so the HTML report embeds them: "Read more" then works
// from an email attachment, offline. Each page is also linked at its absolute
// URL for SARIF viewers and readers online.
//
// The pages are our own Markdown in a small subset (headings, paragraphs,
// lists, fenced code, `code`, **bold**, links), so a few lines convert them;
// everything is escaped first, so even a hostile page could not inject markup.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { escapeHtml as h } from './escape.js';

/** Where docs/ is published; helpUri and the HTML's online links point here. */
export const DOCS_BASE_URL = 'https://github.com/launchready/launchready/blob/main/';

/** The absolute URL of a docs path such as docs/checks/hsts-weak.md (absolute URLs pass through). */
export function docsUrl(docs: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(docs) ? docs : new URL(docs.replace(/^\.?\//, ''), DOCS_BASE_URL).href;
}

const cache = new Map<string, string | undefined>();

/** The Markdown of docs/checks/<id>.md from the installed package, or undefined when it is missing. */
export function checkPage(id: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  if (!cache.has(id)) {
    // src/report/renderers and dist/report/renderers are both three levels below the package root.
    const file = fileURLToPath(new URL(`../../../docs/checks/${id}.md`, import.meta.url));
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(id, text);
  }
  return cache.get(id);
}

function inline(text: string): string {
  // Escape first; the patterns below only add our own tags around escaped text.
  return h(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => {
      const check = /^(?:\.\/)?([a-z0-9-]+)\.md$/.exec(href)?.[1];
      if (check) return `<a href="#doc-${check}">${label}</a>`;
      return /^https?:\/\//.test(href) ? `<a href="${href}">${label}</a>` : label;
    });
}

/** A page of our docs subset as HTML, headings shifted under the report's own (h1 → h4). */
export function markdownToHtml(md: string): string {
  const out: string[] = [];
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
    para = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.startsWith('```')) code.push(lines[i]!);
      out.push(`<pre><code>${h(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1]!.length + 3);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (/^\s*[-*]\s+/.test(line)) {
      if (para.length) flush();
      list.push(line.replace(/^\s*[-*]\s+/, ''));
    } else if (/^\s+\S/.test(line) && list.length) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}
