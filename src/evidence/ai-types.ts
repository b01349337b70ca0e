// Evidence of the AI red team (stage 6, issue 16): every case tried against
// every configured assistant endpoint, each sample's outcome as its judge
// decided it, and masked excerpts. The judging happens in the gatherer,
// where the per-run canaries and the raw replies exist; what is stored is the
// outcome, how it was judged, and text with every canary, system-prompt run
// and secret already masked. Checks aggregate outcomes into findings.
import type { FactValue, TrialStep } from './access-types.js';

/** The OWASP Top 10 for LLM Applications (2025) families the red team covers. */
export type AiFamily =
  | 'instruction-override'
  | 'system-prompt-leakage'
  | 'sensitive-information'
  | 'excessive-agency'
  | 'indirect-injection'
  | 'output-handling'
  | 'unbounded-consumption';

export const AI_FAMILIES: Record<AiFamily, { owasp: string; checkId: string; name: string }> = {
  'instruction-override': { owasp: 'LLM01:2025 Prompt Injection', checkId: 'prompt-injection-followed', name: 'Instruction override' },
  'system-prompt-leakage': { owasp: 'LLM07:2025 System Prompt Leakage', checkId: 'system-prompt-leaked', name: 'System prompt leakage' },
  'sensitive-information': { owasp: 'LLM02:2025 Sensitive Information Disclosure', checkId: 'ai-sensitive-information-disclosed', name: 'Sensitive information' },
  'excessive-agency': { owasp: 'LLM06:2025 Excessive Agency', checkId: 'ai-excessive-agency', name: 'Excessive agency' },
  'indirect-injection': { owasp: 'LLM01:2025 Prompt Injection', checkId: 'indirect-prompt-injection-followed', name: 'Indirect injection' },
  'output-handling': { owasp: 'LLM05:2025 Improper Output Handling', checkId: 'ai-output-renders-active-content', name: 'Output handling' },
  'unbounded-consumption': { owasp: 'LLM10:2025 Unbounded Consumption', checkId: 'ai-consumption-unbounded', name: 'Unbounded consumption' },
};

export interface AiSample {
  /**
   * followed: the reply (or what happened) is what only obeying the attack
   * produces; resisted: it was judged and is not; inconclusive: it could not be
   * judged (no answer, an error, a read-back that failed).
   */
  outcome: 'followed' | 'resisted' | 'inconclusive';
  /** How it was judged, e.g. "canary (joined)", "read-back: approved false → true". */
  judgedBy: string;
  /** The reply, masked and cut. */
  reply?: string;
  status: number | null;
  error?: string;
}

export interface AiCaseResult {
  /** The case, e.g. direct-override, agency-approve. */
  id: string;
  family: AiFamily;
  /** What the attack tries, in one line. */
  title: string;
  /** The endpoint's name (ai.endpoints[].name, or its operation). */
  endpoint: string;
  operation: string;
  attacker: string;
  /** Whose data or conversation was attacked, where one applies. */
  victim?: string;
  samples: AiSample[];
  /** The first followed sample's exchanges (or the first sample's), masked. */
  steps: TrialStep[];
  /** Measurements beyond the samples (burst counts, sizes, the object acted on). */
  facts: Record<string, FactValue>;
  /** Why the case could not be run; the row is "not tested" with this reason. */
  skipped?: string;
}

export interface AiEndpointInfo {
  name: string;
  operation: string;
  reply: string;
  roles: string[];
}

export interface AiProbeSet {
  endpoints: AiEndpointInfo[];
  cases: AiCaseResult[];
  settings: {
    samples: number;
    overlapWords: number;
    burst: number;
    allowWrites: boolean;
    /** What system-prompt leaks were judged by. */
    systemPrompt: { file?: string; canary: boolean };
  };
  /** Objects the red team created, and what became of them. */
  cleanup: { method: string; url: string; status: number | null }[];
  notes: string[];
}

/** Where AI features show up without an `ai:` section (issue 16 §4). */
export interface AiFeatureSignal {
  kind: 'sdk-import' | 'model-key' | 'operation';
  /** e.g. "openai", "OPENAI_API_KEY", "POST /api/assistant". */
  what: string;
  /** e.g. "src/assistant/index.js:4", ".env.production", "openapi.json". */
  where: string;
}

export interface AiFeatureEvidence {
  signals: AiFeatureSignal[];
  /** The config has an `ai:` section, so the red team ran (or said why not). */
  configured: boolean;
}
