// After the probes, the reads that worked during the audit are sent again,
// as the same roles with a fresh sign-in if needed: the audit must leave the
// app working. A read that answers 5xx or nothing, or that its role can no
// longer make, is broken, and the write the audit sent that most likely
// broke it is named: the last write to the same collection that failed (a
// create that answered 500 may still have stored half a row), else the last
// write to it, else the last write that failed, else the last write. A 404 on an item the audit
// deleted is a side effect, not breakage: the notes list it.
import type { FinalRead, LikelyCause } from '../liveness-types.js';
import type { BaselineRead, ProbeClient } from '../../probe/client.js';
import type { Sessions } from '../../probe/sessions.js';
import type { LedgerEntry } from '../../report/model.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** "baseline for GET /api/invoices/{id}" → "GET /api/invoices/{id}"; else the method and URL path. */
function operationOf(b: BaselineRead): string {
  const m = /\b(GET|HEAD) (\/\S*)$/.exec(b.request.purpose);
  if (m) return `${m[1]} ${m[2]}`;
  return `${b.request.method} ${pathOf(b.request.url)}`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The collection a read belongs to: an item read's path up to its id, a list read's own path (without a trailing id). */
export function collectionOf(operation: string, url: string): string {
  const template = (operation.split(' ')[1] ?? '').replace(/\/+$/, '');
  const param = template.endsWith('}') ? template.lastIndexOf('/{') : -1;
  if (param > 0) {
    // The concrete path has as many segments before the parameter as the template.
    const depth = template.slice(0, param).split('/').length;
    return pathOf(url).split('/').slice(0, depth).join('/');
  }
  const path = pathOf(url).replace(/\/+$/, '');
  return /\/(\d+|[0-9a-f-]{16,})$/i.test(path) ? path.slice(0, path.lastIndexOf('/')) : path;
}

/** The write that most likely broke a read of `collection`, before ledger number `before`. */
export function likelyCause(ledger: readonly LedgerEntry[], collection: string, before: number): LikelyCause | undefined {
  const writes = ledger.filter((e) => e.seq < before && !READS.has(e.method) && e.status !== null);
  const pick = (e: LedgerEntry | undefined, rule: LikelyCause['rule']): LikelyCause | undefined =>
    e ? { seq: e.seq, method: e.method, url: e.url, status: e.status, rule } : undefined;
  const same = writes.filter((e) => {
    const p = pathOf(e.url);
    return p === collection || p.startsWith(`${collection}/`);
  });
  const failed = (e: LedgerEntry) => (e.status ?? 0) >= 500;
  return (
    pick(same.filter(failed).at(-1), 'failed write to the same collection') ??
    pick(same.at(-1), 'same collection') ??
    pick(writes.filter(failed).at(-1), 'last failed write') ??
    pick(writes.at(-1), 'last write')
  );
}

function brokenNow(status: number | undefined, role: string, error: string | undefined): string | undefined {
  if (status === undefined) return `no answer (${error ?? 'no response'})`;
  if (status >= 500) return `answers ${status}`;
  if ((status === 401 || status === 403) && role !== 'anonymous') return `refuses ${role} (${status}) even after a fresh sign-in`;
  return undefined;
}

export async function replayBaselineReads(client: ProbeClient, sessions: Sessions | undefined): Promise<FinalRead[]> {
  const out: FinalRead[] = [];
  for (const b of client.baselineReads) {
    const role = b.request.role;
    const send = async (credentials?: Record<string, string>) =>
      client.sendRaw({ ...b.request, credentials, purpose: `final read: ${b.request.purpose}`, baselineRead: false });
    let creds: Record<string, string> | undefined;
    if (role !== 'anonymous' && sessions) {
      const s = await sessions.get(role);
      creds = s.ok ? s.session.headers : b.request.credentials;
    }
    let res = await send(creds);
    const st = res.exchange.response?.status;
    if ((st === 401 || st === 403) && role !== 'anonymous' && sessions) {
      // The probes may have logged this session out or rotated it: sign in again before judging.
      const renewed = await sessions.renew(role);
      if (renewed.ok) res = await send(renewed.session.headers);
    }
    const operation = operationOf(b);
    const status = res.exchange.response?.status;
    const broken = brokenNow(status, role, res.exchange.error);
    const read: FinalRead = { role, operation, before: { seq: b.seq, status: b.exchange.response!.status }, after: res.exchange, afterSeq: res.seq ?? 0 };
    if (broken) {
      read.broken = broken;
      const cause = likelyCause(client.ledger.all(), collectionOf(operation, b.request.url), res.seq ?? Number.MAX_SAFE_INTEGER);
      if (cause) read.cause = cause;
    }
    out.push(read);
  }
  return out;
}

/** Every change the audit made, from the ledger: created, changed, deleted (2xx writes), for the report's notes. */
export function sideEffects(ledger: readonly LedgerEntry[], finalReads: readonly FinalRead[]): string[] {
  const groups = new Map<string, number>();
  const verb: Record<string, string> = { POST: 'created or triggered', PUT: 'changed', PATCH: 'changed', DELETE: 'deleted' };
  for (const e of ledger) {
    if (READS.has(e.method) || e.status === null || e.status < 200 || e.status >= 300) continue;
    if (e.purpose === 'log in' || e.purpose.startsWith('crash replay')) continue;
    const key = `${verb[e.method] ?? e.method}: ${e.method} ${pathOf(e.url).replace(/\/(\d+|[0-9a-f-]{16,})(?=\/|$)/gi, '/{id}')}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const notes = [...groups.entries()].map(([k, n]) => `side effect of the audit, ${k}${n > 1 ? ` ×${n}` : ''}`);
  for (const r of finalReads) {
    const st = r.after.response?.status;
    if (!r.broken && st !== undefined && st !== r.before.status) {
      notes.push(`side effect of the audit: ${r.operation} as ${r.role} answered ${r.before.status} before the probes and ${st} after (an object the probes deleted or changed)`);
    }
  }
  return notes;
}
