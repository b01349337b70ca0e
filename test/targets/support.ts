// Small loopback JSON apps for the control and abuse targets: a router over
// node:http that parses JSON (and form) bodies, and the launchready.yml and
// OpenAPI files an audit of such an app needs, written to a temp folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/schema.js';

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON or form body; undefined when absent or unparseable (see raw). */
  body: Record<string, unknown> | undefined;
  raw: string;
  /** The socket's address: what a limiter should key on. */
  ip: string;
}

export interface Res {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface App {
  url: string;
  /** Requests seen, by "METHOD /path". */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Starts `handle` on 127.0.0.1:0. A handler that throws answers 500 with the error's message, as a careless app would. */
export async function startApp(handle: (req: Req) => Res | Promise<Res>): Promise<App> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let body: Record<string, unknown> | undefined;
      try {
        if (type.includes('json') && raw) body = JSON.parse(raw) as Record<string, unknown>;
        else if (type.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
      } catch {
        body = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const r: Req = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, raw, ip: req.socket.remoteAddress ?? '' };
      hits.set(`${r.method} ${r.path}`, (hits.get(`${r.method} ${r.path}`) ?? 0) + 1);
      Promise.resolve()
        .then(() => handle(r))
        .catch((err: Error): Res => ({ status: 500, body: { error: 'Internal Server Error', message: err.message } }))
        .then((out) => {
          const text = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
          const ct = typeof out.body === 'string' ? 'text/html; charset=utf-8' : 'application/json';
          res.writeHead(out.status, { 'content-type': ct, ...out.headers });
          res.end(text);
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export const bearer = (req: Req): string | undefined => /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];

/** An OpenAPI 3 document: `paths` as given, bearer security on everything not marked `security: []`. */
export function openapi(title: string, paths: Record<string, unknown>): object {
  return {
    openapi: '3.0.3',
    info: { title, version: '1' },
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

export const jsonBody = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', properties, ...(required.length ? { required } : {}) } } },
});
export const ok = { 200: { description: 'ok' } };

/** A temp folder for a target's spec and config; `remove` deletes it. */
export async function workdir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lr-target-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes the spec next to a config whose `api.openapi` points at it, and loads the config. */
export async function loadTargetConfig(dir: string, spec: object, yml: (specFile: string) => string): Promise<LoadedConfig> {
  const specFile = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(specFile, JSON.stringify(spec));
  return parseConfigText(yml(specFile), path.join(dir, 'launchready.yml'));
}

/** A temp folder for the whole test file (created before its tests, removed after): call at the top level, read `.dir` inside tests. */
export function fileWorkdir(): { readonly dir: string } {
  const holder = { dir: '' };
  let remove: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const w = await workdir();
    holder.dir = w.dir;
    remove = w.remove;
  });
  afterAll(() => remove?.());
  return holder;
}

/**
 * launchready.yml for a small target: its name, URL and writes; `auth` is the
 * auth block's body (login, flows, roles), `policy` one "METHOD /path: roles"
 * rule per line, in the config's own syntax.
 */
export function targetYml(o: { name: string; url: string; allowWrites: boolean; auth: string; policy: string[] }): (specFile: string) => string {
  return (specFile) => `version: 1
project: { name: ${o.name} }
environments:
  test: { apiUrl: ${o.url}, allowWrites: ${o.allowWrites} }
api: { openapi: ${specFile} }
auth:
${o.auth.replace(/^\n+|\n+$/g, '')}
policy:
${o.policy.map((r) => `  - ${r}`).join('\n')}
network: { ratePerSecond: 2000, timeoutMs: 5000 }
`;
}
