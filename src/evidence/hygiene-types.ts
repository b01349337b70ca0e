// Evidence for the deployment hygiene checks (stage 4 and the stage 7 env-var
// inventory): what env values are, without their secret content, and what the
// source code reads and does. Every excerpt here is masked at the source.
import type { AiFeatureSignal } from './ai-types.js';

export type EnvTier = 'production' | 'staging' | 'development' | 'test' | 'example' | 'unknown';

export interface EnvValueHints {
  /** A payment-style test-mode key (sk_test_…, pk_test_…, rk_test_…). */
  testModeKey?: boolean;
  /** A payment-style live-mode key (sk_live_…). */
  liveModeKey?: boolean;
  /** A well-known weak or default password (admin, password123, changeme…), or one inside a URL. */
  weakPassword?: boolean;
  /** A placeholder rather than a value (changeme, xxx, <your-key>, ${VAR}). */
  placeholder?: boolean;
  /** The value is a URL; its host is not secret and lets checks see where it points. */
  urlHost?: string;
  /** The value is a URL carrying a password in its userinfo. */
  urlHasPassword?: boolean;
  /** The value is one of true/1/yes/on. */
  truthy?: boolean;
  /** The value is one of false/0/no/off. */
  falsy?: boolean;
}

export type EnvReadSyntax = 'process.env' | 'import.meta.env' | 'destructuring' | 'python' | 'deno';

export interface EnvRead {
  name: string;
  path: string;
  line: number;
  syntax: EnvReadSyntax;
  /** The code supplies a fallback (`|| 3000`, `?? 'x'`, a destructuring default, getenv's second argument). */
  hasDefault: boolean;
}

export type CodeHitKind = 'debug' | 'tls-off' | 'cors-wildcard-credentials' | 'secret-logged';

export interface CodeHit {
  kind: CodeHitKind;
  /** Which pattern matched, e.g. `reject-unauthorized-false`. */
  rule: string;
  path: string;
  line: number;
  /** The line, trimmed, cut to 200 characters, credential-looking strings masked. */
  excerpt: string;
  /** The line makes the behaviour depend on a flag (`debug ? … : …`, `if (isDev)`), so configuration decides. */
  conditional?: boolean;
  /** For cors: the origin setting reflects any origin (`origin: true`) rather than the literal `*`. */
  reflectsOrigin?: boolean;
}

export interface DestructiveStatement {
  line: number;
  /** DROP TABLE, DROP COLUMN, TRUNCATE, DELETE without WHERE… */
  statement: string;
  excerpt: string;
}

export interface Migration {
  path: string;
  /** The file is itself a down/rollback migration. */
  isDown: boolean;
  /** A way back exists: a down section in the file, or a sibling down file. */
  hasDown: boolean;
  /** Where the down path is (the file itself or the sibling). */
  downPath?: string;
  /** Destructive statements on the forward (up) path only. */
  destructive: DestructiveStatement[];
}

export interface PipelineFile {
  path: string;
  kind: 'ci' | 'platform' | 'container';
  /** e.g. "GitHub Actions", "Fly.io". */
  name: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface CodeEvidence {
  filesScanned: number;
  bytesScanned: number;
  envReads: EnvRead[];
  hits: CodeHit[];
  migrations: Migration[];
  pipelines: PipelineFile[];
  /** Files not read and why (binary, too large, unreadable). Tests and vendored code are not listed. */
  skipped: SkippedFile[];
  /** The file limit was reached; later files were not read. */
  truncated: boolean;
  /** Imports of an AI SDK (issue 16: AI features found, not assumed). */
  aiImports?: AiFeatureSignal[];
}

export interface EnvVarSetting {
  file: string;
  tier: EnvTier;
  environments: string[];
  empty: boolean;
}

export interface EnvVarInventoryEntry {
  name: string;
  /** Where the code reads it (first 20). */
  reads: { path: string; line: number }[];
  hasDefault: boolean;
  /** Env files that set it. */
  setIn: EnvVarSetting[];
  /** Provided by the platform or framework (PORT, NODE_ENV, Vite's MODE…): not expected in env files. */
  platform: boolean;
}
