// A secret rule is data, not code: the engine compiles every rule the same
// way (keywords into one keyword pass, the regex with re2js or, when it is
// provably backtrack-safe, V8's RegExp), so a new provider is one object and its corpus cases, never a new code path.
import type { Severity } from '../../report/model.js';

export type SecretCategory =
  | 'url-credentials'
  | 'private-key'
  | 'jwt'
  | 'cloud'
  | 'payment'
  | 'webhook'
  | 'source-hosting'
  | 'email'
  | 'ai'
  | 'chat'
  | 'saas'
  | 'generic';

export interface SecretRule {
  id: string;
  description: string;
  category: SecretCategory;
  /** RE2 syntax (inline flags such as `(?i)` allowed). The secret is the group named `secret`, else group 1, else the whole match. */
  regex: string;
  /** Lower-case ASCII literals of 3+ characters; the rule runs on a chunk only near one of them. */
  keywords: readonly string[];
  /**
   * Run the regex on V8's RegExp instead of re2js (much faster). Allowed only
   * for patterns with bounded quantifiers, no repeated groups and no optional
   * alternations; the engine refuses the rule otherwise (see native-regex.ts).
   * Say in a comment on the rule why its pattern qualifies.
   */
  backtrackSafe?: boolean;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  minEntropy?: number;
  /** Regex on the file path: the rule runs only on matching paths. */
  paths?: string;
  allow?: {
    /** Regexes on the file path where the rule never reports. */
    paths?: readonly string[];
    /** Regexes (JavaScript syntax; they only ever see the short secret) that mark it as not a secret. */
    regexes?: readonly string[];
    /** Lower-case substrings of the secret that mark it as a placeholder. */
    stopwords?: readonly string[];
    /** Lower-case values that are stand-ins when they are the whole secret. */
    values?: readonly string[];
  };
  severity: Severity;
  /** Payment keys: regexes on the secret telling live mode from test mode. */
  modes?: { live?: string; test?: string };
  /** Characters searched after a keyword hit (default 320) and before it (default 160). */
  after?: number;
  before?: number;
  /** The match never spans lines: windows are clipped to the keyword's line. */
  lineBounded?: boolean;
  /**
   * A cheap check (JavaScript regex, anchored at the keyword's end, run on at
   * most 48 characters so it cannot backtrack far) that must pass before the
   * rule's regex runs: e.g. "an assignment operator follows".
   */
  near?: string;
  /** A catch-all rule: dropped where a specific rule found the same secret. */
  generic?: boolean;
}
