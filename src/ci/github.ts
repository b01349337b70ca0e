// The GitHub Actions workflow (.github/workflows/launchready.yml). Shape per
// GitHub's workflow syntax; validated in the tests against SchemaStore's
// github-workflow.json. The audit's exit code is kept in a step output so the
// SARIF upload runs first and the gate decides after it.
import { stringify } from 'yaml';
import { LAUNCHREADY_DEFAULT, REPORT_DIR, SMOKE_DIR, commands, headerNotes, smokeScope, type CiOptions } from './plan.js';

export const GITHUB_PATH = '.github/workflows/launchready.yml';

export function githubWorkflow(o: CiOptions): string {
  const c = commands(o);
  const setup = [
    { name: 'Check out (full history, for the secret scan of the pushed range)', uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
    { name: 'Set up Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': o.nodeVersion, cache: 'npm' } },
    { name: 'Install', run: c.install },
  ];
  const secrets = Object.fromEntries(o.envRefs.map((n) => [n, `\${{ secrets.${n} }}`]));
  const workflow = {
    name: 'launchready',
    on: { push: { branches: [o.branch] }, pull_request: { branches: [o.branch] } },
    permissions: { contents: 'read' },
    concurrency: { group: 'launchready-${{ github.ref }}', 'cancel-in-progress': false },
    env: { LAUNCHREADY: LAUNCHREADY_DEFAULT },
    jobs: {
      test: {
        name: c.test ? 'Install, test, scan for secrets' : 'Install, scan for secrets',
        'runs-on': 'ubuntu-latest',
        steps: [
          ...setup,
          ...(c.test ? [{ name: 'Test', run: c.test }] : []),
          {
            name: 'Scan the pushed commits for secrets',
            env: { BEFORE: '${{ github.event.before || github.event.pull_request.base.sha }}' },
            run: c.scan('$BEFORE'),
          },
        ],
      },
      'audit-staging': {
        name: `Audit ${o.staging}${o.gateReadOnly ? ' (read-only)' : ''}`,
        needs: 'test',
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', 'security-events': 'write' },
        steps: [
          ...setup,
          {
            name: `Audit ${o.staging}${o.gateReadOnly ? ' (read-only)' : ''}`,
            id: 'audit',
            ...(o.envRefs.length ? { env: secrets } : {}),
            // The exit code is the gate; keep it for after the upload.
            run: `set +e\n${c.audit}\necho "exit-code=$?" >> "$GITHUB_OUTPUT"`,
          },
          {
            name: 'Upload SARIF to code scanning',
            if: '${{ always() && hashFiles(\'launchready-report/report.sarif\') != \'\' }}',
            uses: 'github/codeql-action/upload-sarif@v3',
            with: { sarif_file: `${REPORT_DIR}/report.sarif`, category: 'launchready' },
          },
          {
            name: 'Keep the reports',
            if: '${{ always() }}',
            uses: 'actions/upload-artifact@v4',
            with: { name: 'launchready-report', path: REPORT_DIR },
          },
          {
            name: 'Gate: 0 ready, 1 fix first, 4 not verified',
            env: { AUDIT_EXIT: '${{ steps.audit.outputs.exit-code }}' },
            run: 'exit "${AUDIT_EXIT:-3}"',
          },
        ],
      },
      deploy: {
        name: `Deploy to ${o.production}, smoke-check, roll back on failure`,
        needs: 'audit-staging',
        if: `\${{ github.event_name == 'push' && github.ref == 'refs/heads/${o.branch}' }}`,
        'runs-on': 'ubuntu-latest',
        environment: o.production,
        steps: [
          ...setup,
          { name: o.deploy ? 'Deploy' : 'Deploy (PLACEHOLDER: rerun launchready ci --deploy "…")', id: 'deploy', run: c.deploy },
          {
            name: `Smoke check ${o.production} (${smokeScope(o)})`,
            id: 'smoke',
            ...(o.envRefs.length ? { env: secrets } : {}),
            run: c.smoke,
          },
          {
            name: o.rollback ? 'Roll back' : 'Roll back (PLACEHOLDER: rerun launchready ci --rollback "…")',
            if: "${{ failure() && steps.smoke.outcome == 'failure' }}",
            run: c.rollback,
          },
          {
            name: 'Keep the smoke report',
            if: '${{ always() }}',
            uses: 'actions/upload-artifact@v4',
            with: { name: 'launchready-smoke', path: SMOKE_DIR },
          },
        ],
      },
    },
  };
  return `${HEADER(o)}${stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

const HEADER = (o: CiOptions): string =>
  [
    '# Written by `launchready ci --provider github`: one deployment path.',
    '# test → secret scan of the pushed range → audit of staging (SARIF to code scanning; the',
    '# exit code gates the deploy) → deploy → read-only smoke check of production → rollback',
    '# when the smoke check fails.',
    ...headerNotes(o),
    ...(o.envRefs.length ? [`# Add these repository secrets (launchready.yml reads them): ${o.envRefs.join(', ')}.`] : []),
    ...(!o.deploy || !o.rollback ? ['# Steps marked PLACEHOLDER fail until you rerun launchready ci with --deploy and --rollback.'] : []),
    '',
  ].join('\n');
