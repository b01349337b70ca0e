// Inline MonitoringEvidence for the stage 5 check tests.
import type { MonitoringEvidence } from '../../src/evidence/monitor-types.js';

export function monitoring(p: Partial<MonitoringEvidence> = {}): MonitoringEvidence {
  return {
    configured: true,
    targets: [
      { covers: 'home', expectedUrl: 'https://app.example.test/', coveredBy: 'home', url: 'https://app.example.test/' },
      { covers: 'login', expectedUrl: 'https://app.example.test/login', coveredBy: 'login', url: 'https://app.example.test/login' },
      { covers: 'health', expectedUrl: 'https://api.example.test/health', coveredBy: 'health', url: 'https://api.example.test/health' },
    ],
    checks: [
      { name: 'home', url: 'https://app.example.test/', covers: 'home', origin: 'default', conditions: ['[STATUS] < 400'] },
      { name: 'login', url: 'https://app.example.test/login', covers: 'login', origin: 'default', conditions: ['[STATUS] < 400'] },
      { name: 'health', url: 'https://api.example.test/health', covers: 'health', origin: 'default', conditions: ['[STATUS] == 200'] },
    ],
    channels: [{ name: 'ops', type: 'email' }],
    routes: { critical: ['ops'], warning: ['ops'], info: [] },
    logs: { files: [], flags: [], redactPaths: [] },
    ...p,
  };
}
