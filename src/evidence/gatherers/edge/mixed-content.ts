// Mixed content as a browser finds it on an https page: every URL the page
// makes the browser fetch or submit to, resolved the way the browser resolves
// it (against `<base href>`, then the page; in a stylesheet, against the
// stylesheet), is mixed when it ends up http:. Sources: HTML attributes
// (src, srcset, data, poster, action, formaction, link href), `<base href>`
// itself, CSS in `<style>` elements, in style="" attributes and in linked
// stylesheets (`@import`, `url()`, `image-set()`). HTML is parsed with parse5
// and CSS with css-tree (a real tokenizer: comments, escapes and quoting are
// where regexes go wrong). Kinds follow the Mixed Content spec (W3C, §4):
// scripts, styles, frames, objects and fonts are blockable ("active");
// images, audio and video are upgradeable ("passive"); form targets are "form".
import { parse as parseCss, walk, type CssNode } from 'css-tree';
import { parse as parseHtml } from 'parse5';
import type { MixedRef } from '../../edge-types.js';

const MAX_NODES = 50_000;

interface P5Node {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node;
}

/** tag → [attribute, kind]: the attributes that make the browser fetch (or submit to) a URL. */
const FETCHING: Record<string, [string, MixedRef['kind']][]> = {
  script: [['src', 'active']],
  iframe: [['src', 'active']],
  frame: [['src', 'active']],
  object: [['data', 'active']],
  embed: [['src', 'active']],
  img: [['src', 'passive'], ['srcset', 'passive']],
  audio: [['src', 'passive']],
  video: [['src', 'passive'], ['poster', 'passive']],
  source: [['src', 'passive'], ['srcset', 'passive']],
  track: [['src', 'passive']],
  image: [['href', 'passive'], ['xlink:href', 'passive']],
  form: [['action', 'form']],
  button: [['formaction', 'form']],
};

export interface PageScan {
  mixed: MixedRef[];
  /** https stylesheets the page links (and @imports), resolved: their own url()s still need reading. */
  stylesheets: string[];
  /** A `<meta http-equiv="Content-Security-Policy">` with upgrade-insecure-requests. */
  upgradeByMeta: boolean;
}

/** Everything a page served at `pageUrl` loads or submits over http:. */
export function scanPage(html: string, pageUrl: string): PageScan {
  const mixed: MixedRef[] = [];
  const stylesheets: string[] = [];
  let upgradeByMeta = false;
  const root = parseHtml(html) as unknown as P5Node;
  const nodes = flatten(root);
  // Only the first <base href> counts (HTML §4.2.3), and it applies to the whole document.
  const baseEl = nodes.find((n) => n.nodeName === 'base' && attr(n, 'href') !== undefined);
  let base = pageUrl;
  if (baseEl) {
    const href = resolve(attr(baseEl, 'href')!, pageUrl);
    if (href) {
      base = href;
      if (href.startsWith('http:')) mixed.push({ tag: 'base', attr: 'href', url: href, kind: 'active' });
    }
  }
  const add = (tag: string, at: string, raw: string, kind: MixedRef['kind'], against = base) => {
    const url = resolve(raw, against);
    if (url?.startsWith('http:')) mixed.push({ tag, attr: at, url, kind });
    return url;
  };
  for (const n of nodes) {
    const tag = n.nodeName;
    for (const [name, kind] of FETCHING[tag] ?? []) {
      const v = attr(n, name);
      if (v === undefined) continue;
      for (const u of name === 'srcset' ? srcsetUrls(v) : [v]) add(tag, name, u, kind);
    }
    if (tag === 'input') {
      const v = attr(n, 'formaction');
      if (v !== undefined) add(tag, 'formaction', v, 'form');
      if ((attr(n, 'type') ?? '').toLowerCase() === 'image' && attr(n, 'src') !== undefined) add(tag, 'src', attr(n, 'src')!, 'passive');
    }
    if (tag === 'link') {
      const rel = (attr(n, 'rel') ?? '').toLowerCase().split(/\s+/);
      const href = attr(n, 'href');
      if (href !== undefined && rel.some((r) => ['stylesheet', 'preload', 'modulepreload', 'icon', 'apple-touch-icon', 'manifest'].includes(r))) {
        const blockable = rel.includes('stylesheet') || rel.includes('preload') || rel.includes('modulepreload') || rel.includes('manifest');
        const url = add(tag, 'href', href, blockable ? 'active' : 'passive');
        if (url?.startsWith('https:') && rel.includes('stylesheet')) stylesheets.push(url);
      }
      const imagesrcset = attr(n, 'imagesrcset');
      if (imagesrcset !== undefined) for (const u of srcsetUrls(imagesrcset)) add(tag, 'imagesrcset', u, 'passive');
    }
    if (tag === 'meta' && (attr(n, 'http-equiv') ?? '').toLowerCase() === 'content-security-policy' && cspUpgrades(attr(n, 'content') ?? '')) {
      upgradeByMeta = true;
    }
    const style = attr(n, 'style');
    if (style !== undefined) {
      for (const r of cssRefs(style, 'declarationList')) add(tag, `style (${r.what})`, r.url, r.kind);
    }
    if (tag === 'style') {
      const text = (n.childNodes ?? []).map((c) => c.value ?? '').join('');
      for (const r of cssRefs(text, 'stylesheet')) {
        const url = add('style', r.what, r.url, r.kind);
        if (r.what === '@import' && url?.startsWith('https:')) stylesheets.push(url);
      }
    }
  }
  return { mixed, stylesheets: [...new Set(stylesheets)], upgradeByMeta };
}

/** http: references of a stylesheet fetched from `sheetUrl`, and the https sheets it @imports. */
export function scanStylesheet(css: string, sheetUrl: string): { mixed: MixedRef[]; imports: string[] } {
  const mixed: MixedRef[] = [];
  const imports: string[] = [];
  for (const r of cssRefs(css, 'stylesheet')) {
    const url = resolve(r.url, sheetUrl);
    if (url?.startsWith('http:')) mixed.push({ tag: 'stylesheet', attr: r.what, url, kind: r.kind, source: sheetUrl });
    else if (url?.startsWith('https:') && r.what === '@import') imports.push(url);
  }
  return { mixed, imports };
}

interface CssRef {
  url: string;
  what: '@import' | 'url()' | 'image-set()';
  kind: MixedRef['kind'];
}

/** Every URL a piece of CSS makes the browser fetch; fonts (@font-face src) and @import are blockable. */
export function cssRefs(css: string, context: 'stylesheet' | 'declarationList'): CssRef[] {
  const out: CssRef[] = [];
  let ast: CssNode;
  try {
    // A browser skips what it cannot parse and reads on; css-tree's tolerant mode does the same.
    ast = parseCss(css, { context, parseValue: true, parseAtrulePrelude: true, parseRulePrelude: false, onParseError: () => undefined });
  } catch {
    return out;
  }
  walk(ast, function (node) {
    const inImport = this.atrule?.name.toLowerCase() === 'import' && this.atrulePrelude !== null;
    const inFontFace = this.atrule?.name.toLowerCase() === 'font-face';
    if (node.type === 'Url') {
      out.push({ url: node.value, what: inImport ? '@import' : 'url()', kind: inImport || inFontFace ? 'active' : 'passive' });
    } else if (node.type === 'String') {
      // @import "x.css" and image-set("a.png" 1x) take bare strings as URLs.
      if (inImport) out.push({ url: node.value, what: '@import', kind: 'active' });
      else if (this.function?.type === 'Function' && /^(-webkit-)?image-set$/i.test(this.function.name)) out.push({ url: node.value, what: 'image-set()', kind: 'passive' });
    }
  });
  return out;
}

/** Whether a Content-Security-Policy value (possibly several policies joined by commas) has upgrade-insecure-requests. */
export function cspUpgrades(value: string): boolean {
  return value
    .split(',')
    .flatMap((policy) => policy.split(';'))
    .some((d) => d.trim().split(/\s+/)[0]?.toLowerCase() === 'upgrade-insecure-requests');
}

function flatten(root: P5Node): P5Node[] {
  const out: P5Node[] = [];
  const stack: P5Node[] = [root];
  while (stack.length && out.length < MAX_NODES) {
    const n = stack.pop()!;
    out.push(n);
    // Reverse, so document order is kept: the first <base> must be the first one found.
    const kids = n.childNodes ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    if (n.content) stack.push(n.content);
  }
  return out;
}

const attr = (n: P5Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;

/**
 * The URLs of a srcset (HTML §4.8.4.3.10, "parse a srcset attribute"): each
 * candidate is a run of non-space characters (trailing commas end it), then
 * descriptors up to the next comma outside parentheses.
 */
function srcsetUrls(v: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < v.length) {
    while (i < v.length && /[\s,]/.test(v[i]!)) i++;
    const start = i;
    while (i < v.length && !/\s/.test(v[i]!)) i++;
    let url = v.slice(start, i);
    if (!url) break;
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      let depth = 0;
      while (i < v.length && !(v[i] === ',' && depth === 0)) {
        if (v[i] === '(') depth++;
        else if (v[i] === ')') depth = Math.max(0, depth - 1);
        i++;
      }
    }
    if (url) out.push(url);
  }
  return out;
}

function resolve(raw: string, against: string): string | undefined {
  const v = raw.trim();
  if (!v || v.startsWith('#')) return undefined;
  try {
    return new URL(v, against).href;
  } catch {
    return undefined;
  }
}
