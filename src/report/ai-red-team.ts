// The AI rows of the red-team checklist (issue 16): one per case, in the
// order the red team runs them, with its OWASP LLM id, the rate on each
// endpoint, and a masked excerpt of the reply that obeyed (or the first).
import { AI_FAMILIES, type AiCaseResult, type AiProbeSet } from '../evidence/ai-types.js';
import type { Gathered } from '../evidence/types.js';
import type { RedTeamItem } from './model.js';

export function aiRedTeamRows(ai: Gathered<AiProbeSet> | undefined): RedTeamItem[] {
  if (ai?.state !== 'ok') return [];
  const byCase = new Map<string, AiCaseResult[]>();
  for (const c of ai.value.cases) byCase.set(c.id, [...(byCase.get(c.id) ?? []), c]);
  return [...byCase.values()].map((runs) => {
    const first = runs[0]!;
    const meta = AI_FAMILIES[first.family];
    const tried = runs.filter((c) => !c.skipped && c.samples.some((s) => s.outcome !== 'inconclusive'));
    const obeyed = runs.filter((c) => c.samples.some((s) => s.outcome === 'followed'));
    const status: RedTeamItem['status'] = obeyed.length ? 'fail' : tried.length ? 'pass' : 'not-tested';
    const rate = runs.filter((c) => !c.skipped).map((c) => `${c.endpoint} ${c.samples.filter((s) => s.outcome === 'followed').length}/${c.samples.length}`).join(', ');
    const shown = (obeyed[0] ?? tried[0] ?? first).samples.find((s) => s.outcome === 'followed') ?? (obeyed[0] ?? tried[0] ?? first).samples[0];
    const reasons = [...new Set(runs.map((c) => c.skipped ?? c.samples.find((s) => s.outcome === 'inconclusive')?.judgedBy).filter((r): r is string => Boolean(r)))];
    const detail =
      status === 'not-tested'
        ? reasons.join('; ') || 'not run'
        : `${status === 'fail' ? 'obeyed' : 'resisted'} (${rate}) as ${first.attacker}${shown ? `: ${shown.judgedBy}` : ''}${status === 'fail' && shown?.reply ? `; reply: "${clip(shown.reply)}"` : ''}`;
    return {
      attack: `${meta.name}: ${first.title}`,
      checkId: meta.checkId,
      status,
      detail,
      owasp: meta.owasp,
      ...(rate ? { rate } : {}),
      ...(shown?.reply ? { excerpt: shown.reply } : {}),
    };
  });
}

/** One line of a masked reply, for renderers that print the detail only (the whole excerpt is in `excerpt`). */
function clip(reply: string, max = 120): string {
  const line = reply.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
