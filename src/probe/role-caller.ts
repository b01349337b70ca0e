// How access probes call the API as a role. On top of the client (budget,
// ledger, safety) it adds what multi-role probing needs:
// - session renewal: a 401 for a role whose calls succeeded before means its
//   session expired mid-run, so it logs in again once and retries, instead of
//   turning the rest of the run into silent denials (the commonest false
//   negative of other scanners);
// - a concurrency pool on top of the client's rate limit;
// - refusal to send a state-changing request where writes are not allowed,
//   as a value the caller can report (not-tested), not an exception.
import type { HttpExchange } from '../evidence/types.js';
import { SafetyError, type ProbeClient, type RawResult } from './client.js';

export type { RawResult };
import { Pool } from './pool.js';
import type { Sessions } from './sessions.js';

export const ANON = 'anonymous';

export interface CallRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  purpose: string;
  /** Replace the role's credential headers (a tampered or revoked token). */
  credentials?: Record<string, string>;
  /** Do not renew on 401 (the probe expects a 401). */
  noRenew?: boolean;
  declaredAuthFlow?: boolean;
  /** See ProbeRequest.stopWhen. */
  stopWhen?: (received: string) => boolean;
  /** See ProbeRequest.maxBodyBytes. */
  maxBodyBytes?: number;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class RoleCaller {
  readonly pool: Pool;
  private readonly succeeded = new Set<string>();
  readonly renewals = new Map<string, number>();

  constructor(
    readonly client: ProbeClient,
    readonly sessions: Sessions,
    concurrency: number,
  ) {
    this.pool = new Pool(concurrency);
  }

  canWrite(url: string): boolean {
    return this.client.canWrite(url);
  }

  /** True when the request would change state (or may: a method-override header) and writes are not allowed. */
  refused(method: string, url: string): boolean {
    return !SAFE.has(method.toUpperCase()) && !this.client.canWrite(url);
  }

  async call(role: string, req: CallRequest): Promise<RawResult> {
    let headers: Record<string, string> | undefined = req.credentials;
    if (role !== ANON && !headers) {
      const s = await this.sessions.get(role);
      if (!s.ok) return failedResult(req, role, `not sent: ${s.reason}`);
      headers = s.session.headers;
    }
    let res = await this.send(role, req, headers);
    const status = res.exchange.response?.status;
    if (status === 401 && role !== ANON && !req.credentials && !req.noRenew && this.succeeded.has(role)) {
      const renewed = await this.sessions.renew(role);
      if (renewed.ok) {
        this.renewals.set(role, (this.renewals.get(role) ?? 0) + 1);
        res = await this.send(role, { ...req, purpose: `${req.purpose} (retried after renewing the session)` }, renewed.session.headers);
      }
    }
    const st = res.exchange.response?.status;
    if (st !== undefined && st >= 200 && st < 300 && role !== ANON && !req.credentials) this.succeeded.add(role);
    return res;
  }

  private send(role: string, req: CallRequest, credentials: Record<string, string> | undefined): Promise<RawResult> {
    return this.pool.run(async () => {
      try {
        return await this.client.sendRaw({
          method: req.method,
          url: req.url,
          headers: { accept: 'application/json', ...req.headers },
          body: req.body,
          role,
          purpose: req.purpose,
          credentials,
          declaredAuthFlow: req.declaredAuthFlow,
          stopWhen: req.stopWhen,
          maxBodyBytes: req.maxBodyBytes,
        });
      } catch (err) {
        if (err instanceof SafetyError) return failedResult(req, role, `not sent: ${err.message}`);
        throw err;
      }
    });
  }
}

function failedResult(req: CallRequest, role: string, error: string): RawResult {
  const exchange: HttpExchange = {
    request: { method: req.method.toUpperCase(), url: req.url, headers: {}, role },
    error,
    durationMs: 0,
  };
  return { exchange, body: '', setCookie: [] };
}
