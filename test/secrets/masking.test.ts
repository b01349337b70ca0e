// Masking both ways: a secret is hidden where it stands as a value and
// nowhere else, short secrets only in credential positions, tokens an app
// sends back are hidden whatever the scheme, and other people's personal
// data is masked in the report's evidence unless asked for.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/unauthenticated-access.js';
import { reportFromRecord } from '../../src/engine/audit.js';
import type { AuditRecord } from '../../src/evidence/record.js';
import { isCredentialKey, maskCredentialFields, maskTokens } from '../../src/secrets/credential-fields.js';
import { maskPersonalData } from '../../src/secrets/personal-data.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { CTX, exchange } from '../helpers/exchange.js';

/** A real HS256 JWT, made at run time so no token-shaped string is committed. */
function makeJwt(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '42', name: 'probe', iat: 1700000000 })}`;
  return `${head}.${createHmac('sha256', randomBytes(16)).update(head).digest('base64url')}`;
}

describe('a secret is masked where it stands as a value, never inside words', () => {
  it('a role password "secret" changes no word, but is masked in the login body and a form', () => {
    const r = new Redactor(['secret']);
    const text = 'secret-in-repository: a secret in the repository (secrets, secretScan)';
    expect(r.scrub(text)).toBe(text);
    expect(r.scrubBody(text)).toBe(text);
    expect(r.scrubBody('{"email":"vic@acme.test","password":"secret"}')).toBe('{"email":"vic@acme.test","password":"******"}');
    expect(r.scrubBody('email=vic%40acme.test&password=secret&remember=1')).toBe('email=vic%40acme.test&password=******&remember=1');
    expect(r.scrubHeader('authorization', 'Basic secret')).not.toContain('secret');
  });

  it('8 to 15 characters: masked between non-word characters, not inside a longer word', () => {
    const pw = ['Tr0ub', '4dor9'].join('');
    const r = new Redactor([pw]);
    expect(r.scrub(`pw: ${pw}.`)).toBe('pw: Tr…r9.');
    expect(r.scrub(`"${pw}"`)).toBe('"Tr…r9"');
    expect(r.scrub(`x${pw}y`)).toBe(`x${pw}y`);
  });

  it('16 characters or more: masked anywhere, even glued to other characters', () => {
    const tok = ['tok_', 'Zq8Wm2Lp', 'Xv7Rn4Ks'].join('');
    const r = new Redactor([tok]);
    expect(r.scrub(`abc${tok}def`)).not.toContain(tok);
  });
});

describe('tokens in any response body are masked, whatever the configured scheme', () => {
  it('a JWT in a JSON body, a "Token …" and a session id: masked, and learned for later', () => {
    const jwt = makeJwt();
    const sid = randomBytes(12).toString('hex');
    const r = new Redactor();
    const body = JSON.stringify({ user: { email: 'ada@example.test', token: jwt }, sessionId: sid, note: `send it as Token ${jwt}` });
    const out = r.scrubBody(body);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain(sid);
    expect(out).toContain('"email":"ada@example.test"');
    // Learned: the same token elsewhere (a header the app echoes, a URL) is masked too.
    expect(r.scrub(`GET /x?t=${jwt}`)).not.toContain(jwt);
    expect(r.scrub(`cookie ${sid};`)).not.toContain(sid);
  });

  it('the final pass over a report masks a JWT inside escaped JSON', () => {
    const jwt = makeJwt();
    const report = JSON.stringify({ excerpt: JSON.stringify({ access_token: 'x'.repeat(4) + jwt.slice(-20), other: jwt }) });
    const out = new Redactor().scrubReport(report);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain(jwt.slice(-20));
  });

  it('knows credential field names from their look-alikes', () => {
    for (const k of ['password', 'newPassword', 'current_password', 'token', 'accessToken', 'refresh_token', 'api_key', 'apiKey', 'client_secret', 'sessionId', 'sid', 'jwt']) expect(isCredentialKey(k), k).toBe(true);
    for (const k of ['token_type', 'passwordPolicy', 'expires_in', 'tokenExpiresAt', 'email', 'id', 'name', 'key', 'passwordResetUrl']) expect(isCredentialKey(k), k).toBe(false);
    expect(maskCredentialFields('{"token_type":"Bearer","expires_in":3600}')).toBe('{"token_type":"Bearer","expires_in":3600}');
    expect(maskTokens('Authorization: Token abcdefghijklmnop')).toBe('Authorization: Token abcd…mnop');
  });
});

describe("other people's personal data", () => {
  it('masks emails, phone numbers and the names next to an email, keeping the field names', () => {
    const body = '{"users":[{"id":7,"name":"Ada Lovelace","email":"ada@example.com","phone":"+44 20 7946 0958"}],"team":{"name":"Platform"},"created":"2025-01-01"}';
    const out = maskPersonalData(body);
    expect(out).toBe('{"users":[{"id":7,"name":"A***","email":"a***@example.com","phone":"+***"}],"team":{"name":"Platform"},"created":"2025-01-01"}');
    expect(maskPersonalData('call +1 415-555-0142 or 030 1234 5678, order 2025-01-01')).toBe('call +1***42 or 0***78, order 2025-01-01');
  });

  it('in the report by default, with --show-personal-data kept; the finding still names the operation', () => {
    const url = 'https://api.example.test/api/users';
    const leak = '{"users":[{"name":"Ada Lovelace","email":"ada@example.com"}]}';
    const record = {
      format: 1,
      gatheredAt: '2025-01-01T00:00:00.000Z',
      ctx: CTX,
      evidence: {
        unauthProbes: {
          state: 'ok',
          value: {
            probes: [
              {
                operation: { method: 'GET', path: '/api/users' },
                expectationFrom: 'policy',
                baseline: { ...exchange(url, 200, { role: 'owner', body: leak, headers: { 'content-type': 'application/json' } }), role: 'owner' },
                anonymous: exchange(url, 200, { body: leak, headers: { 'content-type': 'application/json' } }),
                confirmation: exchange(url, 200, { body: leak, headers: { 'content-type': 'application/json' } }),
              },
            ],
            skipped: [],
            loginErrors: {},
          },
        },
      },
      map: { domains: [], environments: [] },
      ledger: [],
      notes: [],
    } as unknown as AuditRecord;
    expect(check.meta.id).toBe('unauthenticated-access');
    const masked = reportFromRecord(record, { version: '0' });
    const finding = masked.checks.find((c) => c.id === 'unauthenticated-access')!.findings[0]!;
    expect(finding.title).toBe('GET /api/users answers without credentials');
    const text = finding.evidence.map((e) => e.excerpt).join('\n');
    expect(text).toContain('"email":"a***@example.com"');
    expect(text).not.toContain('Lovelace');
    const shown = reportFromRecord(record, { version: '0', showPersonalData: true });
    expect(shown.checks.find((c) => c.id === 'unauthenticated-access')!.findings[0]!.evidence.map((e) => e.excerpt).join('\n')).toContain('ada@example.com');
  });
});
