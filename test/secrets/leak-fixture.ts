// A leaked-credential-files fixture: the dotfiles, client configs and
// framework settings real projects leak, each with its risky lines marked,
// and files that hold no risk (examples, ciphertext, code, third-party trees)
// that must not be flagged. Every value is built at run time from random
// pieces, so this file holds no credential. Used by the test of the same
// name and by bench/secrets/run.ts (recall and false alarms).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { b62, hex, jwtOf, punct, rand, weak } from './corpus.js';

/** A line that holds a credential: the scan should report it. */
const R = (line: string): { risky: string } => ({ risky: line });
type Line = string | { risky: string };

export interface LeakFixture {
  root: string;
  /** Files written (an archive counts once). */
  files: number;
  /** `path:line` of every risky line (inside an archive: `archive!/inner:line`). */
  risky: string[];
  /** Files with no risky line: a finding in any of them is a false alarm. */
  clean: string[];
}

const b64 = (t: string): string => Buffer.from(t).toString('base64');
const pem = (): string[] => ['-----BEGIN ' + 'OPENSSH PRIVATE' + ' KEY-----', ...Array.from({ length: 6 }, () => rand(b62(1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 70)), '-----END ' + 'OPENSSH PRIVATE' + ' KEY-----'];
const akia = (): string => 'AKIA' + rand('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
const stripe = (): string => ['sk', 'live', b62(24)].join('_');
const crypt = (n: number): string => rand('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./', n);

function files(): Record<string, Line[]> {
  const past = 1_546_300_800;
  return {
    '.netrc': ['machine api.deploy.test', '  login ops@acme.test', R(`  password ${weak()}`)],
    '.git-credentials': [R(`https://deploy:${weak()}@git.acme.test`)],
    '.pgpass': ['# hostname:port:database:username:password', R(`db.acme.test:5432:app:app:${weak()}`)],
    'public/.htpasswd': [R(`admin:$apr1$${crypt(8)}$${crypt(22)}`), R(`ops:${crypt(13)}`)],
    'backup/etc/shadow': [R(`root:$6$${crypt(16)}$${crypt(86)}:19000:0:99999:7:::`), 'daemon:*:19000:0:99999:7:::', 'nobody:!:19000::::::'],
    '.docker/config.json': ['{', '  "auths": {', '    "registry.acme.test": {', R(`      "auth": "${b64(`ci:${weak()}`)}"`), '    }', '  }', '}'],
    'keys/deploy.ppk': ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: none', 'Comment: deploy', 'Public-Lines: 2', rand('ABCDEFGHabcdefgh0123456789+/', 64), rand('ABCDEFGHabcdefgh0123456789+/', 20), 'Private-Lines: 1', R(rand('ABCDEFGHabcdefgh0123456789+/', 44)), `Private-MAC: ${hex(64)}`],
    'config/master.key': [R(hex(32))],
    'FileZilla/sitemanager.xml': ['<?xml version="1.0"?>', '<FileZilla3><Servers><Server>', '  <Host>ftp.acme.test</Host><User>deploy</User>', R(`  <Pass encoding="base64">${b64(weak())}</Pass>`), '</Server></Servers></FileZilla3>'],
    'WinSCP.ini': ['[Sessions\\deploy@acme]', 'HostName=ftp.acme.test', 'UserName=deploy', R(`Password=${rand('0123456789ABCDEF', 48)}`)],
    '.vscode/sftp.json': ['{', '  "host": "ftp.acme.test",', '  "username": "deploy",', R(`  "password": "${weak()}"`), '}'],
    '.s3cfg': ['[default]', R(`access_key = ${akia()}`), R(`secret_key = ${b62(40)}`), 'use_https = True'],
    '.pypirc': ['[pypi]', 'username = __token__', R(`password = pypi-${b62(60)}`)],
    '.my.cnf': ['[client]', 'user=app', R(`password="${weak()}"`)],
    '.npmrc': [R(`//registry.npmjs.org/:_authToken=npm_${b62(36)}`), R(`//npm.acme.test/:_auth=${b64(`deploy:${weak()}`)}`)],
    'db/dump.sql': ['-- MySQL dump', `INSERT INTO users VALUES (1,'ops@acme.test',`, R(`  '$2b$12$${crypt(53)}');`), R(`CREATE USER 'app'@'%' IDENTIFIED BY '${weak()}';`)],
    '.env.production': ['NODE_ENV=production', R(`DATABASE_URL=postgres://app:${b62(24)}@db.acme.test:5432/app`), R(`STRIPE_SECRET_KEY=${stripe()}`)],
    'config/database.yml': ['development:', "  password: <%= ENV['DB_PASSWORD'] %>", 'production:', R(`  password: ${b62(24)}`)],
    'config/secrets.yml': ['production:', R(`  secret_key_base: ${hex(128)}`)],
    'app/settings.py': ['DEBUG = False', R(`SECRET_KEY = '${punct(50)}'`)],
    'wp-config.php': ['<?php', R(`define('DB_PASSWORD', '${b62(24)}');`), R(`define('AUTH_KEY', '${punct(64)}');`)],
    'src/main/resources/application.properties': ['spring.datasource.url=jdbc:postgresql://db/app', R(`spring.datasource.password=${b62(24)}`)],
    'appsettings.json': ['{', '  "ConnectionStrings": {', R(`    "Default": "Server=db;Database=app;User Id=sa;Password=${b62(24)};"`), '  }', '}'],
    'web.config': ['<configuration><appSettings>', R(`  <add key="PaymentApiKey" value="${b62(32)}" />`), '</appSettings></configuration>'],
    'postman/prod.postman_environment.json': ['{ "name": "prod", "values": [', R(`  { "key": "password", "value": "${b62(8)}!${b62(9)}#", "type": "secret" },`), '  { "key": "base_url", "value": "https://api.acme.test" }', '] }'],
    'k8s/secret.yaml': ['apiVersion: v1', 'kind: Secret', 'stringData:', R(`  DB_PASSWORD: ${b62(24)}`)],
    'k8s/deployment.yaml': ['env:', '  - name: API_TOKEN', R(`    value: ${b62(32)}`), '  - name: LOG_LEVEL', '    value: info'],
    'infra/terraform.tfstate': ['{ "resources": [ { "instances": [ { "attributes": {', R(`  "password": "${b62(24)}",`), '  "username": "admin"', '} } ] } ] }'],
    'notebooks/explore.ipynb': ['{ "cells": [ { "source": [', R(`  "api_key = \\"${b62(32)}\\"\\n",`), '  "print(api_key)"', '] } ] }'],
    'docker-compose.yml': ['services:', '  db:', '    environment:', R(`      POSTGRES_PASSWORD: ${b62(24)}`)],
    '.aws/credentials': ['[default]', R(`aws_access_key_id = ${akia()}`), R(`aws_secret_access_key = ${b62(36)}/+${b62(2)}`)],
    '.ssh/id_ed25519': pem().map((l, i) => (i === 0 ? R(l) : l)),
    'ios/App/Config.plist': ['<dict>', '  <key>ApiToken</key>', R(`  <string>${b62(40)}</string>`), '</dict>'],
    '.msmtprc': ['account default', 'host smtp.acme.test', R(`password ${weak()}`)],
    'scripts/seed.js': [R(`const adminToken = "${jwtOf({ sub: 'admin', exp: past })}";`)],
    'src/config.js': [R(`export const stripeKey = '${stripe()}';`)],
    '.github/workflows/deploy.yml': ['jobs:', '  deploy:', '    env:', R(`      SLACK_WEBHOOK: https://hooks.slack.com/services/T${rand('ABCDEFGHJK0123456789', 8)}/B${rand('ABCDEFGHJK0123456789', 10)}/${b62(24)}`)],
    // Files that hold no risk.
    'README.md': ['# Acme ops', 'Set `DB_PASSWORD` in your `.env` (see `.env.example`), never in code.', 'Run `export API_TOKEN=$(vault read -field=token secret/ci)`.'],
    '.env.example': ['DB_PASSWORD=changeme', 'API_KEY=<your-api-key>', 'SESSION_SECRET=', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'],
    'k8s/sealed-secret.yaml': ['apiVersion: bitnami.com/v1alpha1', 'kind: SealedSecret', 'spec:', '  encryptedData:', `    DB_PASSWORD: Ag${b62(150)}==`],
    'secrets.enc.yaml': [`db_password: ENC[AES256_GCM,data:${b62(24)},iv:${b62(43)}=,tag:${b62(22)}==,type:str]`, 'sops:', '    version: 3.9.0'],
    'src/keyboard.json': ['{ "toggle_key": "ctrl+shift+f12", "sort_key": "created_at:desc" }'],
    'src/auth.ts': ['export async function login(user: User) {', '  const token = await getToken(user);', '  const password = req.body.password;', '  return { token, passwordHint: "Use 12 characters or more" };', '}'],
    'src/strings.ts': ["t('password', 'Your password is too short, try again');", "define('AUTH_KEY', 'put your unique phrase here');"],
    'node_modules/stripe-mock/fixtures.js': [`module.exports = { key: '${stripe()}' };`],
    'package.json': ['{ "name": "acme-ops", "scripts": { "start": "node index.js" } }'],
  };
}

export async function buildLeakFixture(root: string): Promise<LeakFixture> {
  const risky: string[] = [];
  const clean: string[] = [];
  let count = 0;
  for (const [rel, lines] of Object.entries(files())) {
    const text = lines.map((l) => (typeof l === 'string' ? l : l.risky)).join('\n') + '\n';
    const marks = lines.flatMap((l, i) => (typeof l === 'string' ? [] : [`${rel}:${i + 1}`]));
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
    count++;
    // Third-party trees are not scanned: what sits there is not the project's risk to report.
    if (rel.startsWith('node_modules/')) continue;
    if (marks.length) risky.push(...marks);
    else clean.push(rel);
  }
  // A backup archive: the key inside is committed all the same.
  const pack = tarStream.pack();
  pack.entry({ name: 'app/.env' }, `NODE_ENV=production\nSENDGRID_API_KEY=SG.${b62(22)}.${b62(43)}\n`);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  await writeFile(path.join(root, 'backup.tar.gz'), gzipSync(Buffer.concat(chunks)));
  risky.push('backup.tar.gz!/backup.tar!/app/.env:2');
  count++;
  return { root, files: count, risky, clean };
}

/** Recall over risky lines and the false alarms: findings on no risky line, and clean files flagged. */
export function scoreLeaks(fx: LeakFixture, findings: readonly { path: string; line: number }[]) {
  const found = new Set(findings.map((f) => `${f.path}:${f.line}`));
  const missed = fx.risky.filter((r) => !found.has(r));
  const riskySet = new Set(fx.risky);
  const falseAlarms = [...found].filter((f) => !riskySet.has(f));
  const cleanFlagged = fx.clean.filter((c) => findings.some((f) => f.path === c));
  return { riskyLines: fx.risky.length, found: fx.risky.length - missed.length, recall: (fx.risky.length - missed.length) / fx.risky.length, missed, falseAlarms, cleanFlagged };
}
