// Glue between the audit and the target model's builders that need more
// than one input: the policy's own operations (only those the recordings
// did not already describe, under whatever parameter names), and the reads
// learnBodies makes through the probe engine (ledger, budget and masking
// apply as to every other request).
import type { LaunchConfig } from '../../config/schema.js';
import type { ProbeClient } from '../../probe/client.js';
import type { Sessions } from '../../probe/sessions.js';
import { documentedAs } from '../../target/from-har.js';
import { fromPolicy } from '../../target/from-policy.js';
import type { Reader } from '../../target/learn-bodies.js';
import type { Contribution } from '../../target/model.js';
import type { ApiOperation, Gathered } from '../types.js';
import { notTested, ok } from '../types.js';
import { fromPage, inlineScripts, scriptsOf } from '../../target/from-page.js';

/** The policy as a contribution, without the operations `known` already has (same method and path shape). */
export function policyInput(config: LaunchConfig, known: readonly ApiOperation[]): Gathered<Contribution> {
  const built = fromPolicy(config);
  if (built.state !== 'ok' || known.length === 0) return built;
  return ok({ ...built.value, operations: built.value.operations.filter((op) => !documentedAs(op, known)) });
}

const MAX_SCRIPTS = 12;

/**
 * The page builder's input: the app's page and the scripts it loads from its
 * own origin, fetched through the probe engine (GETs, no credentials).
 * Not tested when the page cannot be read or names no API call.
 */
export async function pageInput(client: ProbeClient, appUrl: string): Promise<Gathered<Contribution>> {
  const page = await client.sendRaw({ method: 'GET', url: appUrl, role: 'anonymous', purpose: 'read the page for the API calls its scripts make', headers: { accept: 'text/html' } });
  const status = page.exchange.response?.status ?? 0;
  if (status < 200 || status >= 300) return notTested(`the page at ${appUrl} answered ${page.exchange.response?.status ?? page.exchange.error ?? 'nothing'}, so no API call could be read from its scripts`);
  const scripts = inlineScripts(page.body);
  for (const src of scriptsOf(page.body, appUrl).slice(0, MAX_SCRIPTS)) {
    const js = await client.sendRaw({ method: 'GET', url: src, role: 'anonymous', purpose: 'read a script of the page for the API calls it makes' });
    const s = js.exchange.response?.status ?? 0;
    if (s >= 200 && s < 300) scripts.push(js.body);
  }
  const contribution = fromPage(appUrl, scripts);
  return contribution.operations.length ? ok(contribution) : notTested(`the page at ${appUrl} and its ${scripts.length} scripts name no API call`);
}

/** A Reader for learnBodies: GET as the role, the JSON answer of a 2xx, else undefined. */
export function readerFor(client: ProbeClient, sessions: Sessions): Reader {
  return async (path, role) => {
    const s = await sessions.get(role);
    if (!s.ok) return undefined;
    const res = await client.sendRaw({
      method: 'GET',
      url: sessions.url(path),
      role,
      purpose: `learn a request body from ${path}`,
      credentials: s.session.headers,
      headers: { accept: 'application/json' },
    });
    const st = res.exchange.response?.status ?? 0;
    if (st < 200 || st >= 300) return undefined;
    try {
      return JSON.parse(res.body) as unknown;
    } catch {
      return undefined;
    }
  };
}
