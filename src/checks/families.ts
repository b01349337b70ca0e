// A check's family is the folder its file lives in (access, edge, mail…).
// Read from the folders this module runs beside (src/checks or dist/checks),
// so a new check or family needs no table to be kept in step.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let families: Map<string, string> | undefined;

/** Check id → family. */
export function checkFamilies(): Map<string, string> {
  if (families) return families;
  const root = fileURLToPath(new URL('./', import.meta.url));
  families = new Map();
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'support') continue;
    for (const file of readdirSync(`${root}${dir.name}`)) {
      const m = /^([a-z0-9-]+)\.(ts|js)$/.exec(file);
      if (m) families.set(m[1]!, dir.name);
    }
  }
  return families;
}
