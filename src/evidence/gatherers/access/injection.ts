// Injection-shaped malformed input (issue 11, item 8): the roadmap's
// "malformed payloads that cause errors", not an injection scanner. A single
// quote, a template expression, a path traversal and an operator object go
// into body fields, path parameters and query strings. What counts is what
// comes back: SQL in an error, a template evaluated (7*191 became 1337), a
// file's contents or a server file path, a stack trace. Each is repeated once
// to confirm, and judged only where the well-formed request got no 5xx.
import { ANONYMOUS } from '../../../config/policy.js';
import { propertiesOf } from '../../../probe/schema-bodies.js';
import type { ApiOperation, HttpExchange } from '../../types.js';
import { JSON_HEADERS, ok2xx, opName, status, type AccessContext } from './context.js';
import { noteCreated } from './create.js';
import { collectionOf, fillTemplate } from './ids.js';

export interface Payload {
  variant: 'injection-quote' | 'injection-template' | 'injection-traversal' | 'injection-operator';
  value: unknown;
}

/** 7*191 = 1337: a number that appears in no payload, so seeing it means something evaluated the expression. */
export const EVALUATED = '1337';
const TEXT: Payload[] = [
  { variant: 'injection-quote', value: "launchready'probe\"--" },
  { variant: 'injection-template', value: '{{7*191}}${7*191}<%= 7*191 %>#{7*191}' },
  { variant: 'injection-traversal', value: '../../../../../../etc/passwd' },
];
const OPERATOR: Payload = { variant: 'injection-operator', value: { $ne: null } };

/** What an answer gives away; undefined when nothing. The order is the order of seriousness. */
export function leakOf(ex: HttpExchange | undefined): 'template-evaluated' | 'file-contents' | 'sql' | 'stack-trace' | 'file-path' | undefined {
  const body = ex?.response?.body ?? '';
  const st = status(ex) ?? 0;
  if (body.includes(EVALUATED) && !body.includes('7*191')) return 'template-evaluated';
  if (/root:x?:0:0:/.test(body)) return 'file-contents';
  if (st < 500) return undefined;
  if (/SQL syntax|SQLITE_|sqlite3?\.|syntax error at or near|unterminated quoted string|ORA-\d{5}|PG::|psycopg2|SequelizeDatabaseError|QueryFailedError|PrismaClient|MongoServerError|CastError|\$ne|near "[^"]*": syntax error/i.test(body)) return 'sql';
  // A stack inside a JSON string has its newlines escaped (\\n).
  if (/(?:\n|\\n)\s+at [\w$.<>[\]]+ \(|\bat (Object|Module|Layer|Function)\.|Traceback \(most recent call last\)|File "[^"]+", line \d+|\.java:\d+\)/.test(body)) return 'stack-trace';
  if (/ENOENT|EACCES|(?:^|[\s"'(])\/(?:usr|var|home|app|srv|opt|etc)\/[\w./-]+|[A-Z]:\\\\[\w\\]+/.test(body)) return 'file-path';
  return undefined;
}

/** Body fields: the first text property gets each payload (and the operator object); judged against the well-formed control. */
export async function injectBodies(cx: AccessContext, op: ApiOperation, role: string, url: string, base: Record<string, unknown>, controlStatus: number | null): Promise<void> {
  const field = propertiesOf(op.requestSchema).find((p) => p.schema.readOnly !== true && (p.schema.type === 'string' || p.schema.type === undefined) && p.schema.enum === undefined)?.name;
  if (!field) return;
  for (const p of [...TEXT, OPERATOR]) {
    const body = JSON.stringify({ ...base, [field]: p.value });
    const res = await attempt(cx, opName(op), role, `body:${field}`, p, controlStatus, (purpose) => cx.caller.call(role, { method: op.method, url, headers: JSON_HEADERS, body, purpose }));
    // A create that took the payload made an object: queued for deletion like every other probe object.
    if (op.method === 'POST' && !op.path.includes('{') && ok2xx(res.exchange)) noteCreated(cx, op.path.replace(/\/+$/, ''), role, res.body);
  }
}

/** Path parameters and query strings of read operations (no allowWrites needed): each text payload, against a baseline read. */
export async function injectReads(cx: AccessContext): Promise<void> {
  // Not static files (a bundle, the API document): no code behind them reads a parameter, and their bodies are large.
  const reads = cx.ops.filter((o) => o.method === 'GET' && (o.path.match(/\{/g) ?? []).length <= 1 && !/\.[a-z0-9]{1,5}$/i.test(o.path) && o.path !== '/');
  await Promise.all(
    reads.map(async (op) => {
      const open = (op.allowedRoles ?? []).includes(ANONYMOUS);
      const role = open ? ANONYMOUS : cx.allowed(op).find((r) => r.tenant === cx.homeTenant)?.name;
      if (!role) return;
      const hasParam = op.path.includes('{');
      const id = hasParam ? cx.ids.of(collectionOf(op.path) ?? '', cx.homeTenant ?? '')[0]?.id : undefined;
      if (hasParam && id === undefined) return;
      const real = cx.url(hasParam ? (fillTemplate(op.path, id!) ?? op.path) : op.path);
      const baseline = await cx.caller.call(role, { method: 'GET', url: real, purpose: `baseline for injection-shaped input on ${opName(op)}` });
      const control = status(baseline.exchange);
      for (const p of TEXT) {
        const url = hasParam ? cx.url(fillTemplate(op.path, String(p.value)) ?? op.path) : `${real}${real.includes('?') ? '&' : '?'}q=${encodeURIComponent(String(p.value))}&search=${encodeURIComponent(String(p.value))}`;
        await attempt(cx, opName(op), role, hasParam ? 'path' : 'query:q,search', p, control, (purpose) => cx.caller.call(role, { method: 'GET', url, purpose }));
      }
    }),
  );
}

async function attempt(
  cx: AccessContext,
  target: string,
  role: string,
  where: string,
  p: Payload,
  controlStatus: number | null,
  send: (purpose: string) => Promise<{ exchange: HttpExchange; body: string }>,
): Promise<{ exchange: HttpExchange; body: string }> {
  const res = await send(`${p.variant} in ${where} of ${target}`);
  const leak = leakOf(res.exchange);
  const confirm = leak ? await send(`confirm ${p.variant} in ${where} of ${target}`) : undefined;
  // A quiet answer is kept without its body: it proves nothing, and a page or bundle would only fill the evidence (or carry what nobody asked for).
  const kept = leak ? res.exchange : withoutBody(res.exchange);
  cx.record('validation', p.variant, target, role, [['attack', kept], ['confirm', confirm?.exchange]], {
    status: status(res.exchange),
    confirmStatus: status(confirm?.exchange),
    where,
    leak: leak ?? null,
    confirmLeak: confirm ? (leakOf(confirm.exchange) ?? null) : null,
    controlStatus,
  });
  return res;
}

function withoutBody(ex: HttpExchange): HttpExchange {
  return ex.response ? { ...ex, response: { ...ex.response, body: '', bodyTruncated: ex.response.body.length > 0 } } : ex;
}
