// Evidence for the handover document, the release checklist and the SARIF
// locations of URL findings: what the config says about people, rollback and
// monitoring, and the line of the config that declares each URL and host.
// Saved with the rest of the evidence so an offline replay needs no config.
import type { ConfigDeclaration } from '../report/model.js';

export interface HandoverEvidence {
  /** The config file: relative to the repository root when inside it, else an absolute file:// URI. */
  configUri?: string;
  /** Lines of the config declaring URLs, hosts, the repository, monitoring and handover sections. */
  declarations: ConfigDeclaration[];
  /** config.handover, as written (names and people; never values). */
  envVars: { name: string; owner: string; rotation?: string }[];
  alertRecipients: string[];
  rollback: string[];
  environments: { name: string; appUrl?: string; apiUrl?: string; envFiles: string[]; allowWrites: boolean }[];
  /** The audited environment. */
  target: string;
  mailDomain?: string;
  dkimSelectors: string[];
  /** "system" or HOST:PORT of the resolver the audit used (for dig commands). */
  dnsServer: string;
  healthPath: string;
  loginPath: string;
  monitor: {
    configured: boolean;
    /** Where `launchready monitor` serves its dashboard, when enabled. */
    dashboardUrl?: string;
    /** Whether the app's logs are tailed (bounces, webhook retries and errors come from them). */
    logs: number;
  };
}
