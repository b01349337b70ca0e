// The environments half of the report's map of domains and environments (the
// domains half comes from the edge gatherer's DNS map: edge/dns-map.ts).
import type { LaunchConfig } from '../../config/schema.js';
import type { EnvironmentMapEntry } from '../../report/model.js';

export function environmentMap(config: LaunchConfig, target: string): EnvironmentMapEntry[] {
  return Object.entries(config.environments).map(([name, env]) => ({
    name,
    appUrl: env.appUrl,
    apiUrl: env.apiUrl ?? env.appUrl,
    allowWrites: env.allowWrites,
    envFiles: env.envFiles,
    audited: name === target,
  }));
}
