import { expect } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';

/** Runs `fn`, asserts it throws a ConfigError, and returns it. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

/** Lines joined with \n, so inline YAML fixtures keep their line numbers readable. */
export const lines = (...ls: string[]): string => ls.join('\n') + '\n';

export const MINIMAL = lines('project:', '  name: Tiny', 'environments:', '  prod:', '    appUrl: https://tiny.test');
