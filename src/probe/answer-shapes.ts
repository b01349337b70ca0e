// What the target answered where the probes asked for JSON. An API URL that
// points at the front end's static host (the history-API fallback of nginx
// `try_files … /index.html`, `serve -s`, Netlify's `/* /index.html 200`), or
// an API behind a proxy that answers its own HTML error pages, gives every
// probe an HTML page: the login "fails", every check errors, and the same
// cause would be repeated in twenty checks. The probe engine counts such
// answers per origin (counts and the first one only: memory stays flat
// however many requests the run sends), and the coverage block says it once.
import type { HtmlForJson } from '../evidence/liveness-types.js';
import type { HttpExchange } from '../evidence/types.js';

/** A request asked for JSON: its Accept names JSON and not HTML (a form login accepts both and may get a page). */
export function expectsJson(headers: Record<string, string> | undefined): boolean {
  const accept = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'accept')?.[1] ?? '';
  return /\bjson\b/i.test(accept) && !/text\/html/i.test(accept);
}

/** An HTML document: by its content type, or by its first bytes when the type is missing or generic. */
export function isHtmlAnswer(ex: HttpExchange): boolean {
  const res = ex.response;
  if (!res) return false;
  const type = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (/text\/html|application\/xhtml/i.test(type)) return true;
  if (/json/i.test(type)) return false;
  return /^\s*<(!doctype html|html[\s>])/i.test(res.body);
}

export class AnswerShapes {
  private readonly byOrigin = new Map<string, HtmlForJson>();

  /** After a request completed: counted when it asked for JSON and got an answer. */
  observe(origin: string, seq: number, time: string, ex: HttpExchange): void {
    if (!ex.response || !expectsJson(ex.request.headers)) return;
    let o = this.byOrigin.get(origin);
    if (!o) {
      o = { origin, expectedJson: 0, html: 0 };
      this.byOrigin.set(origin, o);
    }
    o.expectedJson++;
    if (!isHtmlAnswer(ex)) return;
    o.html++;
    o.first ??= { seq, time, method: ex.request.method, url: ex.request.url, status: ex.response.status };
  }

  /** Origins that answered HTML at least once where JSON was asked for. */
  evidence(): HtmlForJson[] {
    return [...this.byOrigin.values()].filter((o) => o.html > 0).map((o) => ({ ...o }));
  }
}
