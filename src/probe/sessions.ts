// Logs each configured role in once, the way the config says, and hands out
// the credential headers to send. A role whose login fails is recorded with
// the reason (what the login answered, in words) so every check that needed
// it reports error, never pass. The login shapes themselves (body template,
// form, token location, scheme, CSRF) live in src/target/.
import type { LaunchConfig, RoleConfig } from '../config/schema.js';
import type { Redactor } from '../secrets/redactor.js';
import { cookieHeader, storeCookies, type CookieJar } from '../target/cookies.js';
import { csrfFrom, csrfPlan, type CsrfPlan } from '../target/csrf.js';
import { roleTenant } from '../target/roles.js';
import { credentialHeaders, describeLoginAnswer, loginRequest, readCredential } from '../target/sign-in.js';
import { apiUrlFor } from '../target/url.js';
import type { ProbeClient, RawResult } from './client.js';

export interface RoleSession {
  role: string;
  tenant: string;
  /** Headers that carry the credential (and, for cookie sessions, the CSRF token). */
  headers: Record<string, string>;
  /** The credential itself (in memory only), for probes that tamper with it. */
  token?: string;
}

export type SessionResult = { ok: true; session: RoleSession } | { ok: false; reason: string };

/** Cookie values shorter than this are not registered as secrets: masking "1" or "en" would garble every report. */
const MIN_SECRET_COOKIE = 8;

export class Sessions {
  private readonly cache = new Map<string, Promise<SessionResult>>();
  /**
   * Each role's latest login answer, so the session-cookie probe can judge
   * the Set-Cookie it carried without logging in again. Raw (unmasked) and
   * in memory only: callers store only its masked exchange.
   */
  readonly lastLogin = new Map<string, RawResult>();
  private readonly csrf: CsrfPlan | undefined;

  constructor(
    private readonly config: LaunchConfig,
    private readonly apiUrl: string,
    private readonly client: ProbeClient,
    private readonly redactor: Redactor,
    /** The API document's base path (OpenAPI 3 servers, Swagger 2 basePath); see apiUrlFor. */
    private readonly basePath = '',
  ) {
    this.csrf = csrfPlan(config);
  }

  /** The name a role signs in with, where it signs in with a password (who it is, for probes matching objects to owners). */
  username(role: string): string | undefined {
    return this.config.auth.roles[role]?.login?.username;
  }

  roles(): string[] {
    return Object.keys(this.config.auth.roles);
  }

  /** The URL of a configured path, joined the one way every probe joins it. */
  url(path: string): string {
    return apiUrlFor(this.apiUrl, this.basePath, path);
  }

  get(role: string): Promise<SessionResult> {
    let p = this.cache.get(role);
    if (!p) {
      const opened = this.open(role);
      p = opened;
      this.cache.set(role, opened);
      // Issue 10: a login the target did not answer (it was down or restarting) says nothing about the
      // credentials; the next caller signs in again once the probe engine lets requests through.
      void opened.then((r) => {
        if (!r.ok && this.lastLogin.has(role) && this.lastLogin.get(role)!.exchange.response === undefined && this.cache.get(role) === opened) this.cache.delete(role);
      });
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
    if (rc.token) return { ok: true, session: this.sessionFor(role, rc.token, new Map(), undefined) };
    const login = this.config.auth.login;
    if (!rc.login || !login) return { ok: false, reason: `role ${role} has neither a token nor login credentials` };

    const jar: CookieJar = new Map();
    let csrfToken: string | undefined;
    if (this.csrf) csrfToken = await this.readCsrf(role, jar, 'before login');
    const extra = this.csrf?.field && csrfToken ? { [this.csrf.field]: csrfToken } : {};
    const req = loginRequest(login, rc.login.username, passwordOverride ?? rc.login.password, extra);
    const res = await this.client.sendRaw({
      method: login.method,
      url: this.url(login.path),
      headers: { accept: 'application/json', ...req.headers, ...this.jarHeaders(jar, csrfToken) },
      body: req.body,
      role,
      purpose: 'log in',
      declaredAuthFlow: true,
    });
    this.lastLogin.set(role, res);
    storeCookies(jar, res.setCookie);
    const status = res.exchange.response?.status;
    const failed = res.exchange.error !== undefined || status === undefined || status >= 400;
    const token = failed ? undefined : readCredential(login.tokenFrom, res);
    if (!token) return { ok: false, reason: `login of ${role} failed: ${describeLoginAnswer(login.tokenFrom, res)}` };
    // Frameworks rotate the CSRF token when a user signs in: read the one that belongs to the new session.
    if (this.csrf) csrfToken = (await this.readCsrf(role, jar, 'after login', token)) ?? csrfToken;
    return { ok: true, session: this.sessionFor(role, token, jar, csrfToken) };
  }

  private preflightHeaders: Promise<Record<string, string>> | undefined;

  /**
   * A login request for any username and password (enumeration, rate-limit
   * bursts, an invitee signing in), shaped as auth.login says and carrying
   * what the app's CSRF protection wants of an anonymous visitor: its
   * cookie and token, fetched once per run.
   */
  async loginAttempt(username: string, password: unknown): Promise<{ headers: Record<string, string>; body: string }> {
    const login = this.config.auth.login;
    if (!login) throw new Error('auth.login is not configured');
    if (this.csrf) {
      this.preflightHeaders ??= (async () => {
        const jar: CookieJar = new Map();
        const token = await this.readCsrf('anonymous', jar, 'before a login attempt');
        return { ...this.jarHeaders(jar, token), ...(token ? { 'x-launchready-csrf': token } : {}) };
      })();
    }
    const pre = { ...((await this.preflightHeaders) ?? {}) };
    const token = pre['x-launchready-csrf'];
    delete pre['x-launchready-csrf'];
    const req = loginRequest(login, username, password, this.csrf?.field && token ? { [this.csrf.field]: token } : {});
    return { headers: { ...req.headers, ...pre }, body: req.body };
  }

  /** The CSRF token: from the jar, or from the token page fetched with the jar (its Set-Cookie joins the jar). */
  private async readCsrf(role: string, jar: CookieJar, when: string, token?: string): Promise<string | undefined> {
    const plan = this.csrf!;
    const inJar = csrfFrom(plan, jar);
    if (inJar && (plan.kind === 'cookie' || !plan.page)) return inJar;
    if (!plan.page) return inJar;
    const headers = token ? credentialHeaders(this.config, token, jar) : this.jarHeaders(jar, undefined);
    const page = await this.client.sendRaw({
      method: plan.page.method,
      url: this.url(plan.page.path),
      headers: { accept: plan.kind === 'json' ? 'application/json' : 'text/html,application/json' },
      credentials: headers,
      role,
      purpose: `read the CSRF token (${when})`,
    });
    storeCookies(jar, page.setCookie);
    return csrfFrom(plan, jar, page);
  }

  private jarHeaders(jar: CookieJar, csrfToken: string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (jar.size) out.cookie = cookieHeader(jar);
    if (csrfToken && this.csrf) {
      out[this.csrf.header] = csrfToken;
      // Django checks the Referer of HTTPS writes against the host.
      out.referer = this.url('/');
    }
    return out;
  }

  private sessionFor(role: string, token: string, jar: CookieJar, csrfToken: string | undefined): RoleSession {
    this.redactor.add(token);
    for (const v of jar.values()) if (v.length >= MIN_SECRET_COOKIE) this.redactor.add(v);
    const headers = { ...credentialHeaders(this.config, token, jar) };
    if (csrfToken && this.csrf) {
      headers[this.csrf.header] = csrfToken;
      headers.referer = this.url('/');
    }
    return { role, tenant: roleTenant(this.config, role), headers, token };
  }
}
