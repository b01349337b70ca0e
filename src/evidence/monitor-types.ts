// Evidence for stage 5 (monitoring and alerting): what `launchready monitor`
// would watch and whom it would tell, read from the config, plus a sample of
// the app's logs checked for secrets and personal data. Values are masked.
import type { FlagKind } from '../monitor/logs/flagger.js';

export interface MonitoringEvidence {
  /** The config has a monitor: section (without one, only the generated defaults exist). */
  configured: boolean;
  /** What each launch-critical target should be and which check covers it. */
  targets: { covers: 'home' | 'login' | 'health'; expectedUrl?: string; coveredBy?: string; url?: string }[];
  checks: { name: string; url: string; covers?: string; origin: 'config' | 'default'; conditions: string[] }[];
  channels: { name: string; type: 'email' | 'slack' | 'webhook' }[];
  /** severity → channel names that exist. */
  routes: Record<'critical' | 'warning' | 'info', string[]>;
  logs: {
    files: { path: string; readable: boolean; error?: string; linesSampled: number; bytesSampled: number; jsonLines: number }[];
    flags: {
      file: string;
      kind: FlagKind;
      path: string;
      redactPath: string;
      count: number;
      example: { masked: string; fingerprint: string; line?: number };
    }[];
    /** pino `redact` paths that would remove every flagged field. */
    redactPaths: string[];
  };
}
