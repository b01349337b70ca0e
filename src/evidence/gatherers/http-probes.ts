// A handful of single requests that header and error checks read: the app's
// home page, the health endpoint, a page that does not exist, a malformed
// path parameter and malformed JSON (only where writes are allowed).
// Redirects are never followed, so a check sees each hop; plain-HTTP
// redirect chains are the edge gatherer's job.
import type { ProbeClient } from '../../probe/client.js';
import type { ApiSpec, Gathered, HttpExchange, HttpProbes } from '../types.js';
import { failed, ok } from '../types.js';

export interface HttpProbeTargets {
  appUrl?: string;
  apiUrl?: string;
  healthPath: string;
  /** False when healthPath is only the usual guess (/health), not written in the config. */
  healthPathDeclared?: boolean;
  /** The login page's path on appUrl (monitor.loginPath); not probed when absent. */
  loginPath?: string;
  /** False when loginPath is only the usual guess (/login), not declared in the config. */
  loginPathDeclared?: boolean;
}

// Broken UTF-8 percent-encoding: a framework that decodes path params blindly throws.
export const MALFORMED_PARAM = '%E0%A4%A';
export const MALFORMED_JSON = '{"launchready": "malformed",';
export const NOT_FOUND_PATH = '/launchready-probe/does-not-exist';

export async function gatherHttpProbes(
  client: ProbeClient,
  t: HttpProbeTargets,
  spec: Gathered<ApiSpec>,
): Promise<Gathered<HttpProbes>> {
  const api = t.apiUrl ?? t.appUrl;
  if (!api) return failed('the target environment has neither appUrl nor apiUrl');
  const get = (url: string, purpose: string, baselineRead = false): Promise<HttpExchange> =>
    client.send({ method: 'GET', url, role: 'anonymous', purpose, headers: { accept: '*/*' }, baselineRead });

  const probes: HttpProbes = { skipped: {} };
  if (t.appUrl) probes.appHome = await get(t.appUrl, 'app home page', true);
  if (t.appUrl && t.loginPath) {
    probes.loginPage = await get(join(t.appUrl, t.loginPath), 'login page');
    probes.loginPageDeclared = t.loginPathDeclared ?? true;
  }
  probes.apiHealth = await get(join(api, t.healthPath), 'health endpoint', true);
  probes.healthDeclared = t.healthPathDeclared ?? true;
  probes.notFound = await get(join(api, NOT_FOUND_PATH), 'error page for an unknown path');

  const ops = spec.state === 'ok' ? spec.value.operations : [];
  const withParam = ops.find((o) => o.method === 'GET' && /\{[^}]+\}/.test(o.path));
  if (withParam) {
    const path = withParam.path.replace(/\{[^}]+\}/, MALFORMED_PARAM).replace(/\{[^}]+\}/g, '1');
    probes.malformedParam = await get(join(api, path), `malformed path parameter on ${withParam.method} ${withParam.path}`);
  } else {
    probes.skipped.malformedParam = 'no GET operation with a path parameter in the OpenAPI document';
  }

  const withBody = ops.find((o) => o.hasJsonBody && o.method !== 'GET') ;
  if (!withBody) {
    probes.skipped.malformedJson = 'no operation with a JSON body in the OpenAPI document';
  } else if (!client.canWrite(api)) {
    probes.skipped.malformedJson = 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)';
  } else {
    const path = withBody.path.replace(/\{[^}]+\}/g, '1');
    probes.malformedJson = await client.send({
      method: withBody.method,
      url: join(api, path),
      headers: { 'content-type': 'application/json', accept: '*/*' },
      body: MALFORMED_JSON,
      role: 'anonymous',
      purpose: `malformed JSON body on ${withBody.method} ${withBody.path}`,
    });
  }

  return ok(probes);
}

export function join(origin: string, path: string): string {
  return origin.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}
