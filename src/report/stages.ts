import type { Stage } from './model.js';

/** The seven stages of the launch roadmap; they are the report's categories. */
export const STAGES: Record<Stage, { name: string; question: string }> = {
  1: { name: 'Quick audit', question: 'What exists: domains, environments, secrets, public and protected endpoints?' },
  2: { name: 'Access control', question: 'Can only the right people do the right things?' },
  3: { name: 'Edge and domain', question: 'Are DNS, HTTPS, redirects and mail authentication in order?' },
  4: { name: 'Production deployment', question: 'Is production separated, free of secrets in code, debug flags and test credentials?' },
  5: { name: 'Monitoring and alerting', question: 'Will you hear about problems before your customers tell you?' },
  6: { name: 'Verification against real abuse', question: 'Does it hold up against tampered ids, stale sessions and bypasses?' },
  7: { name: 'Handover', question: 'Could someone else run, renew and roll it back?' },
};

export const STAGE_NUMBERS: readonly Stage[] = [1, 2, 3, 4, 5, 6, 7];
