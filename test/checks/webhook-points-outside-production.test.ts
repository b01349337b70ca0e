import { describe, expect, it } from 'vitest';
import check, { placeOf } from '../../src/checks/deploy/webhook-points-outside-production.js';
import { CTX } from '../helpers/exchange.js';
import { envFile, repoEv } from '../helpers/repo.js';

describe('webhook-points-outside-production', () => {
  it('flags staging, tunnel and localhost webhooks in production, with the host visible and tokens masked', () => {
    const text = [
      'PAYMENTS_WEBHOOK_URL=https://staging.acme.example/hooks/pay',
      'OAUTH_CALLBACK_URL=https://4f2a-81-2-3-4.ngrok-free.app/auth/callback',
      'APP_URL=http://localhost:3000',
      'REDIS_URL=redis://localhost:6379',
      `DATABASE_URL=${['postgres://app', 'pw@db.internal:5432/app'].join(':')}`,
      'API_BASE_URL=https://api.sandbox.paypal.com',
    ].join('\n');
    const out = check.run({ repo: repoEv({ envFiles: [envFile('config/production.env', text, { environments: ['prod'] })] }) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => [f.identity[1], f.severity])).toEqual([
      ['PAYMENTS_WEBHOOK_URL', 'high'],
      ['OAUTH_CALLBACK_URL', 'high'],
      ['APP_URL', 'medium'],
      ['API_BASE_URL', 'medium'],
    ]);
    expect(out.findings[0]?.evidence[0]?.excerpt).toContain('https://staging.acme.example/hooks/pay');
  });

  it('passes for production hosts, and a .dev or .test top-level domain alone is not staging', () => {
    const repo = repoEv({ envFiles: [envFile('.env.production', 'WEBHOOK_URL=https://app.acme.dev/hooks\nCALLBACK_URL=https://api.acme.test/cb\n')] });
    expect(check.run({ repo }, CTX).status).toBe('pass');
    expect(placeOf('hooks.staging-eu.acme.com')?.kind).toBe('non-production');
    expect(placeOf('127.0.0.1')?.kind).toBe('local');
    expect(placeOf('acme.trycloudflare.com')?.kind).toBe('tunnel');
  });

  it('ignores non-production files and is not tested without a production file', () => {
    const repo = repoEv({ envFiles: [envFile('.env.staging', 'WEBHOOK_URL=http://localhost:4000/hooks\n')] });
    expect(check.run({ repo }, CTX).status).toBe('not-tested');
  });
});
