// Gatus-style conditions: `[STATUS] == 200`, `[RESPONSE_TIME] < 300`,
// `[BODY] contains ok`, `[JSON].status == ok` (Gatus spells the last one
// `[BODY].status`; both work), and for DNS checks `[DNS_RCODE] == NOERROR`
// with the answers in [BODY]. Parsed once at config load, evaluated per result.

export type Placeholder = 'STATUS' | 'RESPONSE_TIME' | 'BODY' | 'JSON' | 'CONNECTED' | 'CERTIFICATE_EXPIRATION_DAYS' | 'DNS_RCODE';
export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | '!contains';

export interface Condition {
  source: string;
  placeholder: Placeholder;
  /** Dotted path into the JSON body, for [JSON] (and [BODY].x). */
  jsonPath?: (string | number)[];
  op: Operator;
  value: string;
}

export interface ConditionInput {
  connected: boolean;
  status?: number;
  responseTimeMs: number;
  body?: string;
  certDaysLeft?: number;
  /** DNS response code name (NOERROR, NXDOMAIN, SERVFAIL, REFUSED, TIMEOUT). */
  dnsRcode?: string;
}

export interface ConditionResult {
  ok: boolean;
  /** e.g. "[STATUS] (503) == 200" — safe to show: bodies are not quoted whole. */
  text: string;
}

const PLACEHOLDERS: readonly Placeholder[] = ['STATUS', 'RESPONSE_TIME', 'BODY', 'JSON', 'CONNECTED', 'CERTIFICATE_EXPIRATION_DAYS', 'DNS_RCODE'];
const SHAPE = /^\s*\[([A-Z_]+)\]((?:\.[A-Za-z0-9_$-]+|\[\d+\])*)\s*(==|!=|<=|>=|<|>|!contains|contains)\s*(.*?)\s*$/;

export function parseCondition(source: string): Condition | { error: string } {
  const m = SHAPE.exec(source);
  if (!m) return { error: `"${source}" is not "[PLACEHOLDER] OP VALUE", e.g. "[STATUS] == 200"` };
  let placeholder = m[1] as Placeholder;
  if (!PLACEHOLDERS.includes(placeholder)) return { error: `unknown placeholder [${m[1]}]; expected one of ${PLACEHOLDERS.map((p) => `[${p}]`).join(', ')}` };
  const pathText = m[2] ?? '';
  const op = m[3] as Operator;
  const value = unquote(m[4] ?? '');
  let jsonPath: (string | number)[] | undefined;
  if (pathText) {
    if (placeholder !== 'JSON' && placeholder !== 'BODY') return { error: `[${placeholder}] takes no path` };
    placeholder = 'JSON';
    jsonPath = [...pathText.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((p) => (p[2] !== undefined ? Number(p[2]) : (p[1] ?? '')));
  } else if (placeholder === 'JSON') {
    return { error: '[JSON] needs a path, e.g. [JSON].status' };
  }
  const numeric = ['STATUS', 'RESPONSE_TIME', 'CERTIFICATE_EXPIRATION_DAYS'].includes(placeholder);
  if (numeric && ['contains', '!contains'].includes(op)) return { error: `[${placeholder}] is a number; use ==, !=, <, <=, > or >=` };
  if (numeric && !Number.isFinite(Number(value))) return { error: `[${placeholder}] compares with a number, got "${value}"` };
  if (placeholder === 'CONNECTED' && !['true', 'false'].includes(value)) return { error: '[CONNECTED] compares with true or false' };
  return { source, placeholder, jsonPath, op, value };
}

export function evaluate(c: Condition, input: ConditionInput): ConditionResult {
  const actual = actualValue(c, input);
  const shown = actual === undefined ? 'missing' : c.placeholder === 'BODY' ? 'body' : truncate(String(actual), 40);
  const label = c.jsonPath ? `[JSON].${c.jsonPath.join('.')}` : `[${c.placeholder}]`;
  return { ok: actual !== undefined && compare(actual, c.op, c.value), text: `${label} (${shown}) ${c.op} ${c.value}` };
}

function actualValue(c: Condition, input: ConditionInput): string | number | boolean | undefined {
  switch (c.placeholder) {
    case 'CONNECTED':
      return input.connected;
    case 'STATUS':
      return input.status;
    case 'RESPONSE_TIME':
      return input.connected ? Math.round(input.responseTimeMs) : undefined;
    case 'CERTIFICATE_EXPIRATION_DAYS':
      return input.certDaysLeft;
    case 'DNS_RCODE':
      return input.dnsRcode;
    case 'BODY':
      return input.body;
    case 'JSON': {
      if (input.body === undefined) return undefined;
      let v: unknown;
      try {
        v = JSON.parse(input.body);
      } catch {
        return undefined;
      }
      for (const k of c.jsonPath ?? []) {
        if (v === null || typeof v !== 'object') return undefined;
        v = (v as Record<string | number, unknown>)[k];
      }
      if (v === null || v === undefined) return undefined;
      return typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
    }
  }
}

function compare(actual: string | number | boolean, op: Operator, expected: string): boolean {
  if (op === 'contains') return String(actual).includes(expected);
  if (op === '!contains') return !String(actual).includes(expected);
  const a = Number(actual);
  const e = Number(expected);
  const numeric = typeof actual !== 'boolean' && Number.isFinite(a) && Number.isFinite(e) && expected.trim() !== '';
  switch (op) {
    case '==':
      return numeric ? a === e : String(actual) === expected;
    case '!=':
      return numeric ? a !== e : String(actual) !== expected;
    case '<':
      return numeric && a < e;
    case '<=':
      return numeric && a <= e;
    case '>':
      return numeric && a > e;
    case '>=':
      return numeric && a >= e;
  }
}

function unquote(s: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(s);
  return m ? (m[1] ?? m[2] ?? '') : s;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Whether any condition needs the body (so the probe reads it). */
export const needsBody = (cs: readonly Condition[]): boolean => cs.some((c) => c.placeholder === 'BODY' || c.placeholder === 'JSON');
