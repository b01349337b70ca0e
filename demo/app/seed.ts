// Who exists when the demo starts. Passwords are random per run so no
// password ever lives in the repository, and the auditor reads them from the
// seed (through demo/start.ts) like any other credential it is given.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DemoRole, DemoSeed, DemoUser } from './model.js';

const PEOPLE: { email: string; name: string; role: DemoRole; tenantId: string }[] = [
  { email: 'olivia@acme.test', name: 'Olivia Owner', role: 'owner', tenantId: 'acme' },
  { email: 'sam@acme.test', name: 'Sam Staff', role: 'staff', tenantId: 'acme' },
  { email: 'vic@acme.test', name: 'Vic Viewer', role: 'viewer', tenantId: 'acme' },
  { email: 'gary@globex.test', name: 'Gary Globex', role: 'owner', tenantId: 'globex' },
];

/** Random passwords (crypto.randomBytes, base64url, 18 bytes) so no password lives in the repo. */
export function createSeed(): DemoSeed {
  const users: DemoUser[] = PEOPLE.map((p) => ({ id: randomUUID(), ...p, password: randomBytes(18).toString('base64url') }));
  return { users };
}

/** Business data per tenant: three invoices and one payout each. */
export const SEED_INVOICES: Record<string, { customer: string; amount: number; currency: string }[]> = {
  acme: [
    { customer: 'Initech', amount: 1200, currency: 'USD' },
    { customer: 'Umbrella Corp', amount: 560.5, currency: 'USD' },
    { customer: 'Hooli', amount: 9800, currency: 'EUR' },
  ],
  globex: [
    { customer: 'Soylent', amount: 300, currency: 'USD' },
    { customer: 'Wayne Enterprises', amount: 7200, currency: 'USD' },
    { customer: 'Stark Industries', amount: 15000, currency: 'EUR' },
  ],
};

export const SEED_PAYOUTS: Record<string, { amount: number; destination: string }> = {
  acme: { amount: 2500, destination: 'bank:acme-operating' },
  globex: { amount: 4100, destination: 'bank:globex-operating' },
};
