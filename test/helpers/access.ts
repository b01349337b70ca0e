// Builders for inline access-probe evidence in check tests.
import type { AccessProbeSet, AttackFamily, FactValue, Trial } from '../../src/evidence/access-types.js';
import { exchange } from './exchange.js';

export const API = 'https://api.example.test';

export function trial(
  family: AttackFamily,
  variant: string,
  target: string,
  facts: Record<string, FactValue>,
  opts: { attacker?: string; steps?: [string, number | undefined][]; skipped?: string } = {},
): Trial {
  const [method = 'GET', path = '/'] = target.split(' ');
  const steps = (opts.steps ?? [['attack', typeof facts.status === 'number' ? facts.status : 200]]).map(([label, status]) => ({
    label,
    exchange: exchange(`${API}${path.replace(/\{[^}]+\}/, '7')}`, status, { method, role: opts.attacker ?? 'viewer', body: '{"id":"7"}' }),
  }));
  return { family, variant, target, attacker: opts.attacker ?? 'viewer', steps, facts, ...(opts.skipped ? { skipped: opts.skipped } : {}) };
}

export function accessSet(trials: Trial[], extra: Partial<AccessProbeSet> = {}): AccessProbeSet {
  return {
    roles: [
      { name: 'owner', tenant: 'acme', renewals: 0 },
      { name: 'viewer', tenant: 'acme', renewals: 0 },
      { name: 'outsider', tenant: 'globex', renewals: 0 },
    ],
    rules: [],
    trials,
    skipped: [],
    settings: { allowWrites: true, concurrency: 4, burst: 10, homeTenant: 'acme' },
    cleanup: [],
    notes: [],
    ...extra,
  };
}

export const loginFailed = { roles: [{ name: 'owner', tenant: 'acme', renewals: 0, loginError: 'login of owner answered 401' }] };
