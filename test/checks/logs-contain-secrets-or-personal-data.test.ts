import { describe, expect, it } from 'vitest';
import check from '../../src/checks/monitor/logs-contain-secrets-or-personal-data.js';
import type { MonitoringEvidence } from '../../src/evidence/monitor-types.js';
import { CTX } from '../helpers/exchange.js';
import { monitoring } from '../helpers/monitoring.js';

const file = { path: 'logs/app.log', readable: true, linesSampled: 10, bytesSampled: 2_000, jsonLines: 10 };
const logs = (l: Partial<MonitoringEvidence['logs']>) => monitoring({ logs: { files: [file], flags: [], redactPaths: [], ...l } });

describe('logs-contain-secrets-or-personal-data', () => {
  it('passes on clean structured logs', () => {
    expect(check.run({ monitoring: logs({}) }, CTX)).toMatchObject({ status: 'pass' });
  });

  it('fails per (file, kind, field) with masked evidence and the pino redact paths', () => {
    const out = check.run(
      {
        monitoring: logs({
          flags: [
            { file: 'logs/app.log', kind: 'authorization', path: 'req.headers.authorization', redactPath: 'req.headers.authorization', count: 4, example: { masked: 'Bear…x9Qa', fingerprint: 'sha256:00aa', line: 3 } },
            { file: 'logs/app.log', kind: 'email', path: 'msg', redactPath: 'msg', count: 2, example: { masked: 'o***@acme.test', fingerprint: 'sha256:11bb', line: 5 } },
          ],
          redactPaths: ['req.headers.authorization'],
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => [f.identity.join('|'), f.severity])).toEqual([
      ['logs/app.log|authorization|req.headers.authorization', 'high'],
      ['logs/app.log|email|msg', 'medium'],
    ]);
    expect(out.findings[0]!.remediation).toContain('"req.headers.authorization"');
    expect(out.findings[0]!.evidence[0]!.summary).toBe('logs/app.log:3: req.headers.authorization = Bear…x9Qa (sha256:00aa)');
    expect(out.findings[1]!.remediation).toContain('Stop interpolating email addresses');
  });

  it('is not tested when no log file is configured', () => {
    expect(check.run({ monitoring: monitoring() }, CTX).status).toBe('not-tested');
  });

  it('is not tested when the sample holds no JSON lines', () => {
    expect(check.run({ monitoring: logs({ files: [{ ...file, jsonLines: 0 }] }) }, CTX).status).toBe('not-tested');
  });

  it('is an error when no configured log file can be read', () => {
    const out = check.run({ monitoring: logs({ files: [{ ...file, readable: false, error: 'file not found', jsonLines: 0 }] }) }, CTX);
    expect(out).toMatchObject({ status: 'error' });
  });
});
