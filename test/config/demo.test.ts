import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveFromConfig, targetEnvironment } from '../../src/config/load.js';
import { configError } from './helpers.js';

const DEMO = path.resolve(import.meta.dirname, '../../demo/launchready.yml');

// What `launchready demo` sets; the values only need to be well-formed.
const ENV = {
  ACME_APP_URL: 'https://127.0.0.1:8443',
  ACME_API_URL: 'https://127.0.0.1:8443',
  ACME_HTTP_URL: 'http://127.0.0.1:8080',
  ACME_STAGING_URL: 'https://127.0.0.1:9443',
  ACME_REPO: '/tmp/acme-repo',
  ACME_DNS_SERVER: '127.0.0.1:5353',
  ACME_CA_FILE: '/tmp/acme-ca.pem',
  ACME_APP_LOG: '/tmp/acme-ops.log',
  ACME_ALERT_WEBHOOK: 'http://127.0.0.1:9/launchready-demo-alerts',
  ACME_OWNER_PASSWORD: 'owner-pw-123456',
  ACME_STAFF_PASSWORD: 'staff-pw-123456',
  ACME_VIEWER_PASSWORD: 'viewer-pw-123456',
  ACME_OUTSIDER_PASSWORD: 'outsider-pw-123456',
  ACME_SYSTEM_PROMPT_CANARY: 'ACME-SP-0123456789ABCDEF',
};

describe('demo/launchready.yml', () => {
  it('validates with the variables the demo command sets', () => {
    const loaded = loadConfig(DEMO, { env: ENV });
    const { config } = loaded;
    expect(config.project).toEqual({ name: 'Acme Ops', stage: 'first-customers', productType: 'internal-tool' });
    expect(targetEnvironment(loaded)).toMatchObject({ name: 'production', env: { allowWrites: true, appUrl: ENV.ACME_APP_URL } });
    expect(config.environments.staging).toMatchObject({ appUrl: ENV.ACME_STAGING_URL, allowWrites: false });
    expect(resolveFromConfig(loaded, config.api.openapi ?? '')).toBe(path.resolve(path.dirname(DEMO), 'openapi.json'));
    expect(config.network).toMatchObject({ dnsServer: ENV.ACME_DNS_SERVER, caFile: ENV.ACME_CA_FILE });
    expect(Object.entries(config.auth.roles).map(([n, r]) => [n, r.tenant])).toEqual([
      ['owner', 'acme'],
      ['staff', 'acme'],
      ['viewer', 'acme'],
      ['outsider', 'globex'],
    ]);
    expect(config.handover.envVars.map((v) => v.name)).toEqual(['DATABASE_URL', 'SESSION_SECRET', 'PAYMENTS_SECRET_KEY', 'MAIL_API_KEY']);
  });

  it('treats the four passwords and the alert webhook URL, and only them, as secrets', () => {
    const loaded = loadConfig(DEMO, { env: ENV });
    expect(loaded.secrets.sort()).toEqual(
      [ENV.ACME_OWNER_PASSWORD, ENV.ACME_STAFF_PASSWORD, ENV.ACME_VIEWER_PASSWORD, ENV.ACME_OUTSIDER_PASSWORD, ENV.ACME_ALERT_WEBHOOK].sort(),
    );
  });

  it('encodes the intended policy: owner-only money operations; the outsider is an owner of another tenant', () => {
    const { policy } = loadConfig(DEMO, { env: ENV }).config;
    const allow = (op: string) => policy.find((r) => r.operation === op)?.allow;
    expect(allow('POST /api/invoices/{id}/approve')).toEqual(['owner', 'outsider']);
    expect(allow('GET /api/invoices/{id}')).toEqual(['owner', 'staff', 'viewer', 'outsider']);
    expect(allow('POST /api/auth/login')).toEqual(['anonymous']);
    expect(allow('GET /api/admin/*')).toEqual(['owner', 'outsider']);
    expect(new Set(policy.map((r) => r.operation)).size).toBe(policy.length);
  });

  it('names every variable it needs when run without them', () => {
    const err = configError(() => loadConfig(DEMO, { env: {} }));
    expect(err.issues.map((i) => /env:(\w+)/.exec(i.message)?.[1]).sort()).toEqual(Object.keys(ENV).sort());
  });
});
