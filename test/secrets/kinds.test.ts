// Kinds of input the rule corpus cannot express as found / not found:
// ciphertext meant to be committed (reported as encrypted, not as a leak),
// JWTs judged by their expiry, credential files whatever their entropy.
import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/secrets/engine.js';
import { b62, hex, jwtOf, rand, weak } from './corpus.js';

const engine = new SecretEngine();
const b64 = (n: number): string => rand('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);

describe('kind 7: ciphertext meant to be committed', () => {
  const cases: [string, string, string | null][] = [
    [
      'k8s/sealed-db.yaml',
      ['apiVersion: bitnami.com/v1alpha1', 'kind: SealedSecret', 'metadata:', '  name: db', 'spec:', '  encryptedData:', `    DB_PASSWORD: Ag${b64(150)}==`, `    API_TOKEN: Ag${b64(150)}==`, '  template:', '    metadata:', '      name: db'].join('\n'),
      'SealedSecret encryptedData',
    ],
    ['k8s/sealed.json', JSON.stringify({ kind: 'SealedSecret', spec: { encryptedData: { SESSION_SECRET: `Ag${b64(150)}` } } }, null, 2), 'SealedSecret encryptedData'],
    ['secrets.enc.yaml', `db_password: ENC[AES256_GCM,data:${b64(24)},iv:${b64(43)}=,tag:${b64(22)}==,type:str]\nsops:\n    version: 3.9.0\n`, 'SOPS'],
    ['config/secrets.ejson', JSON.stringify({ _public_key: hex(64), api_token: `EJ[1:${b64(43)}=:${b64(32)}:${b64(40)}]` }), 'EJSON'],
    ['inventory/prod.yml', `db_password: "$ANSIBLE_VAULT;1.1;AES256 ${hex(80)}"\n`, 'ansible-vault'],
    // Inline vault blocks and whole vault files hold nothing a rule reads: no finding, nothing to say.
    ['group_vars/all.yml', `db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  ${hex(80)}\n  ${hex(80)}\n`, null],
    ['.env.production', `DOTENV_PUBLIC_KEY="${hex(66)}"\nDATABASE_PASSWORD="encrypted:${b64(120)}"\n`, 'dotenvx'],
  ];
  for (const [path, text, format] of cases) {
    it(`${path}: ${format ? `reported as ${format}` : 'nothing'}, not a leak`, () => {
      const r = engine.scanAll(text, path);
      expect(r.matches.map((m) => `${m.ruleId} ${m.masked}`)).toEqual([]);
      if (format === null) return expect(r.encrypted).toEqual([]);
      expect(r.encrypted.length).toBeGreaterThan(0);
      expect(r.encrypted.every((e) => e.format === format)).toBe(true);
    });
  }

  it('a plaintext value next to a SealedSecret block is still a leak', () => {
    const text = ['kind: SealedSecret', 'spec:', '  encryptedData:', `    DB_PASSWORD: Ag${b64(150)}`, 'stringData:', `  API_TOKEN: ${b62(32)}`].join('\n');
    const r = engine.scanAll(text, 'k8s/mixed.yaml');
    expect(r.matches.map((m) => m.line)).toEqual([6]);
    expect(r.encrypted.map((e) => e.line)).toEqual([4]);
  });
});

describe('kind 9: JWTs are decoded', () => {
  const now = Date.parse('2026-11-30T00:00:00Z');
  it('an expired token is a low finding that says it is expired', () => {
    const [m] = engine.scanAll(`example: "${jwtOf({ sub: 'demo', exp: 1_546_300_800 })}"`, 'openapi.yaml', now).matches;
    expect(m).toMatchObject({ ruleId: 'jwt', severity: 'low', note: 'expired 2019-01-01' });
  });
  it('a live token stays high and says when it expires, or that it never does', () => {
    const [live] = engine.scanAll(`Bearer ${jwtOf({ sub: 'svc', exp: 1_900_000_000 })}`, 'seed.ts', now).matches;
    expect(live).toMatchObject({ severity: 'high', note: 'expires 2030-03-17' });
    const [forever] = engine.scanAll(`Bearer ${jwtOf({ sub: 'svc' })}`, 'seed.ts', now).matches;
    expect(forever).toMatchObject({ severity: 'high', note: 'never expires (no exp claim)' });
  });
  it('three base64url parts that are not JSON are not a JWT', () => {
    expect(engine.scanAll(`eyJ${b62(30)}.eyJ${b62(40)}.${b62(43)}`, 'a.ts', now).matches).toEqual([]);
  });
});

describe('kind 5: credential formats are findings whatever the entropy', () => {
  it('a weak password in .netrc, .pgpass and a FileZilla config is found; the same line elsewhere is not', () => {
    const pw = weak();
    for (const [path, text] of [
      ['.netrc', `machine ftp.acme.test login deploy password ${pw}`],
      ['.pgpass', `db.acme.test:5432:app:app:${pw}`],
      ['sitemanager.xml', `<Server><Host>ftp.acme.test</Host><Pass>${pw}</Pass></Server>`],
    ]) {
      expect(engine.scan(text!, path!).map((m) => m.masked), path).toHaveLength(1);
      expect(engine.scan(text!, 'docs/setup.md'), `${path} text in a doc`).toEqual([]);
    }
  });
});
