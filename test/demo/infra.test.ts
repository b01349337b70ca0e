import { execFile } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPki, type DemoPki } from '../../demo/infra/certs.js';
import { answerQuery, startDnsServer, type DnsServerHandle } from '../../demo/infra/dns-server.js';
import { buildRepoFixture, type RepoFixture } from '../../demo/infra/repo-fixture.js';
import { demoZone, splitTxt, txtValue, type ZoneRecord } from '../../demo/infra/zone.js';

const run = promisify(execFile);
const MODES = ['vulnerable', 'hardened'] as const;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function git(repo: string, ...args: string[]): Promise<string> {
  return (await run('git', ['-C', repo, ...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

describe('demo PKI', () => {
  let pki: DemoPki;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    pki = await createDemoPki();
    server = createServer({ key: pki.keyPem, cert: pki.certPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const handshake = (servername: string, ca?: string) =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername, ...(ca ? { ca } : {}) }, () => {
        socket.end();
        resolve();
      });
      socket.on('error', reject);
    });

  it('issues a sha256, 2048-bit leaf for every demo host, signed by the CA, valid ~90 days', () => {
    const leaf = new X509Certificate(pki.certPem);
    const ca = new X509Certificate(pki.caPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    for (const host of ['acme.test', 'app.acme.test', 'api.acme.test', 'www.acme.test', 'staging.acme.test']) {
      expect(leaf.checkHost(host)).toBe(host);
    }
    expect(leaf.checkHost('evil.example')).toBeUndefined();
    expect(leaf.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
    expect(days).toBeCloseTo(90, 0);
    // Node reports the signature hash only through the text form; OpenSSL
    // would refuse a SHA-1 chain at the default security level anyway.
    expect(leaf.toString()).not.toMatch(/sha1/i);
  });

  it('verifies for app.acme.test with the CA trusted', async () => {
    await expect(handshake('app.acme.test', pki.caPem)).resolves.toBeUndefined();
  });

  it('fails for a name the certificate does not cover', async () => {
    await expect(handshake('bank.example', pki.caPem)).rejects.toThrow(/altnames|ERR_TLS_CERT_ALTNAME_INVALID/i);
  });

  it('fails without the CA (the chain is not publicly trusted)', async () => {
    await expect(handshake('app.acme.test')).rejects.toThrow(/certificate/i);
  });
});

describe('demo zone data', () => {
  it('splits long TXT values into 255-byte strings and joins them back', () => {
    const long = 'x'.repeat(600);
    expect(splitTxt(long).map((s) => s.length)).toEqual([255, 255, 90]);
    expect(txtValue({ data: splitTxt(long) })).toBe(long);
  });

  it('answers empty non-terminals with NOERROR and unknown names with NXDOMAIN', () => {
    const zone = demoZone('hardened');
    expect(answerQuery(zone, '_domainkey.acme.test', 16)).toEqual({ rcode: 0, answers: [] });
    expect(answerQuery(zone, 'nope.acme.test', 1).rcode).toBe(3);
  });

  it('follows in-zone CNAMEs', () => {
    const zone: ZoneRecord[] = [
      { name: 'docs.acme.test', type: 'CNAME', target: 'app.acme.test' },
      { name: 'app.acme.test', type: 'A', address: '127.0.0.1' },
    ];
    const { answers } = answerQuery(zone, 'DOCS.acme.test', 1);
    expect(answers.map((a) => a.type)).toEqual([5, 1]);
  });
});

describe.each(MODES)('demo DNS server (%s)', (mode) => {
  let zone: ZoneRecord[];
  let dns: DnsServerHandle;
  let resolver: Resolver;

  beforeAll(async () => {
    zone = demoZone(mode);
    dns = await startDnsServer(zone);
    resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`${dns.host}:${dns.port}`]);
  });
  afterAll(() => dns.close());

  it('resolves A records case-insensitively', async () => {
    for (const host of ['acme.test', 'APP.Acme.Test', 'api.acme.test', 'www.acme.test', 'mail.acme.test', 'staging.acme.test']) {
      expect(await resolver.resolve4(host)).toEqual(['127.0.0.1']);
    }
  });

  it('answers AAAA with no data rather than an error for a known name', async () => {
    await expect(resolver.resolve6('app.acme.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('returns NXDOMAIN for names outside the zone', async () => {
    await expect(resolver.resolve4('nothing-here.acme.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('serves MX and CAA', async () => {
    expect(await resolver.resolveMx('acme.test')).toEqual([{ exchange: 'mail.acme.test', priority: 10 }]);
    const caa = await resolver.resolveCaa('acme.test');
    expect(caa).toContainEqual(expect.objectContaining({ issue: 'letsencrypt.org' }));
  });

  it('publishes the SPF policy of its mode', async () => {
    const spf = (await resolver.resolveTxt('acme.test')).map((parts) => parts.join('')).filter((v) => v.startsWith('v=spf1'));
    expect(spf).toEqual([mode === 'vulnerable' ? 'v=spf1 +all' : 'v=spf1 mx -all']);
  });

  it('publishes DMARC only when hardened', async () => {
    if (mode === 'vulnerable') {
      await expect(resolver.resolveTxt('_dmarc.acme.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    } else {
      const [record] = await resolver.resolveTxt('_dmarc.acme.test');
      expect(record?.join('')).toBe('v=DMARC1; p=reject; rua=mailto:dmarc@acme.test; adkim=s; aspf=s');
    }
  });

  it('publishes a DKIM key of the mode\'s strength, in 255-byte strings', async () => {
    const [parts] = await resolver.resolveTxt('s1._domainkey.acme.test');
    expect(parts).toBeDefined();
    for (const part of parts!) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
    const value = parts!.join('');
    expect(value).toMatch(/^v=DKIM1; k=rsa; p=/);
    const der = Buffer.from(/p=([A-Za-z0-9+/=]+)/.exec(value)![1]!, 'base64');
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(mode === 'vulnerable' ? 512 : 2048);
    if (mode === 'hardened') expect(parts!.length).toBeGreaterThan(1);
  });
});

describe('demo DNS server transport', () => {
  it('sets TC on an oversized UDP answer and serves it in full over TCP on the same port', async () => {
    const big = 'k='.padEnd(3000, 'a');
    const dns = await startDnsServer([{ name: 'big.acme.test', type: 'TXT', data: splitTxt(big) }]);
    try {
      const resolver = new Resolver({ timeout: 3000, tries: 1 });
      resolver.setServers([`127.0.0.1:${dns.port}`]);
      const [parts] = await resolver.resolveTxt('big.acme.test');
      expect(parts?.join('')).toBe(big);
    } finally {
      await dns.close();
    }
  });

  it('stops answering after close()', async () => {
    const dns = await startDnsServer(demoZone('hardened'));
    await dns.close();
    await dns.close(); // idempotent
    const resolver = new Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([`127.0.0.1:${dns.port}`]);
    await expect(resolver.resolve4('app.acme.test')).rejects.toBeDefined();
  });
});

describe.each(MODES)('repo fixture (%s)', (mode) => {
  let tmp: string;
  let fixture: RepoFixture;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-fixture-test-'));
    fixture = await buildRepoFixture(mode, path.join(tmp, 'acme-ops'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('is a git repository with several commits by fixed authors', async () => {
    const log = (await git(fixture.path, 'log', '--format=%an <%ae>')).trim().split('\n');
    expect(log.length).toBeGreaterThanOrEqual(4);
    for (const who of log) expect(who).toMatch(/^(Dana Builder <dana@acme\.test>|Olivia Owner <olivia@acme\.test>)$/);
    const tree = await git(fixture.path, 'ls-files');
    for (const f of ['package.json', 'src/server.js', '.env.example', 'dist/assets/app.js']) expect(tree).toContain(f);
    const server = await readFile(path.join(fixture.path, 'src/server.js'), 'utf8');
    for (const v of ['DATABASE_URL', 'SESSION_SECRET', 'PAYMENTS_SECRET_KEY', 'MAIL_API_KEY', 'WEBHOOK_URL', 'DEBUG']) {
      expect(server).toContain(`process.env.${v}`);
    }
  });

  it('tracks .env only when vulnerable; production/staging env files exist on disk either way', async () => {
    const tracked = (await git(fixture.path, 'ls-files')).split('\n');
    const envTracked = tracked.filter((f) => f.startsWith('.env') && f !== '.env.example');
    if (mode === 'vulnerable') {
      expect(envTracked).toEqual(expect.arrayContaining(['.env', '.env.production', '.env.staging']));
    } else {
      expect(envTracked).toEqual([]);
      const ignored = await git(fixture.path, 'check-ignore', '.env.production', '.env.staging');
      expect(ignored.trim().split('\n')).toEqual(['.env.production', '.env.staging']);
      expect(tracked).toContain('.github/workflows/deploy.yml');
    }
    const prod = await readFile(path.join(fixture.path, '.env.production'), 'utf8');
    const staging = await readFile(path.join(fixture.path, '.env.staging'), 'utf8');
    const session = (text: string) => /^SESSION_SECRET=(.+)$/m.exec(text)?.[1];
    if (mode === 'vulnerable') {
      expect(prod).toMatch(/^DEBUG=true$/m);
      expect(prod).toMatch(/^NODE_ENV=development$/m);
      expect(prod).toMatch(/^PAYMENTS_SECRET_KEY=sk_test_/m);
      expect(prod).toMatch(/^WEBHOOK_URL=https:\/\/staging\.acme\.test\/hooks\/payments$/m);
      expect(session(staging)).toBe(session(prod));
    } else {
      expect(prod).toMatch(/^DEBUG=false$/m);
      expect(prod).toMatch(/^NODE_ENV=production$/m);
      expect(prod).toMatch(/^PAYMENTS_SECRET_KEY=sk_live_/m);
      expect(prod).toMatch(/^WEBHOOK_URL=https:\/\/app\.acme\.test\/hooks\/payments$/m);
      expect(session(staging)).not.toBe(session(prod));
    }
  });

  it('documents every env var the code reads in .env.example only when hardened', async () => {
    const example = await readFile(path.join(fixture.path, '.env.example'), 'utf8');
    const keys = ['DATABASE_URL', 'SESSION_SECRET', 'PAYMENTS_SECRET_KEY', 'MAIL_API_KEY', 'WEBHOOK_URL', 'DEBUG'];
    const missing = keys.filter((k) => !new RegExp(`^${k}=`, 'm').test(example));
    if (mode === 'vulnerable') expect(missing.length).toBeGreaterThan(0);
    else expect(missing).toEqual([]);
    // Placeholders only: no planted value in the example.
    for (const s of fixture.plantedSecrets) expect(example).not.toContain(s);
  });

  it('keeps a removed secret in history and one in the bundle only when vulnerable', async () => {
    const history = await git(fixture.path, 'log', '-p', '--all');
    const head = (await git(fixture.path, 'grep', '-I', '-l', '-e', 'xoxb-', 'HEAD').catch(() => '')).trim();
    const bundle = await readFile(path.join(fixture.path, 'dist/assets/app.js'), 'utf8');
    const inBundle = fixture.plantedSecrets.filter((s) => bundle.includes(s));
    if (mode === 'vulnerable') {
      expect(history).toMatch(/^-.*'xoxb-[0-9]+-[0-9]+-[A-Za-z0-9]+'/m);
      expect(head).toBe(''); // deleted from the current tree...
      expect(fixture.plantedSecrets.some((s) => s.startsWith('xoxb-') && history.includes(s))).toBe(true); // ...but not from history
      expect(inBundle.length).toBeGreaterThan(0);
    } else {
      expect(fixture.plantedSecrets.filter((s) => history.includes(s))).toEqual([]);
      expect(inBundle).toEqual([]);
    }
  });

  it('has destructive up migrations without downs only when vulnerable', async () => {
    const files = (await git(fixture.path, 'ls-files', 'migrations')).trim().split('\n');
    const ups = files.filter((f) => !f.endsWith('.down.sql'));
    const texts = await Promise.all(ups.map((f) => readFile(path.join(fixture.path, f), 'utf8')));
    const destructive = texts.some((t) => /\bDROP\s+(TABLE|COLUMN)\b|\bTRUNCATE\b/i.test(t));
    if (mode === 'vulnerable') {
      expect(destructive).toBe(true);
      expect(files.some((f) => f.endsWith('.down.sql'))).toBe(false);
    } else {
      expect(destructive).toBe(false);
      for (const up of files.filter((f) => f.endsWith('.up.sql'))) expect(files).toContain(up.replace(/\.up\.sql$/, '.down.sql'));
    }
  });

  it('plants realistic-looking secrets that launchready\'s own source never contains', async () => {
    expect(fixture.plantedSecrets.length).toBeGreaterThanOrEqual(8);
    expect(fixture.plantedSecrets.some((s) => /^sk_(live|test)_[A-Za-z0-9]{24}$/.test(s))).toBe(true);
    expect(fixture.plantedSecrets.some((s) => /^postgres:\/\/acme_\w+:[A-Za-z0-9]{20}@/.test(s))).toBe(true);
    const sources: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) sources.push(await readFile(p, 'utf8'));
      }
    };
    await walk(path.join(ROOT, 'demo'));
    await walk(path.join(ROOT, 'src'));
    expect(sources.length).toBeGreaterThan(5);
    for (const secret of fixture.plantedSecrets) {
      expect(sources.some((text) => text.includes(secret))).toBe(false);
    }
    // Nor anything shaped like one: that is what push protection matches on.
    const credentialShapes = [/sk_(live|test)_[A-Za-z0-9]{16,}/, /xox[bp]-[0-9]{6,}-/, /SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, /postgres:\/\/\w+:[A-Za-z0-9]{12,}@/];
    for (const shape of credentialShapes) {
      expect(fixture.plantedSecrets.some((secret) => shape.test(secret)), `planted values match ${shape}`).toBe(true);
      expect(sources.filter((text) => shape.test(text)).length, String(shape)).toBe(0);
    }
  });

  it('refuses to build into a non-empty folder', async () => {
    await expect(buildRepoFixture(mode, fixture.path)).rejects.toThrow(/not empty/);
  });
});
