// Account flows as the config gives them (issue 11, item 6): "METHOD /path",
// or an operation with {param}s plus a body template. This is the one place
// probes read auth.flows: the endpoint, the path with its parameters filled,
// and the body (the template filled in, or the probe's own guess from the
// schema where no template is given).
import type { FlowConfig } from '../../../config/schema.js';
import { ANON } from '../../../probe/role-caller.js';
import { propertiesOf } from '../../../probe/schema-bodies.js';
import { wrapperOf } from '../../../target/bodies.js';
import type { ApiOperation } from '../../types.js';
import { parseEndpoint, type AccessContext } from './context.js';

export type FlowName = 'passwordResetRequest' | 'passwordResetConfirm' | 'passwordChange' | 'inviteCreate' | 'inviteRevoke' | 'inviteAccept' | 'userDisable' | 'signup' | 'contact';

export interface Flow {
  method: string;
  /** The path template, {param}s unfilled. */
  path: string;
  /** The body template, where the config gives one. */
  body?: Record<string, unknown>;
  /** "METHOD /path" as evidence names it. */
  name: string;
  /** Found in the API document rather than given in auth.flows (only signup is looked for). */
  discovered?: boolean;
}

/** Values a template may use: `{email}`, `{password}`, `{newPassword}`, `{token}`, `{id}`, `{username}`. */
export interface FlowVars {
  email?: string;
  password?: string;
  newPassword?: string;
  token?: string;
  id?: string;
  username?: string;
}

export function flowOf(cfg: FlowConfig | undefined, body?: Record<string, unknown>): Flow | undefined {
  const ep = parseEndpoint(typeof cfg === 'string' ? cfg : cfg?.operation);
  if (!ep) return undefined;
  const tpl = typeof cfg === 'object' ? cfg.body : body;
  return { ...ep, name: `${ep.method} ${ep.path}`, ...(tpl ? { body: tpl } : {}) };
}

export function flow(cx: AccessContext, name: FlowName): Flow | undefined {
  return cx.memo(`flow ${name}`, () => flowOf(cx.config.auth.flows[name]) ?? (name === 'signup' ? discoveredSignup(cx) : undefined));
}

// The last segment of a registration route in the shapes frameworks and tutorials use.
const SIGNUP_SEGMENT = /^(register|registration|signup|sign[-_]up|join|users|accounts|create[-_]?account)$/i;

/**
 * The anonymous signup of an API whose config names none (issue 11: VAmPI's
 * `POST /users/v1/register` was never probed for mass assignment because
 * nobody wrote it into auth.flows): a POST without path parameters that
 * anonymous callers may make, whose last segment names a registration, whose
 * body (or its one-key wrapper, {"user": {…}}) takes a password, and which is
 * not the login route. The first in document order wins.
 */
export function discoveredSignup(cx: AccessContext): Flow | undefined {
  const login = cx.config.auth.login;
  const op = cx.ops.find(
    (o) =>
      o.method === 'POST' &&
      !o.path.includes('{') &&
      anonymousMayCall(o) &&
      SIGNUP_SEGMENT.test(o.path.split('/').filter(Boolean).pop() ?? '') &&
      !(login && cx.isEndpoint(o, `${login.method} ${login.path}`)) &&
      signupProperties(o.requestSchema).some((p) => /password/i.test(p)),
  );
  return op ? { method: op.method, path: op.path, name: `${op.method} ${op.path}`, discovered: true } : undefined;
}

function anonymousMayCall(o: ApiOperation): boolean {
  return o.allowedRoles ? o.allowedRoles.includes(ANON) : o.publicInSpec;
}

/** The body's property names, looking inside a one-key wrapper ({"user": {"email", "password"}}). */
export function signupProperties(schema: unknown): string[] {
  const props = propertiesOf(schema);
  return (wrapperOf(schema) ? propertiesOf(props[0]!.schema) : props).map((p) => p.name);
}

/** "METHOD /path" of a configured flow, for evidence and reasons ('' when it is not configured). */
export const flowName = (cx: AccessContext, name: FlowName): string => flow(cx, name)?.name ?? '';

const PLACEHOLDER = /\{(email|password|newPassword|token|id|username)\}/g;

/** The template with its placeholders filled: a string that is one placeholder becomes the value; others are interpolated. Unknown values stay as written. */
export function fillBody(template: unknown, vars: FlowVars): unknown {
  if (typeof template === 'string') {
    const whole = /^\{(email|password|newPassword|token|id|username)\}$/.exec(template);
    if (whole) return vars[whole[1] as keyof FlowVars] ?? template;
    return template.replace(PLACEHOLDER, (m, k: keyof FlowVars) => vars[k] ?? m);
  }
  if (Array.isArray(template)) return template.map((v) => fillBody(v, vars));
  if (typeof template === 'object' && template !== null) return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillBody(v, vars)]));
  return template;
}

/** The JSON body to send: the flow's template filled in, else `fallback()` (the probe's guess from the schema). */
export function flowBody(f: Flow, vars: FlowVars, fallback: () => Record<string, unknown>): string {
  return JSON.stringify(f.body ? fillBody(f.body, vars) : fallback());
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A user record out of a GET /me answer: the object itself, or inside a one-key wrapper ({"user": …}, {"data": …}). */
export function userRecord(json: unknown): Obj | undefined {
  if (!isObj(json)) return undefined;
  const keys = Object.keys(json);
  if (keys.length === 1 && isObj(json[keys[0]!])) return json[keys[0]!] as Obj;
  for (const k of ['user', 'data', 'account', 'profile']) if (isObj(json[k])) return json[k] as Obj;
  return json;
}

/**
 * The path with every {param} filled: from the flow's own values by meaning
 * (`{id}`/`{userId}` ← id, `{username}` ← username, `{email}`, `{token}`),
 * else from the signed-in user's own record by the parameter's name.
 * Undefined when a parameter has no value (the probe then says so).
 */
export function flowPath(f: Flow, vars: FlowVars, record?: Obj): string | undefined {
  let missing = false;
  const out = f.path.replace(/\{([^}]+)\}/g, (_m, param: string) => {
    const p = param.replace(/[_-]/g, '').toLowerCase();
    const byMeaning =
      p === 'id' || p === 'userid' || p === 'uid' ? (vars.id ?? record?.id ?? record?.userId ?? record?.user_id) :
      p === 'username' || p === 'login' || p === 'user' ? (vars.username ?? record?.username ?? record?.login) :
      p === 'email' ? (vars.email ?? record?.email) :
      p === 'token' || p === 'code' ? vars.token :
      undefined;
    const v = byMeaning ?? record?.[param];
    if (typeof v !== 'string' && typeof v !== 'number') {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(v));
  });
  return missing ? undefined : out;
}
