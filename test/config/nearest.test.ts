import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { nearestConfig } from '../../src/config/nearest.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lr-nearest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const problem = (file: string): string => {
  try {
    loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues[0]!.message;
    throw err;
  }
  throw new Error('loaded');
};

describe('a missing config names the folder searched and the nearest match', () => {
  it('offers the other extension in the same folder', async () => {
    await writeFile(path.join(dir, 'launchready.yml'), 'x: 1\n');
    const msg = problem(path.join(dir, 'launchready.yaml'));
    expect(msg).toContain(`file not found in ${dir}`);
    expect(msg).toContain('did you mean launchready.yml?');
  });

  it('offers a near-miss name before a config in another folder', async () => {
    await writeFile(path.join(dir, 'launch-ready.yml'), 'x: 1\n');
    await mkdir(path.join(dir, 'ops'));
    await writeFile(path.join(dir, 'ops', 'launchready.yml'), 'x: 1\n');
    expect(nearestConfig(path.join(dir, 'launchready.yml'))).toBe('launch-ready.yml');
  });

  it('finds the config one folder up, or one folder down', async () => {
    await mkdir(path.join(dir, 'app', 'web'), { recursive: true });
    await writeFile(path.join(dir, 'launchready.yml'), 'x: 1\n');
    expect(nearestConfig(path.join(dir, 'app', 'launchready.yml'))).toBe(path.join('..', 'launchready.yml'));
    await writeFile(path.join(dir, 'app', 'web', 'launchready.json'), '{}');
    expect(nearestConfig(path.join(dir, 'app', 'launchready.yml'))).toBe(path.join('..', 'launchready.yml'));
    await rm(path.join(dir, 'launchready.yml'));
    expect(nearestConfig(path.join(dir, 'app', 'launchready.yml'))).toBe(path.join('web', 'launchready.json'));
  });

  it('says how to make one when nothing is close', async () => {
    // One level down in our own folder, so nothing in the system's temp folder is "one folder up".
    const app = path.join(dir, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), '{}');
    const msg = problem(path.join(app, 'launchready.yml'));
    expect(msg).toBe(`${path.join(app, 'launchready.yml')} — file not found in ${app}; create one with \`launchready init\``);
  });
});
