// A front end's static host given as the API URL, the commonest first-config
// mistake: every GET, whatever the path, answers 200 with the single-page
// app's index.html (the history-API fallback of nginx `try_files … /index.html`,
// `serve -s`, Netlify's `/* /index.html 200`), and every other method gets
// nginx's 405 page. The real API lives elsewhere. launchready must say once,
// at the top, that the API URL serves the front end, not in every check
// that met HTML where it expected JSON; and a 200 index.html is no "access
// without credentials".
import { ok, openapi, startApp, type App } from './support.js';

export const SPA_INDEX =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Books</title>' +
  '<script type="module" crossorigin src="/assets/index-4f2a9c.js"></script></head>' +
  '<body><div id="root"></div></body></html>';

const BUNDLE = "const api='/api';export async function load(){return (await fetch(api+'/invoices')).json()}";

const NOT_ALLOWED = '<html><head><title>405 Not Allowed</title></head><body><center><h1>405 Not Allowed</h1></center><hr><center>nginx</center></body></html>';

export interface SpaFallback {
  app: App;
  spec: object;
  /** A launchready.yml whose appUrl and apiUrl are both the static host. */
  yml(specFile: string): string;
}

export async function startSpaFallback(): Promise<SpaFallback> {
  const app = await startApp((req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, body: NOT_ALLOWED };
    if (req.path === '/assets/index-4f2a9c.js') return { status: 200, body: BUNDLE, headers: { 'content-type': 'text/javascript' } };
    return { status: 200, body: SPA_INDEX };
  });
  const item = { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } };
  const spec = openapi('acme-books', {
    '/api/auth/login': { post: { security: [], responses: ok } },
    '/api/me': { get: { responses: ok } },
    '/api/invoices': { get: { responses: ok } },
    '/api/invoices/{id}': item,
    '/api/customers': { get: { responses: ok } },
    '/api/customers/{id}': item,
    '/api/admin/users': { get: { responses: ok } },
  });
  const yml = (specFile: string) => `project: { name: Acme Books }
environments:
  production:
    appUrl: ${app.url}
    apiUrl: ${app.url}
api: { openapi: ${specFile} }
auth:
  login: { path: /api/auth/login }
  roles:
    admin: { tenant: acme, login: { username: ada@acme.test, password: "spa-${process.pid}-a" } }
    member: { tenant: acme, login: { username: max@acme.test, password: "spa-${process.pid}-m" } }
    outsider: { tenant: globex, login: { username: gus@globex.test, password: "spa-${process.pid}-o" } }
policy:
  - { operation: "GET /api/admin/*", allow: [admin] }
  - { operation: "GET /api/*", allow: [admin, member, outsider] }
network: { timeoutMs: 3000, ratePerSecond: 500 }
`;
  return { app, spec, yml };
}
