// An env file in git is a secret in git: everyone with read access to the
// repository (and every fork, CI cache and laptop) has the values, and
// deleting the file later leaves them in history. Example files that hold
// only placeholders are meant to be committed.
import { EXAMPLE_ENV_RE } from '../../evidence/gatherers/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const SECRET_KEY = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|DATABASE_URL|_DSN$|_URL$/i;

export default defineCheck({
  meta: {
    id: 'env-file-committed',
    stage: 4,
    title: 'No env file with values is committed',
    failureTitle: 'An env file with values is committed to git',
    severity: 'critical',
    minimumBar: 'Secrets are never stored in code.',
    remediation:
      'Remove the file from git (`git rm --cached FILE`), add it to .gitignore, commit only a `.env.example` with placeholders, and rotate every value it held: they stay in the history.',
    requires: ['repo'],
  },
  run({ repo }) {
    if (!repo.isGit) return { status: 'not-applicable', reason: `${repo.root} is not a git repository` };
    const findings: FindingInput[] = [];
    for (const f of repo.envFiles) {
      if (!f.tracked) continue;
      const base = f.path.split('/').pop() ?? f.path;
      const withValues = f.entries.filter((e) => !e.empty);
      if (EXAMPLE_ENV_RE.test(base) || withValues.length === 0) continue;
      const secretLike = withValues.filter((e) => SECRET_KEY.test(e.key));
      findings.push({
        title: `${f.path} is committed with ${withValues.length} values${secretLike.length ? `, ${secretLike.length} of them secrets` : ''}`,
        severity: secretLike.length ? 'critical' : 'medium',
        detail: `Everyone who can read the repository can read these values, and they stay in git history after the file is deleted. Keys: ${withValues.map((e) => e.key).join(', ')}.`,
        evidence: [
          {
            kind: 'file',
            summary: `${f.path} is tracked by git`,
            excerpt: withValues.map((e) => `${f.path}:${e.line}  ${e.key}=${e.masked}  (${e.fingerprint})`).join('\n'),
          },
        ],
        reproduction: `git ls-files --error-unmatch ${f.path}`,
        location: { path: f.path, line: withValues[0]?.line },
        identity: [f.path],
      });
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `${repo.envFiles.length} env files found, none committed with values` };
  },
});
