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
import { ok } from '../types.js';

/** The policy as a contribution, without the operations `known` already has (same method and path shape). */
export function policyInput(config: LaunchConfig, known: readonly ApiOperation[]): Gathered<Contribution> {
  const built = fromPolicy(config);
  if (built.state !== 'ok' || known.length === 0) return built;
  return ok({ ...built.value, operations: built.value.operations.filter((op) => !documentedAs(op, known)) });
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
