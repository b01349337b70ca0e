// The tool's version, read from package.json so it is written in one place.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository / package root: the nearest folder above this file with a package.json. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(path.join(dir, 'package.json'));
      return dir;
    } catch {
      const up = path.dirname(dir);
      if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
      dir = up;
    }
  }
}

export const VERSION: string = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
