import { describe, expect, it } from 'vitest';
import { apiCallsIn, fromPage, inlineScripts, scriptsOf } from '../../src/target/from-page.js';
import { APP_JS, INDEX_HTML } from '../targets/invoices-app/ui.js';

describe('API calls read from a page and its scripts', () => {
  it('finds the calls of fetch, axios and app helpers, with their methods and ids', () => {
    const js = [
      "fetch('/api/invoices');",
      "fetch(`/api/users/${u.id}/roles`, { method: 'PATCH', body });",
      "axios.delete('/api/files/' + file.id);",
      "api('POST', '/api/invoices/' + inv.id + '/approve');",
      "fetch('https://cdn.example.test/lib.js'); fetch('/static/app.css'); fetch('/');",
    ].join('\n');
    expect(apiCallsIn(js)).toEqual([
      { method: 'GET', path: '/api/invoices' },
      { method: 'PATCH', path: '/api/users/{id}/roles' },
      { method: 'DELETE', path: '/api/files/{id}' },
      { method: 'POST', path: '/api/invoices/{id}/approve' },
    ]);
  });

  it('applies a helper\'s prefix to the paths passed to it', () => {
    const js = "async function api(path, init) { return fetch('/api' + path, init); }\napi('/invoices'); api('/auth/login', { method: 'POST' });";
    expect(apiCallsIn(js)).toEqual([
      { method: 'GET', path: '/api/invoices' },
      { method: 'POST', path: '/api/auth/login' },
    ]);
  });

  it('takes only same-origin scripts, and leaves sign-in and sign-out out of the operations', () => {
    const html = '<script src="/app.js"></script><script src="https://cdn.example.test/x.js"></script><script>fetch("/api/ping")</script>';
    expect(scriptsOf(html, 'http://127.0.0.1:8080/')).toEqual(['http://127.0.0.1:8080/app.js']);
    expect(inlineScripts(html)).toEqual(['fetch("/api/ping")']);
    expect(scriptsOf(INDEX_HTML, 'http://127.0.0.1:8080/')).toEqual(['http://127.0.0.1:8080/app.js']);
    const c = fromPage('http://127.0.0.1:8080/', [APP_JS]);
    expect(c.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'DELETE /api/invoices/{id}',
      'GET /api/invoices',
      'GET /api/invoices/{id}',
      'GET /api/me',
      'GET /api/members',
      'PATCH /api/invoices/{id}',
      'POST /api/invoices',
      'POST /api/invoices/{id}/approve',
    ]);
  });
});
