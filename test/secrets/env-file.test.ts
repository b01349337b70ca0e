// Kind 15: env files are read with dotenv's parser, as the app that loads
// them reads them: a quoted PEM key over several lines is one value, and
// backtick quotes are quotes.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/evidence/gatherers/repo.js';
import { readEnvFile } from '../../src/secrets/env-file.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { b62 } from './corpus.js';

const pemBody = Array.from({ length: 4 }, () => b62(64)).join('\n');
const pem = ['-----BEGIN ', 'PRIVATE', ' KEY-----\n', pemBody, '\n-----END ', 'PRIVATE', ' KEY-----'].join('');
const tick = b62(24);
const text = [`# keys`, `APP_NAME=acme`, `PRIVATE_KEY="${pem}"`, 'API_TOKEN=`' + tick + '`', `export DEBUG=true # on in staging`, `EMPTY=`, `APP_NAME=acme-ops`].join('\n');

describe('env files read with dotenv', () => {
  it('a multi-line quoted PEM key is one value; backticks are quotes; the last definition wins', () => {
    const byKey = Object.fromEntries(readEnvFile(text).map((e) => [e.key, e]));
    expect(byKey.PRIVATE_KEY?.value).toBe(pem);
    expect(byKey.PRIVATE_KEY?.line).toBe(3);
    expect(byKey.API_TOKEN?.value).toBe(tick);
    expect(byKey.API_TOKEN?.line).toBe(9);
    expect(byKey.DEBUG).toMatchObject({ value: 'true', line: 10 });
    expect(byKey.APP_NAME).toMatchObject({ value: 'acme-ops', line: 12 });
  });

  it('parseEnv fingerprints the whole key and keeps only safe values', () => {
    const entries = parseEnv(text, { keepSafeValues: true });
    const key = entries.find((e) => e.key === 'PRIVATE_KEY')!;
    expect(key.fingerprint).toBe(fingerprintSecret(pem));
    expect(key.secret).toBe(true);
    expect(key.value).toBeUndefined();
    expect(entries.find((e) => e.key === 'API_TOKEN')?.fingerprint).toBe(fingerprintSecret(tick));
    expect(entries.find((e) => e.key === 'EMPTY')?.empty).toBe(true);
    expect(entries.find((e) => e.key === 'DEBUG')?.value).toBe('true');
    expect(JSON.stringify(entries)).not.toContain(tick);
  });
});
