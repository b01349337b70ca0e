// The GitLab CI pipeline (.gitlab-ci.yml). Shape per GitLab's CI/CD YAML
// syntax; validated in the tests against GitLab's ci.json schema. GitLab has
// no SARIF ingestion, so the SARIF is kept as an exposed artifact and the
// JUnit report feeds the merge-request test tab. The rollback job needs the
// smoke job and runs `when: on_failure`: only a failed smoke check (or
// deploy) starts it, never a failed test.
import { stringify } from 'yaml';
import { LAUNCHREADY_DEFAULT, REPORT_DIR, SMOKE_DIR, commands, headerNotes, type CiOptions } from './plan.js';

export const GITLAB_PATH = '.gitlab-ci.yml';

export function gitlabPipeline(o: CiOptions): string {
  const c = commands(o);
  const onBranch = { if: `$CI_COMMIT_BRANCH == "${o.branch}"` };
  const pipeline = {
    stages: ['test', 'audit', 'deploy', 'verify', 'rollback'],
    variables: { LAUNCHREADY: LAUNCHREADY_DEFAULT, GIT_DEPTH: '0' },
    default: { image: `node:${o.nodeVersion}`, cache: { key: { files: ['package-lock.json'] }, paths: ['.npm/'] } },
    test: {
      stage: 'test',
      script: [`${c.install} --cache .npm --prefer-offline`, ...(c.test ? [c.test] : []), c.scan('$CI_COMMIT_BEFORE_SHA')],
    },
    'audit-staging': {
      stage: 'audit',
      needs: ['test'],
      script: [c.audit],
      artifacts: {
        when: 'always',
        expose_as: 'launchready report',
        paths: [`${REPORT_DIR}/`],
        reports: { junit: `${REPORT_DIR}/report.junit.xml` },
      },
    },
    deploy: {
      stage: 'deploy',
      needs: ['audit-staging'],
      environment: { name: o.production },
      rules: [onBranch],
      script: [c.deploy],
    },
    smoke: {
      stage: 'verify',
      needs: ['deploy'],
      rules: [onBranch],
      script: [c.smoke],
      artifacts: { when: 'always', paths: [`${SMOKE_DIR}/`] },
    },
    rollback: {
      stage: 'rollback',
      needs: ['smoke'],
      environment: { name: o.production },
      rules: [{ ...onBranch, when: 'on_failure' }],
      script: [c.rollback],
    },
  };
  return `${HEADER(o)}${stringify(pipeline, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

const HEADER = (o: CiOptions): string =>
  [
    '# Written by `launchready ci --provider gitlab`: one deployment path.',
    '# test → secret scan of the pushed range → audit of staging (exit code gates the deploy;',
    '# SARIF and JUnit kept as artifacts) → deploy → read-only smoke check of production →',
    '# rollback when the smoke check fails.',
    ...headerNotes(o),
    ...(o.envRefs.length ? [`# Add these CI/CD variables (masked; launchready.yml reads them): ${o.envRefs.join(', ')}.`] : []),
    ...(!o.deploy || !o.rollback ? ['# Commands marked LAUNCHREADY-PLACEHOLDER fail until you rerun launchready ci with --deploy and --rollback.'] : []),
    '',
  ].join('\n');
