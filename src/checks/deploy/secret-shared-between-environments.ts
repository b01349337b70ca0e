// A secret that production shares with staging or a developer's machine is
// only as safe as the least guarded of them: staging is where debug flags,
// wide access and copied databases live. Values are compared by fingerprint
// only; the values themselves never enter evidence.
import type { EnvEntry, EnvFile } from '../../evidence/types.js';
import { envLine, filesOfTier, NO_PRODUCTION_FILES, tierOf } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const comparable = (e: EnvEntry): boolean => !e.empty && e.secret === true && !e.hints?.placeholder && e.fingerprint !== '';

export default defineCheck({
  meta: {
    id: 'secret-shared-between-environments',
    stage: 4,
    title: 'Production secrets are not reused in other environments',
    failureTitle: 'A production secret is reused in another environment',
    severity: 'high',
    minimumBar: 'Production and staging are separated: separate databases, keys and secrets.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Generate a separate value for each environment (new session secret, new API key from the provider for staging/test mode), deploy production with its own value, and rotate the production value: it has been readable wherever the other copy lives.',
    requires: ['repo'],
  },
  run({ repo }) {
    const production = filesOfTier(repo, 'production');
    if (production.length === 0) return { status: 'not-tested', reason: NO_PRODUCTION_FILES };
    const others = filesOfTier(repo, 'staging', 'development', 'test', 'unknown');
    if (others.length === 0) return { status: 'not-tested', reason: 'no staging, development or test env file to compare production with' };
    const findings: FindingInput[] = [];
    for (const prod of production) {
      for (const pe of prod.entries.filter(comparable)) {
        for (const other of others) {
          const oe = other.entries.find((e) => comparable(e) && e.fingerprint === pe.fingerprint);
          if (oe) findings.push(finding(prod, pe, other, oe));
        }
      }
    }
    const compared = production.reduce((n, f) => n + f.entries.filter(comparable).length, 0);
    return findings.length
      ? { status: 'fail', findings }
      : { status: 'pass', reason: `${compared} production secrets compared with ${others.map((f) => f.path).join(', ')}: none shared` };
  },
});

function finding(prod: EnvFile, pe: EnvEntry, other: EnvFile, oe: EnvEntry): FindingInput {
  const otherName = other.environments?.length ? other.environments.join('/') : tierOf(other);
  return {
    title: `${pe.key} in ${prod.path} has the same value as ${oe.key} in ${other.path} (${otherName})`,
    detail: `Anyone with access to the ${otherName} environment (its servers, logs, CI, or ${other.tracked ? 'the git repository, where the file is committed' : 'the machines holding that file'}) holds the production ${pe.key}.`,
    evidence: [
      {
        kind: 'file',
        summary: `Same fingerprint ${pe.fingerprint} in both files`,
        excerpt: [envLine(prod, pe), envLine(other, oe)].join('\n'),
      },
    ],
    // Compares hashes so the command never prints the secret.
    reproduction: `diff <(grep '^${pe.key}=' ${prod.path} | cut -d= -f2- | sha256sum) <(grep '^${oe.key}=' ${other.path} | cut -d= -f2- | sha256sum) && echo same`,
    location: { path: prod.path, line: pe.line },
    identity: [prod.path, pe.key, other.path],
  };
}
