// The app shell, its bundle, the health probe and the API description: the
// public, non-API surface. Both pages load their script from /assets so the
// hardened CSP needs no 'unsafe-inline'.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { clientBundle } from '../client-bundle.js';
import type { AppContext } from '../context.js';

// Vulnerable: an analytics snippet pasted with an http:// URL — mixed content
// that browsers block or warn about on the https app.
const MIXED_CONTENT = '<script src="http://cdn.acme.test/analytics.js" defer></script>\n';

const page = (title: string, main: string, extraHead = ''): string => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Acme Ops</title>
<script src="/assets/app.js" defer></script>
${extraHead}</head>
<body>
<header><a href="/">Acme Ops</a></header>
<main>
${main}
</main>
</body>
</html>
`;

const homePage = (extraHead: string) => page('Invoices', '<h1>Invoices</h1>\n<ul id="invoices"></ul>', extraHead);
const LOGIN = page(
  'Sign in',
  `<h1>Sign in</h1>
<form id="login-form" method="post" action="/api/auth/login">
<label>Email <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
);

/**
 * demo/openapi.json, found from the package root because this file runs both
 * as demo/app/routes/pages.ts and as dist/demo/app/routes/pages.js.
 */
function openapiFile(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const file = path.join(dir, 'demo', 'openapi.json');
      return existsSync(file) ? file : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function pagesRouter(cx: AppContext): Router {
  const router = Router();
  const { source: bundle, key } = clientBundle(cx.mode);
  if (cx.mode === 'vulnerable') cx.state.generatedSecrets.push(key);
  const specFile = openapiFile();
  const spec = specFile ? readFileSync(specFile, 'utf8') : undefined;

  const home = homePage(cx.mode === 'vulnerable' ? MIXED_CONTENT : '');
  router.get('/', (_req, res) => void res.type('html').send(home));
  router.get('/login', (_req, res) => void res.type('html').send(LOGIN));
  router.get('/assets/app.js', (_req, res) => void res.type('application/javascript').send(bundle));
  router.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  router.get('/openapi.json', (_req, res, next) => (spec === undefined ? next() : void res.type('application/json').send(spec)));
  return router;
}
