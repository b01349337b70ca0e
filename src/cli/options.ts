// Options and helpers shared by several commands.
import { InvalidArgumentError, Option } from 'commander';
import { parseFormats, type FormatName } from '../report/renderers/index.js';

export class UsageError extends Error {}

export function formatsOption(): Option {
  return new Option('-f, --format <list>', 'report formats, comma-separated: terminal, json, html, sarif, junit, markdown, handover, checklist, all').argParser(
    (v): FormatName[] => {
      try {
        return parseFormats(v);
      } catch (err) {
        throw new InvalidArgumentError((err as Error).message);
      }
    },
  );
}

export function failOnOption(): Option {
  return new Option('--fail-on <level>', 'exit 1 when a finding is at this level or above')
    .choices(['fix-first', 'launch-now', 'never'])
    .default('fix-first');
}

export function colorEnabled(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}


/** `--only`: repeatable and comma-separated; the terms are resolved by select.ts once the checks are known. */
export function onlyOption(): Option {
  return new Option(
    '--only <terms>',
    'run only these checks: check ids, families (access, edge, mail…), stages (stage-3) or sets (smoke); comma-separated, repeatable',
  ).argParser((v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v]);
}
