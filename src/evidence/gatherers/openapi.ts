// Reads the OpenAPI document (3.x or Swagger 2.0, JSON or YAML) into the list
// of operations the dynamic checks walk, and attaches each operation's
// expected audience: from the config's policy where a rule matches, otherwise
// inferred from the spec's security declarations (and the report says so).
// $refs are resolved by @apidevtools/swagger-parser (local refs only: the
// document is audited, not fetched from wherever it points), then the schemas
// are copied into plain, acyclic data so evidence stays serialisable.
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import type { PolicyRule } from '../../config/schema.js';
import { ANONYMOUS, expectedCallers } from '../../config/policy.js';
import { basePathOfServer } from '../../target/url.js';
import type { ApiOperation, ApiSpec, Gathered } from '../types.js';
import { failed, notTested, ok } from '../types.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function gatherOpenApi(
  file: string | undefined,
  policy: readonly PolicyRule[],
  roles: readonly string[],
): Promise<Gathered<ApiSpec>> {
  if (!file) return notTested('no api.openapi document configured');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return failed(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return ok(await parseSpecResolved(text, file, policy, roles));
  } catch (err) {
    return failed(`${file}: ${(err as Error).message}`);
  }
}

/** Parses and dereferences; a document whose $refs cannot be resolved still yields its operations, without schemas. */
export async function parseSpecResolved(
  text: string,
  source: string,
  policy: readonly PolicyRule[],
  roles: readonly string[],
): Promise<ApiSpec> {
  const doc = parseDocument(text);
  if (!isObj(doc)) throw new Error('not an OpenAPI document (expected an object)');
  let resolved: Obj = doc;
  try {
    resolved = (await SwaggerParser.dereference(structuredClone(doc) as never, {
      resolve: { external: false },
      dereference: { circular: 'ignore' },
    })) as unknown as Obj;
  } catch {
    // Unresolvable refs: keep the raw document; bodies are then generated without schemas.
  }
  return fromDocument(resolved, source, policy, roles);
}

/** Synchronous parse without $ref resolution (kept for callers that only need the operation list). */
export function parseSpec(text: string, source: string, policy: readonly PolicyRule[], roles: readonly string[]): ApiSpec {
  const doc = parseDocument(text);
  if (!isObj(doc)) throw new Error('not an OpenAPI document (expected an object)');
  return fromDocument(doc, source, policy, roles);
}

/**
 * JSON documents (the usual export) through JSON.parse: the YAML parser takes
 * ~100 ms on a 200-operation spec where JSON.parse takes under 1 ms. Anything
 * JSON.parse refuses (YAML, JSON with comments) goes to the YAML parser, as before.
 */
function parseDocument(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not strict JSON: YAML below
    }
  }
  return parseYaml(text);
}

function fromDocument(doc: Obj, source: string, policy: readonly PolicyRule[], roles: readonly string[]): ApiSpec {
  const version = String(doc.openapi ?? doc.swagger ?? '');
  if (!/^(3\.|2\.0)/.test(version)) throw new Error('not an OpenAPI 3.x or Swagger 2.0 document');
  const swagger2 = version.startsWith('2');
  const globalSecurity = doc.security;
  const paths = isObj(doc.paths) ? doc.paths : {};
  const basePath = swagger2 ? (typeof doc.basePath === 'string' ? basePathOfServer(doc.basePath) : '') : serversBasePath(doc.servers);
  const globalConsumes = swagger2 && Array.isArray(doc.consumes) ? doc.consumes.map(String) : [];

  const operations: ApiOperation[] = [];
  for (const [rawPath, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    const pathParams = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const path = basePath + rawPath;
      const security = op.security ?? globalSecurity;
      const publicInSpec = !Array.isArray(security) || security.length === 0 || security.some((s) => isObj(s) && Object.keys(s).length === 0);
      const ref = { method: method.toUpperCase(), path, operationId: typeof op.operationId === 'string' ? op.operationId : undefined };
      const params = [...pathParams, ...(Array.isArray(op.parameters) ? op.parameters : [])].filter(isObj);
      const body = swagger2 ? swagger2Body(params, op.consumes ?? globalConsumes) : openApi3Body(op.requestBody);
      operations.push({
        ...ref,
        publicInSpec,
        hasJsonBody: body.json,
        ...expectedCallers(policy, { ...ref, publicInSpec }, roles, basePath),
        ...(body.schema !== undefined ? { requestSchema: plain(body.schema) } : {}),
        ...(body.example !== undefined ? { requestExample: plain(body.example) } : {}),
        ...(body.contentType && !body.contentType.includes('json') ? { requestContentType: body.contentType } : {}),
        // Issue 10: what the operation says it does, for the exclusion of dangerous operations (src/target/exclusions.ts).
        ...(typeof op.summary === 'string' || typeof op.description === 'string' ? { summary: [op.summary, op.description].filter((x) => typeof x === 'string').join(' ').slice(0, 300) } : {}),
        parameters: params
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: String(p.name),
            in: String(p.in),
            required: p.required === true,
            schema: plain(p.schema ?? (swagger2 ? { type: p.type, format: p.format } : undefined)),
          })),
      });
    }
  }
  const info = isObj(doc.info) ? doc.info : {};
  return { source, version, title: typeof info.title === 'string' ? info.title : undefined, ...(basePath ? { basePath } : {}), operations };
}

/** The first server's path (OpenAPI 3 `servers`), its variables filled with their defaults: '' for the origin root. */
function serversBasePath(servers: unknown): string {
  const first = Array.isArray(servers) ? servers.find(isObj) : undefined;
  if (!first || typeof first.url !== 'string') return '';
  const vars = isObj(first.variables)
    ? Object.fromEntries(Object.entries(first.variables).map(([k, v]) => [k, isObj(v) && v.default !== undefined ? String(v.default) : '']))
    : {};
  return basePathOfServer(first.url, vars);
}

interface BodyInfo {
  json: boolean;
  schema?: unknown;
  example?: unknown;
  contentType?: string;
}

/** OpenAPI 3 requestBody: JSON first, else a form; the media type's example (or first of examples) as the document's own sample body. */
function openApi3Body(body: unknown): BodyInfo {
  if (!isObj(body) || !isObj(body.content)) return { json: false };
  const types = Object.keys(body.content);
  const key = types.find((c) => c.includes('json')) ?? types.find((c) => c.includes('x-www-form-urlencoded')) ?? types.find((c) => c.includes('form-data'));
  const media = key ? body.content[key] : undefined;
  if (!key || !isObj(media)) return { json: false };
  return { json: key.includes('json'), schema: media.schema, example: exampleOf(media), contentType: key };
}

/** Swagger 2: an `in: body` parameter is JSON; `in: formData` parameters make a form body. */
function swagger2Body(params: Obj[], consumes: unknown): BodyInfo {
  const bodyParam = params.find((p) => p.in === 'body');
  if (bodyParam) return { json: true, schema: bodyParam.schema, example: isObj(bodyParam.schema) ? bodyParam.schema.example : undefined, contentType: 'application/json' };
  const form = params.filter((p) => p.in === 'formData');
  if (form.length === 0) return { json: false };
  const properties = Object.fromEntries(form.map((p) => [String(p.name), { type: p.type, format: p.format, enum: p.enum }]));
  const required = form.filter((p) => p.required === true).map((p) => String(p.name));
  const types = Array.isArray(consumes) ? consumes.map(String) : [];
  return { json: false, schema: { type: 'object', properties, required }, contentType: types.find((t) => t.includes('form')) ?? 'application/x-www-form-urlencoded' };
}

function exampleOf(media: Obj): unknown {
  if (media.example !== undefined) return media.example;
  if (isObj(media.examples)) {
    const first = Object.values(media.examples).find(isObj);
    if (first && first.value !== undefined) return first.value;
  }
  return isObj(media.schema) ? media.schema.example : undefined;
}

/** A deep copy that cuts cycles (circular $refs) and stays JSON-serialisable. */
function plain(value: unknown, depth = 0, seen: Set<unknown> = new Set()): unknown {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > 12) return {};
  seen.add(value);
  const out = Array.isArray(value)
    ? value.map((v) => plain(v, depth + 1, seen))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1, seen)]));
  seen.delete(value);
  return out;
}

/** True when the policy/spec expects the operation to need a signed-in caller (anonymous callers are not among its callers). */
export function isProtected(op: ApiOperation): boolean {
  return !(op.allowedRoles ?? []).includes(ANONYMOUS);
}
