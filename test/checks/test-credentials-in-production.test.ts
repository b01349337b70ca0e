import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/test-credentials-in-production.js';
import { CTX } from '../helpers/exchange.js';
import { envFile, fakeKey, randomish, repoEv } from '../helpers/repo.js';

const testKey = fakeKey('sk', 'test');
const liveKey = fakeKey('sk', 'live');

describe('test-credentials-in-production', () => {
  it('finds a test-mode key, admin/admin, a sandbox switch and demo seeding, and never shows the key', () => {
    const text = [
      `STRIPE_SECRET_KEY=${testKey}`,
      'ADMIN_USER=admin',
      'ADMIN_PASSWORD=admin',
      `DB_URL=${['postgres://app', 'password123@db.internal/app'].join(':')}`,
      'PAYPAL_MODE=sandbox',
      'SEED_DEMO_USERS=true',
      'SESSION_SECRET=changeme',
    ].join('\n');
    const out = check.run({ repo: repoEv({ envFiles: [envFile('.env.production', text)] }) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    const byKey = Object.fromEntries(out.findings.map((f) => [f.identity[1], f]));
    expect(Object.keys(byKey).sort()).toEqual(['ADMIN_PASSWORD', 'DB_URL', 'PAYPAL_MODE', 'SEED_DEMO_USERS', 'SESSION_SECRET', 'STRIPE_SECRET_KEY']);
    expect(byKey.ADMIN_PASSWORD?.title).toContain('user admin');
    expect(byKey.SEED_DEMO_USERS?.severity).toBe('medium');
    expect(byKey.STRIPE_SECRET_KEY?.severity).toBe('high');
    const json = JSON.stringify(out);
    expect(json).not.toContain(testKey);
    expect(json).not.toContain('password123');
  });

  it('passes for live keys and generated passwords, and ignores test keys outside production', () => {
    const repo = repoEv({
      envFiles: [
        envFile('.env.production', `STRIPE_SECRET_KEY=${liveKey}\nADMIN_PASSWORD=${randomish(22)}\nSEED_DEMO_USERS=false\n`),
        envFile('.env.staging', `STRIPE_SECRET_KEY=${testKey}\nADMIN_PASSWORD=admin\n`),
      ],
    });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not tested without a production env file', () => {
    expect(check.run({ repo: repoEv({ envFiles: [envFile('.env', `STRIPE_SECRET_KEY=${testKey}`)] }) }, CTX).status).toBe('not-tested');
  });
});
