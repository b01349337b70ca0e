// A deploy that lives only in someone's shell history cannot be repeated by
// the next person, reviewed, or rolled back in a hurry. Informational: some
// teams deploy from a platform dashboard that leaves nothing in the repo.
import { codeOf, isOutcome } from '../support/repo.js';
import { defineCheck } from '../types.js';

export default defineCheck({
  meta: {
    id: 'no-deployment-pipeline',
    stage: 4,
    title: 'The repository describes how it is deployed',
    failureTitle: 'No deployment pipeline or platform config in the repository',
    severity: 'info',
    minimumBar: 'Production is deployed the same way every time, by a pipeline someone else can run.',
    remediation:
      'Commit the deployment: a CI workflow (e.g. .github/workflows/deploy.yml) that builds, migrates and deploys from the main branch, or the platform manifest (fly.toml, render.yaml, vercel.json, Procfile, Dockerfile).',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    if (code.pipelines.length) {
      const names = [...new Set(code.pipelines.map((p) => p.name))];
      return { status: 'pass', reason: `${names.join(', ')}: ${code.pipelines.map((p) => p.path).join(', ')}` };
    }
    return {
      status: 'fail',
      findings: [
        {
          title: 'No CI workflow, platform manifest or Dockerfile found',
          detail: `None of .github/workflows, .gitlab-ci.yml, Procfile, fly.toml, render.yaml, vercel.json, netlify.toml or a Dockerfile is in the repository (${repo.files.length} files listed). Deploys are probably done by hand.`,
          evidence: [{ kind: 'text', summary: 'Looked for CI workflows, platform manifests and container builds at the repository root' }],
          reproduction: 'ls -a .github/workflows .gitlab-ci.yml Procfile fly.toml render.yaml vercel.json netlify.toml Dockerfile',
          identity: ['no-pipeline'],
        },
      ],
    };
  },
});
