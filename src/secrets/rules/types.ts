// A secret rule is data, not code: the engine compiles every rule the same
// way (keywords into one keyword pass, the regex with re2js or, when it is
// provably backtrack-safe, V8's RegExp), so a new provider is one object and its corpus cases, never a new code path.
import type { Severity } from '../../report/model.js';
import type { ValidatorId } from '../validators.js';

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
  | 'credential-file'
  | 'password-hash'
  | 'generic';

export interface SecretRule {
  id: string;
  description: string;
  category: SecretCategory;
  /**
   * RE2 syntax (inline flags such as `(?i)` allowed). The secret is the group
   * named `secret`, else the first group whose name starts with `secret` that
   * took part in the match (alternatives such as quoted and unquoted values
   * each have their own), else group 1, else the whole match.
   */
  regex: string;
  /**
   * Lower-case ASCII literals of 3+ characters; the rule runs on a chunk only
   * near one of them. Empty for a rule that reads a whole file of a known
   * format (it must then have `paths`).
   */
  keywords: readonly string[];
  /** Decode the value to confirm it (drop it, or lower its severity with a note): see validators.ts. */
  validate?: ValidatorId;
  /**
   * A format that exists to hold credentials (.netrc, .pgpass, FileZilla):
   * any value but a template reference is a finding, however weak or short,
   * so entropy and stand-in words are not checked.
   */
  credentialFormat?: boolean;
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
    /** Drop readable compound values: words joined by `+ . : _ -` or spaces (`ctrl+shift+f12`). */
    readable?: boolean;
    /** Regex (JavaScript, case-insensitive) on the matched text before the secret (the name, for assignments) that marks it as not one, such as a public key's name. */
    before?: string;
    /** Regexes (JavaScript) that mark an unquoted value (group `secretuq`) as code rather than a secret. */
    unquotedCode?: readonly string[];
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
