// Other SaaS tokens with a recognisable prefix (the ones secretlint's
// recommended preset also knows, so launchready finds at least as much).
import type { SecretRule } from './types.js';

function prefixed(id: string, description: string, pattern: string, keywords: string[], after = 120): SecretRule {
  // Backtrack-safe: every pattern below is a literal prefix (or an alternation
  // of them, never optional or repeated) followed by bounded classes.
  return { id, description, category: 'saas', regex: String.raw`\b(?P<secret>${pattern})`, keywords, severity: 'high', minEntropy: 3.0, before: 0, after, backtrackSafe: true };
}

export const SAAS_RULES: SecretRule[] = [
  prefixed('shopify-token', 'Shopify access token or shared secret', String.raw`shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}\b`, ['shpat_', 'shpca_', 'shppa_', 'shpss_']),
  prefixed('linear-api-key', 'Linear API key', String.raw`lin_api_[0-9A-Za-z]{40}\b`, ['lin_api_']),
  prefixed('notion-token', 'Notion integration token', String.raw`(?:ntn_[0-9A-Za-z]{46}|secret_[0-9A-Za-z]{43})\b`, ['ntn_', 'secret_']),
  prefixed('vercel-token', 'Vercel access token', String.raw`vc[pki]_[0-9A-Za-z]{56}\b`, ['vcp_', 'vck_', 'vci_']),
  prefixed('hashicorp-vault-token', 'HashiCorp Vault service or batch token', String.raw`hv[sb]\.[0-9A-Za-z_-]{90,120}`, ['hvs.', 'hvb.']),
  prefixed('grafana-token', 'Grafana service-account or cloud token', String.raw`(?:glsa_[0-9A-Za-z]{32}_[0-9a-f]{8}|glc_[0-9A-Za-z+/=]{32,400})`, ['glsa_', 'glc_'], 420),
  prefixed('databricks-token', 'Databricks personal access token', String.raw`dapi[0-9a-f]{32}(?:-\d)?\b`, ['dapi']),
  prefixed('figma-token', 'Figma personal access token', String.raw`figd_[0-9A-Za-z_-]{40}\b`, ['figd_']),
  prefixed('onepassword-service-token', '1Password service-account token', String.raw`ops_eyJ[0-9A-Za-z+/=_-]{100,1000}`, ['ops_eyj'], 1100),
];
