// Logs each configured role in once, the way the config says, and hands out
// the credential headers to send. A role whose login fails is recorded with
// the reason so every check that needed it reports error, never pass.
import type { LaunchConfig, RoleConfig } from '../config/schema.js';
import type { Redactor } from '../secrets/redactor.js';
import type { ProbeClient, RawResult } from './client.js';

export interface RoleSession {
  role: string;
  tenant: string;
  /** Headers that carry the credential. */
  headers: Record<string, string>;
}

export type SessionResult = { ok: true; session: RoleSession } | { ok: false; reason: string };

export class Sessions {
  private readonly cache = new Map<string, Promise<SessionResult>>();
  /**
   * Each role's latest login answer, so the session-cookie probe can judge
   * the Set-Cookie it carried without logging in again. Raw (unmasked) and
   * in memory only: callers store only its masked exchange.
   */
  readonly lastLogin = new Map<string, RawResult>();

  constructor(
    private readonly config: LaunchConfig,
    private readonly apiOrigin: string,
    private readonly client: ProbeClient,
    private readonly redactor: Redactor,
  ) {}

  roles(): string[] {
    return Object.keys(this.config.auth.roles);
  }

  get(role: string): Promise<SessionResult> {
    let p = this.cache.get(role);
    if (!p) {
      p = this.open(role);
      this.cache.set(role, p);
    }
    return p;
  }

  /** Logs the role in again after its credential stopped working mid-run; later get() calls share the new session. */
  renew(role: string): Promise<SessionResult> {
    const p = this.open(role);
    this.cache.set(role, p);
    return p;
  }

  /** A separate, uncached session (for logout and password-change probes that must not end the shared one). */
  fresh(role: string, password?: string): Promise<SessionResult> {
    return this.open(role, password);
  }

  private async open(role: string, passwordOverride?: string): Promise<SessionResult> {
    const rc: RoleConfig | undefined = this.config.auth.roles[role];
    if (!rc) return { ok: false, reason: `role ${role} is not configured` };
    if (rc.token) return { ok: true, session: this.sessionFor(role, rc, rc.token) };
    const login = this.config.auth.login;
    if (!rc.login || !login) return { ok: false, reason: `role ${role} has neither a token nor login credentials` };

    const url = new URL(login.path, this.apiOrigin).toString();
    const body = JSON.stringify({ [login.usernameField]: rc.login.username, [login.passwordField]: passwordOverride ?? rc.login.password });
    const res = await this.client.sendRaw({
      method: login.method,
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      role,
      purpose: 'log in',
      declaredAuthFlow: true,
    });
    this.lastLogin.set(role, res);
    const status = res.exchange.response?.status;
    if (res.exchange.error) return { ok: false, reason: `login of ${role} failed: ${res.exchange.error}` };
    if (status === undefined || status >= 400) return { ok: false, reason: `login of ${role} answered ${status}` };

    const [kind, name] = splitOnce(login.tokenFrom, ':');
    let token: string | undefined;
    if (kind === 'json') token = readJsonField(res.body, name);
    else token = readCookie(res.setCookie, name);
    if (!token) return { ok: false, reason: `login of ${role} answered ${status} but no credential at ${login.tokenFrom}` };
    return { ok: true, session: this.sessionFor(role, rc, token) };
  }

  private sessionFor(role: string, rc: RoleConfig, token: string): RoleSession {
    this.redactor.add(token);
    const send = this.config.auth.send;
    let headers: Record<string, string>;
    if (send.as === 'cookie') headers = { cookie: `${send.name ?? 'sid'}=${token}` };
    else if (send.as === 'header') headers = { [send.name ?? 'x-api-key']: token };
    else headers = { authorization: `Bearer ${token}` };
    return { role, tenant: rc.tenant, headers };
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function readJsonField(body: string, path: string): string | undefined {
  try {
    let cur: unknown = JSON.parse(body);
    for (const part of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
    return typeof cur === 'string' && cur.length > 0 ? cur : undefined;
  } catch {
    return undefined;
  }
}

function readCookie(setCookie: string[], name: string): string | undefined {
  for (const c of setCookie) {
    const [pair] = c.split(';');
    const [k, v] = splitOnce(pair ?? '', '=');
    if (k.trim() === name && v) return v.trim();
  }
  return undefined;
}
