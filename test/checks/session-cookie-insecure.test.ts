import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/session-cookie-insecure.js';
import type { FactValue } from '../../src/evidence/access-types.js';
import { deletesCookie, parseSetCookie, sameSiteOf } from '../../src/evidence/gatherers/access/set-cookie.js';
import { accessSet, trial } from '../helpers/access.js';
import { CTX } from '../helpers/exchange.js';

describe('parseSetCookie', () => {
  it('reads name, value and case-insensitive attributes', () => {
    const c = parseSetCookie('sid=abc=def; path=/; HTTPONLY; secure; SameSite=lax; Max-Age=60')!;
    expect(c.name).toBe('sid');
    expect(c.value).toBe('abc=def');
    expect([...c.attributes.keys()]).toEqual(['path', 'httponly', 'secure', 'samesite', 'max-age']);
    expect(sameSiteOf(c)).toBe('Lax');
    expect(deletesCookie(c)).toBe(false);
  });
  it('ignores a cookie without a name, reads an unknown SameSite as none, and recognises deletions', () => {
    expect(parseSetCookie('novalue; Secure')).toBeUndefined();
    expect(sameSiteOf(parseSetCookie('a=b; SameSite=sometimes')!)).toBeNull();
    expect(deletesCookie(parseSetCookie('sid=; Path=/')!)).toBe(true);
    expect(deletesCookie(parseSetCookie('sid=x; Max-Age=0')!)).toBe(true);
    expect(deletesCookie(parseSetCookie('sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT')!)).toBe(true);
  });
});

describe('session-cookie-insecure', () => {
  const cookie = (facts: Record<string, FactValue>, flow = 'login', target = 'POST /api/auth/login') =>
    trial('session-cookie', flow, target, { cookie: 'sid', secure: true, httpOnly: true, sameSite: 'Lax', https: true, sameAgain: true, ...facts }, { attacker: 'owner', steps: [[flow, 200], ['confirm', 200]] });
  const run = (...ts: ReturnType<typeof cookie>[]) => check.run({ accessProbes: accessSet(ts) }, CTX);

  it('passes a Secure, HttpOnly, SameSite=Lax cookie', () => expect(run(cookie({})).status).toBe('pass'));

  it('fails once per cookie, naming every missing attribute across flows, with the login as reproduction', () => {
    const out = run(cookie({ secure: false, sameSite: null }), cookie({ secure: false, sameSite: null }, 'invite-accept', 'POST /api/invites/accept'));
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.title)).toEqual(['Session cookie sid is set without Secure and SameSite']);
    expect(out.findings[0]!.detail).toContain('POST /api/auth/login and POST /api/invites/accept');
    expect(out.findings[0]!.reproduction).toMatch(/^curl -i -X POST .*\/api\/auth\/login/);
  });

  it('names HttpOnly and SameSite=None', () => {
    const out = run(cookie({ httpOnly: false, sameSite: 'None' }));
    expect(out.status === 'fail' && out.findings[0]!.title).toBe('Session cookie sid is set without HttpOnly and with SameSite=None');
  });

  it('does not judge Secure over plain HTTP', () => expect(run(cookie({ secure: false, https: false })).status).toBe('pass'));

  it('is not a finding unless a second answer showed the same attributes', () => {
    expect(run(cookie({ secure: false, sameAgain: null }))).toEqual({ status: 'not-tested', reason: 'session cookie sid lacked Secure on one answer, but no second answer showed the same attributes' });
    expect(run(cookie({ secure: false, sameAgain: false })).status).toBe('not-tested');
  });

  it('is not-applicable when the login sets no session cookie, and not-tested when nothing was seen', () => {
    expect(run(trial('session-cookie', 'none', 'POST /api/auth/login', { cookie: null })).status).toBe('not-applicable');
    const out = check.run({ accessProbes: accessSet([], { skipped: [{ family: 'session-cookie', reason: 'no successful login answer was seen' }] }) }, CTX);
    expect(out).toEqual({ status: 'not-tested', reason: 'no successful login answer was seen' });
  });
});
