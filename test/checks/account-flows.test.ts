import { describe, expect, it } from 'vitest';
import enumeration from '../../src/checks/access/user-enumeration-possible.js';
import exposed from '../../src/checks/access/reset-token-exposed.js';
import reusable from '../../src/checks/access/reset-token-reusable.js';
import revoked from '../../src/checks/access/revoked-invite-accepted.js';
import terms from '../../src/checks/access/invite-terms-changeable.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

describe('user-enumeration-possible', () => {
  const t = (statusDiffers: boolean, bodyDiffers: boolean) =>
    trial('user-enumeration', 'login', 'POST /api/auth/login', { statusDiffers, bodyDiffers, timingDiffers: false, existingMs: 5, unknownMs: 5 }, { steps: [['existing user', 401], ['unknown user', 401]] });
  it('passes on identical answers', () => expect(enumeration.run({ accessProbes: accessSet([t(false, false)]) }, CTX).status).toBe('pass'));
  it('fails on different messages', () => {
    const out = enumeration.run({ accessProbes: accessSet([t(false, true)]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.title).toContain('message');
  });
});

describe('reset-token-exposed', () => {
  it('fails when the token is in the response', () => {
    const out = exposed.run({ accessProbes: accessSet([trial('reset-token-exposed', 'response', 'POST /api/auth/password-reset/request', { status: 200, tokenInResponse: true, field: 'token' }, { steps: [['reset request', 200]] })]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]!.severity ?? exposed.meta.severity).toBe('critical');
  });
  it('passes when it is not', () => {
    expect(exposed.run({ accessProbes: accessSet([trial('reset-token-exposed', 'response', 'POST /x', { status: 202, tokenInResponse: false, field: 'token' })]) }, CTX).status).toBe('pass');
  });
});

describe('reset-token-reusable', () => {
  it('fails on a second successful use', () => {
    expect(reusable.run({ accessProbes: accessSet([trial('reset-token-reuse', 'twice', 'POST /c', { firstStatus: 200, secondStatus: 200 }, { steps: [['second use', 200]] })]) }, CTX).status).toBe('fail');
  });
  it('passes on a refused second use', () => {
    expect(reusable.run({ accessProbes: accessSet([trial('reset-token-reuse', 'twice', 'POST /c', { firstStatus: 200, secondStatus: 400 })]) }, CTX).status).toBe('pass');
  });
  it('is not-tested (never pass) when the token only goes to the mailbox', () => {
    const out = reusable.run({ accessProbes: accessSet([trial('reset-token-reuse', 'twice', 'POST /c', {}, { skipped: 'the reset token is delivered out of band only' })]) }, CTX);
    expect(out.status).toBe('not-tested');
  });
});

describe('revoked-invite-accepted', () => {
  const t = (revokeStatus: number, acceptStatus: number, loginStatus: number | null) =>
    trial('revoked-invite', 'accept-after-revoke', 'POST /api/invites/accept', { revokeStatus, acceptStatus, loginStatus }, { steps: [['accept', acceptStatus]] });
  it('fails when the revoked invite still works', () => expect(revoked.run({ accessProbes: accessSet([t(204, 200, 200)]) }, CTX).status).toBe('fail'));
  it('passes when it is refused', () => expect(revoked.run({ accessProbes: accessSet([t(204, 410, null)]) }, CTX).status).toBe('pass'));
  it('is not judged when the revoke failed', () => expect(revoked.run({ accessProbes: accessSet([t(500, 200, 200)]) }, CTX).status).toBe('not-tested'));

  const used = (acceptStatus: number, loginStatus: number | null, sessionStatus: number | null, sameAccount: boolean | null) =>
    trial('revoked-invite', 'accept-twice', 'POST /api/invites/accept', { firstStatus: 201, acceptStatus, loginStatus, sessionStatus, sameAccount }, { steps: [['first accept', 201], ['accept', acceptStatus]] });
  it('fails, with its own finding, when a used invite sets a new password on a second acceptance', () => {
    const out = revoked.run({ accessProbes: accessSet([t(204, 410, null), used(201, 200, null, true)]) }, CTX);
    expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual(['A used invite can be accepted again, setting a new password']);
  });
  it('names a second account when the second acceptance made a new user', () => {
    const out = revoked.run({ accessProbes: accessSet([used(201, 401, 200, false)]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.title).toBe('A used invite creates a second account');
  });
  it('does not count a 2xx that neither signs in nor hands out a working session', () => {
    expect(revoked.run({ accessProbes: accessSet([used(200, 401, null, null)]) }, CTX).status).toBe('not-tested');
  });
  it('passes when the used invite is refused', () => expect(revoked.run({ accessProbes: accessSet([used(410, null, null, null)]) }, CTX).status).toBe('pass'));
});

describe('invite-terms-changeable', () => {
  const t = (gotRole: string | null, roleChanged: boolean, tenantChanged: boolean, acceptStatus = 200) =>
    trial('invite-tampering', 'role-and-tenant', 'POST /api/invites/accept', { invitedRole: 'viewer', askedRole: 'owner', gotRole, askedTenant: 'globex', gotTenant: tenantChanged ? 'globex' : 'acme', acceptStatus, roleChanged, tenantChanged }, { steps: [['accept', acceptStatus]] });
  it('fails when the invitee became owner', () => {
    const out = terms.run({ accessProbes: accessSet([t('owner', true, false)]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.title).toContain('viewer → owner');
  });
  it('passes when the invited terms held', () => expect(terms.run({ accessProbes: accessSet([t('viewer', false, false)]) }, CTX).status).toBe('pass'));
});
