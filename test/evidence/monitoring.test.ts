import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { gatherMonitoring } from '../../src/evidence/gatherers/monitoring.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const rand = () => Math.random().toString(36).slice(2, 12);

const config = (monitor?: Record<string, unknown>) =>
  configSchema.parse({ project: { name: 'T' }, environments: { production: { appUrl: 'https://app.example.test', apiUrl: 'https://api.example.test' } }, monitor });

describe('gatherMonitoring', () => {
  it('reads the monitor config and flags secrets in a sample of the logs, masked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-gm-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'logs'));
    const token = ['Bearer', rand() + rand() + rand()].join(' ');
    const lines = [
      JSON.stringify({ level: 30, req: { method: 'GET', url: '/api/me', headers: { authorization: token } }, res: { statusCode: 200 }, responseTime: 4 }),
      'plain text line',
      JSON.stringify({ level: 40, msg: 'login failed for olivia@acme.test', event: 'login_failed' }),
    ];
    writeFileSync(path.join(dir, 'logs/app.log'), lines.join('\n') + '\n');
    const out = await gatherMonitoring({
      config: config({
        loginPath: '/login',
        logs: [{ path: 'logs/app.log' }, { path: 'logs/missing.log' }],
        channels: { ops: { type: 'email', host: 'smtp.example.test', from: 'a@example.test', to: ['b@example.test'] } },
        routes: { critical: ['ops'] },
      }),
      baseDir: dir,
    });
    expect(out.state).toBe('ok');
    if (out.state !== 'ok') return;
    const v = out.value;
    expect(v.configured).toBe(true);
    expect(v.targets.map((t) => `${t.covers}:${t.coveredBy}:${t.expectedUrl}`)).toEqual([
      'home:home:https://app.example.test/',
      'login:login:https://app.example.test/login',
      'health:health:https://api.example.test/health',
    ]);
    expect(v.routes.critical).toEqual(['ops']);
    expect(v.logs.files).toEqual([
      { path: path.join('logs', 'app.log'), readable: true, linesSampled: 4, bytesSampled: expect.any(Number) as number, jsonLines: 2 },
      { path: path.join('logs', 'missing.log'), readable: false, error: 'file not found', linesSampled: 0, bytesSampled: 0, jsonLines: 0 },
    ]);
    expect(v.logs.flags.map((f) => `${f.kind}@${f.path}:${f.example.line}`)).toEqual(['email@msg:3', 'authorization@req.headers.authorization:1']);
    expect(v.logs.redactPaths).toEqual(['req.headers.authorization']);
    expect(JSON.stringify(v)).not.toContain(token.split(' ')[1]);
  });

  it('records a config without a monitor section as not configured', async () => {
    const out = await gatherMonitoring({ config: config(), baseDir: tmpdir() });
    expect(out.state === 'ok' && out.value.configured).toBe(false);
  });
});
