import { describe, expect, it } from 'vitest';
import { baselineKey, SecretEngine } from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { b62, hex } from './corpus.js';

const engine = new SecretEngine();
const stripeLive = (): string => ['sk', 'live', b62(24)].join('_');

describe('secret engine', () => {
  it('reports line, column, masked value and fingerprint, never the raw secret', () => {
    const key = stripeLive();
    const text = `// config\nconst a = 1;\n  const stripe = '${key}';\n`;
    const [m, ...rest] = engine.scan(text, 'src/pay.ts');
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ ruleId: 'stripe-secret-key', mode: 'live', severity: 'critical', line: 3, column: 19, path: 'src/pay.ts' });
    expect(m!.fingerprint).toBe(fingerprintSecret(key));
    expect(JSON.stringify(m)).not.toContain(key);
    expect(JSON.stringify(m)).not.toContain(key.slice(8, 20));
  });

  it('tells test-mode payment keys apart and lowers their severity', () => {
    const [m] = engine.scan(`KEY=${['sk', 'test', b62(24)].join('_')}`, '.env');
    expect(m).toMatchObject({ mode: 'test', severity: 'low' });
  });

  it('honours the inline allow comment on the same line only', () => {
    const a = stripeLive();
    const b = stripeLive();
    const found = engine.scan(`x = '${a}' // launchready:allow\ny = '${b}'\n`, 'a.ts');
    expect(found.map((m) => m.fingerprint)).toEqual([fingerprintSecret(b)]);
  });

  it('drops baselined secrets by path + rule + hash, not by line', () => {
    const key = stripeLive();
    const base = new Set([baselineKey('a.ts', 'stripe-secret-key', fingerprintSecret(key))]);
    const withBaseline = new SecretEngine({ baseline: base });
    expect(withBaseline.scan(`\n\n\nk = '${key}'`, 'a.ts')).toEqual([]);
    // Same secret in another file is still reported.
    expect(withBaseline.scan(`k = '${key}'`, 'b.ts')).toHaveLength(1);
  });

  it('filters placeholders and documented example keys', () => {
    const texts = [
      'SESSION_SECRET=${SESSION_SECRET}',
      'API_TOKEN=<your-api-token>',
      'DB_PASSWORD=changeme',
      'AUTH_TOKEN=xxxxxxxxxxxxxxxx',
      `id = ${['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('')}`,
      'SIGNING_KEY={{ .Values.signingKey }}',
    ];
    for (const t of texts) expect(engine.scan(t, '.env'), t).toEqual([]);
  });

  it('prefers a specific rule over the generic one for the same value', () => {
    const found = engine.scan(`PAYMENTS_SECRET_KEY=${stripeLive()}`, '.env');
    expect(found.map((m) => m.ruleId)).toEqual(['stripe-secret-key']);
  });

  it('skips lockfiles for the generic rule', () => {
    const line = `"resolved_token": "${hex(40)}"`;
    expect(engine.scan(line, 'package-lock.json')).toEqual([]);
    expect(engine.scan(line, 'config.json')).toHaveLength(1);
  });

  it('finishes on a 5 MB single minified line full of keywords (linear-time regexes)', () => {
    // Keywords everywhere and long runs that a backtracking generic regex would chew on.
    const unit = 'var password_token_key=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;postgres://a:';
    const line = unit.repeat(Math.ceil((2.5 * 1024 * 1024) / unit.length));
    const key = stripeLive();
    const text = line + `;k="${key}";` + line;
    const found = engine.scan(text, 'dist/app.min.js');
    expect(found.map((m) => m.ruleId)).toEqual(['stripe-secret-key']);
    expect(found[0]!.line).toBe(1);
  });
});
