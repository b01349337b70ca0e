// Files that show how the app reaches production: CI workflows, platform
// manifests, container builds. Their presence is the signal; their content is
// not judged here.
import type { PipelineFile } from '../hygiene-types.js';

const PIPELINES: { re: RegExp; kind: PipelineFile['kind']; name: string }[] = [
  { re: /^\.github\/workflows\/[^/]+\.ya?ml$/, kind: 'ci', name: 'GitHub Actions' },
  { re: /^\.gitlab-ci\.ya?ml$/, kind: 'ci', name: 'GitLab CI' },
  { re: /^\.circleci\/config\.ya?ml$/, kind: 'ci', name: 'CircleCI' },
  { re: /^Jenkinsfile$/, kind: 'ci', name: 'Jenkins' },
  { re: /^bitbucket-pipelines\.ya?ml$/, kind: 'ci', name: 'Bitbucket Pipelines' },
  { re: /^azure-pipelines\.ya?ml$/, kind: 'ci', name: 'Azure Pipelines' },
  { re: /^\.buildkite\/[^/]+\.ya?ml$/, kind: 'ci', name: 'Buildkite' },
  { re: /^\.drone\.ya?ml$/, kind: 'ci', name: 'Drone' },
  { re: /^\.travis\.ya?ml$/, kind: 'ci', name: 'Travis CI' },
  { re: /^\.woodpecker(\.ya?ml|\/[^/]+\.ya?ml)$/, kind: 'ci', name: 'Woodpecker' },
  { re: /^cloudbuild\.ya?ml$/, kind: 'ci', name: 'Google Cloud Build' },
  { re: /^buildspec\.ya?ml$/, kind: 'ci', name: 'AWS CodeBuild' },
  { re: /^Procfile$/, kind: 'platform', name: 'Procfile (Heroku-style)' },
  { re: /^app\.json$/, kind: 'platform', name: 'Heroku app.json' },
  { re: /^fly\.toml$/, kind: 'platform', name: 'Fly.io' },
  { re: /^render\.ya?ml$/, kind: 'platform', name: 'Render' },
  { re: /^vercel\.json$/, kind: 'platform', name: 'Vercel' },
  { re: /^netlify\.toml$/, kind: 'platform', name: 'Netlify' },
  { re: /^railway\.(json|toml)$/, kind: 'platform', name: 'Railway' },
  { re: /^app\.ya?ml$/, kind: 'platform', name: 'Google App Engine' },
  { re: /^\.platform\.app\.yaml$/, kind: 'platform', name: 'Platform.sh' },
  { re: /^serverless\.ya?ml$/, kind: 'platform', name: 'Serverless Framework' },
  { re: /^amplify\.ya?ml$/, kind: 'platform', name: 'AWS Amplify' },
  { re: /^wrangler\.(toml|jsonc?)$/, kind: 'platform', name: 'Cloudflare Workers' },
  { re: /^\.do\/app\.ya?ml$/, kind: 'platform', name: 'DigitalOcean App Platform' },
  { re: /^(.*\/)?Dockerfile(\.[\w-]+)?$/, kind: 'container', name: 'Dockerfile' },
  { re: /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/, kind: 'container', name: 'Docker Compose' },
];

export function pipelineOf(p: string): PipelineFile | undefined {
  for (const d of PIPELINES) if (d.re.test(p)) return { path: p, kind: d.kind, name: d.name };
  return undefined;
}
