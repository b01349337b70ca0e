// Unbounded consumption (LLM10): every answer of a model costs money, so an
// assistant needs a rate limit and a cap on what one prompt may hold.
// - The burst uses the same control as the other rate-limit probes: it is
//   judged only when its answers were the app's own answer to a well-formed
//   request (a 2xx with a reply), never 5xx or a body-shape error; a 429 (or
//   423, or 503 with Retry-After) within it is a limit.
// - A very large prompt must be refused (4xx) or handled (2xx); a 5xx or no
//   answer within the deadline means one request can take the endpoint down.
// Both run last for their endpoint and only where writes are allowed: they
// load the service.
import type { AiSample } from '../../ai-types.js';
import { largePrompt, RATE_PROMPT } from './cases.js';
import { ask, type AiAnswer, type AiEndpoint } from './caller.js';
import type { RedTeam } from './context.js';

const FAMILY = 'unbounded-consumption' as const;
/** Requests of a burst that may get no answer at all (a connection lost under load) and be sent again. */
const MAX_LOST = 5;
const limited = (a: AiAnswer) => a.status === 429 || a.status === 423 || (a.status === 503 && a.headers['retry-after'] !== undefined);

export async function largePromptCase(rt: RedTeam, ep: AiEndpoint, attacker: string): Promise<void> {
  const id = 'large-prompt';
  const chars = rt.cfg.largePromptChars;
  const title = `A very large prompt (${chars.toLocaleString('en-US')} characters)`;
  if (!rt.writes) return rt.skip(ep, id, FAMILY, title, 'it loads the endpoint, and writes are not allowed (allowWrites: false, or a --read-only run)', attacker);
  const ans = await ask(rt.caller, ep, attacker, largePrompt(chars), { purpose: `AI red team: ${id}` });
  const s = ans.status === null ? stalled(rt, ans) : ans.status >= 500 ? { ...rt.sample(ans, 'followed', `answered ${ans.status}`), outcome: 'followed' as const } : ans.status === 429 ? { ...rt.sample(ans, 'inconclusive', 'rate-limited (429) before the prompt was read'), outcome: 'inconclusive' as const } : { ...rt.sample(ans, 'resisted', ans.status >= 400 ? `refused with ${ans.status}` : `handled (${ans.status})`), outcome: 'resisted' as const };
  rt.record({ id, family: FAMILY, title, endpoint: ep.name, operation: `${ep.method} ${ep.path}`, attacker, samples: [s], steps: [rt.step('attack', ans, `{"prompt": "… ${chars} characters …"}`)], facts: { chars, status: ans.status, durationMs: ans.exchange.durationMs } });
}

function stalled(rt: RedTeam, ans: AiAnswer): AiSample {
  const err = ans.exchange.error ?? '';
  // Only the deadline counts as a stall; a refused or reset connection may be the server shedding a body it will not read.
  if (/timed out/.test(err)) return { ...rt.sample(ans, 'followed', `no answer within the deadline (${err})`), outcome: 'followed' };
  return { ...rt.sample(ans, 'inconclusive', err || 'no answer'), outcome: 'inconclusive' };
}

export async function burstCase(rt: RedTeam, ep: AiEndpoint, attacker: string): Promise<void> {
  const id = 'rate-limit';
  const burst = rt.burst;
  const title = `A burst of ${burst} requests`;
  if (!rt.writes) return rt.skip(ep, id, FAMILY, title, 'a burst loads the endpoint (and costs model time), and writes are not allowed (allowWrites: false, or a --read-only run)', attacker);
  const statuses: number[] = [];
  let first: AiAnswer | undefined;
  let hit: AiAnswer | undefined;
  let last: AiAnswer | undefined;
  let ownAnswers = true;
  let answered = 0;
  // Sequential on purpose: a limit counts requests, and the client's rate already spaces them. A
  // request lost on the way (no answer at all) is replaced, a few times at most, so `burst` answers are judged.
  for (let sent = 0; answered < burst && sent < burst + MAX_LOST; sent++) {
    const a = await ask(rt.caller, ep, attacker, RATE_PROMPT, { purpose: `AI red team: rate-limit burst (${answered + 1}/${burst})` });
    first ??= a;
    last = a;
    statuses.push(a.status ?? 0);
    if (a.status === null) continue;
    answered++;
    if (limited(a)) {
      hit = a;
      break;
    }
    if (a.reply === undefined) ownAnswers = false;
  }
  if (!hit && answered < burst) ownAnswers = false;
  const summary = summarise(statuses);
  let s: AiSample;
  if (hit) s = { outcome: 'resisted', judgedBy: `limited at request ${answered} of ${burst} (${hit.status})`, status: hit.status };
  else if (!ownAnswers) s = { outcome: 'inconclusive', judgedBy: `not every answer was a reply (${summary}): the burst did not reach the model`, status: last?.status ?? null };
  else s = { outcome: 'followed', judgedBy: `${answered} requests answered with replies (${summary}), no 429`, status: last?.status ?? null };
  rt.record({
    id,
    family: FAMILY,
    title,
    endpoint: ep.name,
    operation: `${ep.method} ${ep.path}`,
    attacker,
    samples: [s],
    steps: [rt.step('first', first), hit ? rt.step('limited', hit) : rt.step('last', last)],
    facts: { burst, sent: answered, limitedAt: hit ? answered : null, statuses: summary, reachedHandler: ownAnswers, lost: statuses.length - answered },
  });
}

function summarise(statuses: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < statuses.length; ) {
    let j = i;
    while (j < statuses.length && statuses[j] === statuses[i]) j++;
    runs.push(j - i > 1 ? `${statuses[i]}×${j - i}` : String(statuses[i]));
    i = j;
  }
  return runs.join(', ');
}
