// The access deliverables: derived from check results and access evidence,
// and rendered (escaped) by the terminal, markdown and HTML renderers.
import { describe, expect, it } from 'vitest';
import { buildDeliverables, describeOperation } from '../../src/report/deliverables.js';
import { renderHtml } from '../../src/report/renderers/html.js';
import { renderMarkdown } from '../../src/report/renderers/markdown.js';
import { renderTerminal } from '../../src/report/renderers/terminal.js';
import type { CheckResult } from '../../src/report/model.js';
import { ok } from '../../src/evidence/types.js';
import { sampleReport } from '../fixtures/sample-report.js';
import { accessSet, trial } from '../helpers/access.js';

function result(id: string, status: CheckResult['status'], findings: { title: string }[] = [], reason?: string): CheckResult {
  return {
    id,
    stage: 2,
    title: id,
    failureTitle: id,
    status,
    reason,
    severity: 'high',
    minimumBar: '',
    remediation: '',
    docs: '',
    durationMs: 0,
    family: 'access control',
    findings: findings.map((f) => ({ checkId: id, severity: 'high', triage: 'fix-first', title: f.title, detail: '', evidence: [], remediation: '', fingerprint: f.title, accepted: false })),
  };
}

const SET = accessSet(
  [
    trial('function-level', 'denied-role', 'GET /api/payouts', { status: 403 }, { attacker: 'viewer' }),
    trial('function-level', 'allowed-role', 'GET /api/payouts', { status: 200 }, { attacker: 'owner' }),
    trial('function-level', 'denied-role', 'POST /api/invoices/{id}/approve', { status: 200, changed: true }, { attacker: 'viewer' }),
  ],
  {
    rules: [
      { operation: 'GET /api/payouts', allow: ['owner'], from: 'policy', publicInSpec: false },
      { operation: 'POST /api/invoices/{id}/approve', allow: ['owner'], from: 'policy', publicInSpec: false, description: 'Approving releases payment' },
      { operation: 'GET /api/reports', allow: ['owner', 'viewer', 'outsider'], from: 'spec', publicInSpec: false },
    ],
  },
);
const CHECKS = [
  result('function-level-authorization-missing', 'fail', [{ title: 'POST /api/invoices/{id}/approve is open to viewer' }]),
  result('object-level-authorization-missing', 'pass', [], '4 cross-tenant and tampered-id attempts were refused'),
  result('reset-token-reusable', 'not-tested', [], 'the reset token is delivered out of band only'),
];

describe('deliverables', () => {
  it('writes each policy rule in plain English, marked from what was observed', () => {
    const d = buildDeliverables(CHECKS, ok(SET))!;
    const byOp = (op: string) => d.authRules.find((r) => r.rule.includes(`(${op})`))!;
    expect(byOp('GET /api/payouts')).toMatchObject({ rule: 'Only the owner can list payouts (GET /api/payouts).', status: 'verified' });
    expect(byOp('GET /api/payouts').observed).toContain('viewer refused (403)');
    expect(byOp('POST /api/invoices/{id}/approve')).toMatchObject({ status: 'violated' });
    expect(byOp('POST /api/invoices/{id}/approve').rule).toBe('Only the owner can approve invoices (POST /api/invoices/{id}/approve). Approving releases payment.');
    expect(byOp('GET /api/reports').rule).toContain('inferred from the API document');
    expect(byOp('GET /api/reports').status).toBe('untested');
    expect(d.authRules.at(-1)).toMatchObject({ basis: 'tenancy', status: 'verified' });
  });

  it('never calls a rule verified while a denied role\'s 2xx could not be judged', () => {
    const set = accessSet(
      [
        trial('function-level', 'allowed-role', 'POST /api/payouts', { status: 201, changed: null }, { attacker: 'owner' }),
        trial('function-level', 'denied-role', 'POST /api/payouts', { status: 201, changed: null }, { attacker: 'viewer' }),
        trial('function-level', 'denied-role', 'POST /api/payouts', { status: 401, changed: false }, { attacker: 'anonymous' }),
      ],
      { rules: [{ operation: 'POST /api/payouts', allow: ['owner'], from: 'policy', publicInSpec: false }] },
    );
    const rule = buildDeliverables([result('function-level-authorization-missing', 'pass')], ok(set))!.authRules[0]!;
    expect(rule.status).toBe('untested');
    expect(rule.observed).toBe('viewer got 201, but no read-back could show whether the change took effect; anonymous refused (401)');
  });

  it('lists each attack with pass, fail or not-tested', () => {
    const d = buildDeliverables(CHECKS, ok(SET))!;
    expect(d.redTeam.map((r) => [r.checkId, r.status])).toEqual([
      ['function-level-authorization-missing', 'fail'],
      ['object-level-authorization-missing', 'pass'],
      ['reset-token-reusable', 'not-tested'],
    ]);
    expect(d.redTeam[2]!.detail).toContain('out of band');
  });

  it('is absent when no access check ran', () => {
    expect(buildDeliverables([result('missing-security-headers', 'pass')], undefined)).toBeUndefined();
  });

  it('reads as a person writes it when another workspace\'s role mirrors one of ours', () => {
    // As in the demo: the policy allows the outsider (owner of Globex) wherever it allows the owner.
    const set = accessSet([], {
      rules: [
        { operation: 'POST /api/invoices/{id}/approve', allow: ['owner', 'outsider'], from: 'policy', publicInSpec: false },
        { operation: 'GET /api/invoices', allow: ['owner', 'viewer', 'outsider'], from: 'policy', publicInSpec: false },
        { operation: 'GET /health', allow: ['anonymous'], from: 'policy', publicInSpec: true },
      ],
    });
    const rules = buildDeliverables(CHECKS, ok(set))!.authRules.map((r) => r.rule);
    expect(rules[0]).toBe("Only the owner can approve invoices; other workspaces' owners cannot see them (POST /api/invoices/{id}/approve).");
    expect(rules[1]).toBe("Every signed-in user can list invoices; other workspaces' owners cannot see them (GET /api/invoices).");
    expect(rules[2]).toBe('Anyone, without signing in, can check the health endpoint (GET /health).');
    // A role of another workspace that mirrors none of ours is named, not guessed.
    const odd = accessSet([], {
      rules: [
        { operation: 'GET /api/reports', allow: ['viewer', 'outsider'], from: 'policy', publicInSpec: false },
        { operation: 'GET /api/payouts', allow: ['owner', 'outsider'], from: 'policy', publicInSpec: false },
      ],
    });
    expect(buildDeliverables(CHECKS, ok(odd))!.authRules[0]!.rule).toBe(
      'Only the viewer can list reports; users of other workspaces (outsider) cannot see them (GET /api/reports).',
    );
  });

  it('names operations in words', () => {
    expect(describeOperation('GET /api/invoices/{id}')).toBe('read invoices');
    expect(describeOperation('DELETE /api/invites/{id}')).toBe('delete invites');
    expect(describeOperation('GET /api/admin/users')).toBe('list admin users');
    expect(describeOperation('PATCH /api/me')).toBe('change their own account');
    expect(describeOperation('POST /api/invoices/{id}/approve')).toBe('approve invoices');
    expect(describeOperation('POST /api/auth/login')).toBe('sign in');
    expect(describeOperation('POST /api/auth/password-reset/request')).toBe('ask for a password reset');
    expect(describeOperation('POST /api/invites/accept')).toBe('accept an invite');
    expect(describeOperation('GET /login')).toBe('open the login page');
    expect(describeOperation('GET /')).toBe('open the home page');
  });

  it('is rendered, escaped, by every renderer', () => {
    const deliverables = buildDeliverables(CHECKS, ok(SET))!;
    deliverables.authRules.push({ rule: 'Only <b>owner</b> | can & more', status: 'untested', basis: 'policy', observed: 'x' });
    const report = sampleReport({ deliverables });
    const md = renderMarkdown(report);
    expect(md).toContain('## Auth rules in plain English');
    expect(md).toContain('## Red-team checklist');
    expect(md).toContain('✗ violated');
    expect(md).toContain('Only &lt;b&gt;owner&lt;/b&gt; \\| can &amp; more');
    const html = renderHtml(report);
    expect(html).toContain('<section id="access"><h2>Auth rules in plain English</h2>');
    expect(html).not.toContain('<b>owner</b>');
    const term = renderTerminal(report, { color: false, verbose: true });
    expect(term).toContain('Red-team checklist');
    expect(term).toContain('✗ Only the owner can approve invoices');
    expect(renderMarkdown(sampleReport())).not.toContain('Auth rules in plain English');
  });
});
