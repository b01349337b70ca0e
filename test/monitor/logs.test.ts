import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventFromLine, PINO_FIELDS } from '../../src/monitor/logs/fields.js';
import { FlagCollector, flagLine, luhnValid, redactPath } from '../../src/monitor/logs/flagger.js';
import { LogTail } from '../../src/monitor/logs/tail.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const rand = () => Math.random().toString(36).slice(2, 12);

// Test card numbers published by card networks, assembled so no scanner sees a literal.
const VISA_TEST = ['4242', '4242', '4242', '4242'].join('');
const NOT_LUHN = ['4242', '4242', '4242', '4241'].join('');

describe('log flagger', () => {
  it('flags credential fields, bearer tokens, JWTs, emails and Luhn-valid cards, masked', () => {
    const password = ['pw', rand(), rand()].join('-');
    const bearer = ['Bearer', ['eyJ' + rand() + rand(), 'eyJ' + rand() + rand(), rand() + rand()].join('.')].join(' ');
    const cookie = `sid=${rand()}${rand()}`;
    const line = {
      level: 30,
      msg: `login failed for olivia@acme.test`,
      req: { method: 'POST', url: '/api/auth/login', headers: { authorization: bearer, cookie, 'user-agent': 'x' } },
      body: { email: 'olivia@acme.test', password },
      payment: { note: `card ${VISA_TEST} declined`, other: NOT_LUHN },
      items: [{ apiKey: rand() + rand() }],
    };
    const flags = flagLine(line);
    const byPath = Object.fromEntries(flags.map((f) => [`${f.kind}@${f.path}`, f]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'authorization@req.headers.authorization',
        'cookie@req.headers.cookie',
        'email@body.email',
        'email@msg',
        'password@body.password',
        'card@payment.note',
        'secret@items[0].apiKey',
      ].sort(),
    );
    const shown = JSON.stringify(flags);
    expect(shown).not.toContain(password);
    expect(shown).not.toContain(bearer.split(' ')[1]!);
    expect(shown).not.toContain(VISA_TEST);
    expect(byPath['card@payment.note']!.masked).toBe('•••• 4242');
    expect(byPath['email@body.email']!.masked).toBe('o***@acme.test');
    expect(byPath['secret@items[0].apiKey']!.redactPath).toBe('items[*].apiKey');
  });

  it('ignores already-redacted values and ordinary fields', () => {
    expect(flagLine({ req: { headers: { authorization: '[Redacted]' } }, password: '***', passwordField: 'password', time: 1700000000000, id: '1234567890123' })).toEqual([]);
  });

  it('checks Luhn', () => {
    expect(luhnValid(VISA_TEST)).toBe(true);
    expect(luhnValid(NOT_LUHN)).toBe(false);
  });

  it('suggests pino redact paths, quoting keys that are not identifiers', () => {
    expect(redactPath(['req', 'headers', 'set-cookie'])).toBe('req.headers["set-cookie"]');
    const c = new FlagCollector();
    c.add(flagLine({ req: { headers: { authorization: 'Bearer ' + rand() + rand() } }, msg: 'hi olivia@acme.test' }));
    c.add(flagLine({ req: { headers: { authorization: 'Bearer ' + rand() + rand() } } }));
    expect(c.redactPaths()).toEqual(['req.headers.authorization']);
    expect(c.summaries().find((s) => s.kind === 'authorization')?.count).toBe(2);
  });
});

describe('log fields', () => {
  it('reads pino request lines and named events', () => {
    const at = Date.UTC(2026, 0, 1);
    expect(eventFromLine({ time: at, req: { method: 'post', url: '/api/invoices/42?x=1' }, res: { statusCode: 500 }, responseTime: 12 }, PINO_FIELDS, 0)).toEqual({
      type: 'request',
      at,
      route: '/api/invoices/:id',
      method: 'POST',
      status: 500,
      durationMs: 12,
    });
    expect(eventFromLine({ time: at, event: 'webhook_attempt', attempt: 3 }, PINO_FIELDS, 0)).toMatchObject({ type: 'webhook', attempt: 3 });
    expect(eventFromLine({ time: at, event: 'email_bounced' }, PINO_FIELDS, 0)).toMatchObject({ type: 'email', status: 'bounced' });
    expect(eventFromLine({ msg: 'hello' }, PINO_FIELDS, 0)).toBeUndefined();
  });

  it('uses configured field names', () => {
    const f = { ...PINO_FIELDS, route: 'path', status: 'code', duration: 'ms', time: 'ts' };
    expect(eventFromLine({ ts: '2026-01-01T00:00:00Z', path: '/signup', code: 201, ms: 80 }, f, 0)).toMatchObject({ type: 'request', route: '/signup', status: 201, durationMs: 80 });
  });
});

describe('log tail', () => {
  it('reads appended lines, waits for partial lines, and restarts after truncation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-tail-'));
    dirs.push(dir);
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '{"old":1}\n');
    const seen: unknown[] = [];
    const other: string[] = [];
    const tail = new LogTail({ file, from: 'end', onLine: (l) => seen.push(l), onOther: (r) => other.push(r) });
    await tail.poll();
    expect(seen).toEqual([]);
    appendFileSync(file, '{"a":1}\nnot json\n{"b":');
    await tail.poll();
    expect(seen).toEqual([{ a: 1 }]);
    expect(other).toEqual(['not json']);
    appendFileSync(file, '2}\n');
    await tail.poll();
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
    writeFileSync(file, '{"c":3}\n');
    await tail.poll();
    expect(seen).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('records a missing file instead of throwing', async () => {
    const tail = new LogTail({ file: path.join(tmpdir(), `lr-missing-${rand()}.log`), from: 'start', onLine: () => undefined });
    await tail.poll();
    expect(tail.lastError).toMatch(/ENOENT/);
  });
});
