// Stage 5 evidence: the monitor config (checks, channels, routes) and a
// sample of each configured log file, scanned for secrets and personal data.
// Reads only the tail of each file (the newest lines are what the app logs
// today) and never throws: a file that cannot be read is recorded as such.
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { LaunchConfig } from '../../config/schema.js';
import { FlagCollector, flagLine } from '../../monitor/logs/flagger.js';
import { promptLogContext } from './ai/log-exposure.js';
import { monitorConfigOf, plannedChecks } from '../../monitor/plan.js';
import type { MonitoringEvidence } from '../monitor-types.js';
import { failed, ok, type Gathered } from '../types.js';

const SAMPLE_BYTES = 512 * 1024;

export async function gatherMonitoring(input: { config: LaunchConfig; baseDir: string }): Promise<Gathered<MonitoringEvidence>> {
  try {
    const { config, baseDir } = input;
    const m = monitorConfigOf(config);
    const checks = plannedChecks(config, m);
    const envName = config.api.target ?? Object.keys(config.environments)[0];
    const env = envName ? config.environments[envName] : undefined;
    const appUrl = env?.appUrl;
    const apiUrl = env?.apiUrl ?? appUrl;
    const join = (base: string | undefined, p: string) => {
      if (!base) return undefined;
      try {
        return new URL(p.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`).toString();
      } catch {
        return undefined;
      }
    };
    const expected = { home: join(appUrl, ''), login: m.loginPath === undefined ? undefined : join(appUrl, m.loginPath), health: join(apiUrl, config.api.healthPath) };
    const same = (a: string, b: string | undefined) => b !== undefined && a.replace(/\/$/, '') === b.replace(/\/$/, '');
    const targets = (['home', 'login', 'health'] as const).map((covers) => {
      const hit = checks.find((c) => c.covers === covers) ?? checks.find((c) => same(c.url, expected[covers]));
      return { covers, expectedUrl: expected[covers], coveredBy: hit?.name, url: hit?.url };
    });

    // The system prompt's canary and text, so lines that expose them are flagged too (issue 16).
    const prompts = promptLogContext(config, (p) => path.resolve(baseDir, p));
    const files: MonitoringEvidence['logs']['files'] = [];
    const flags: MonitoringEvidence['logs']['flags'] = [];
    const all = new FlagCollector();
    for (const l of m.logs) {
      const abs = path.resolve(baseDir, l.path);
      const shown = path.relative(baseDir, abs) || l.path;
      const sample = await readTail(abs, SAMPLE_BYTES);
      if ('error' in sample) {
        files.push({ path: shown, readable: false, error: sample.error, linesSampled: 0, bytesSampled: 0, jsonLines: 0 });
        continue;
      }
      const collector = new FlagCollector();
      let jsonLines = 0;
      sample.lines.forEach((raw, i) => {
        const t = raw.trim();
        if (!t.startsWith('{')) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(t);
        } catch {
          return;
        }
        jsonLines++;
        const f = flagLine(parsed, prompts);
        collector.add(f, sample.firstLine ? sample.firstLine + i : undefined);
        all.add(f);
      });
      files.push({ path: shown, readable: true, linesSampled: sample.lines.length, bytesSampled: sample.bytes, jsonLines });
      for (const s of collector.summaries()) flags.push({ file: shown, ...s });
    }
    return ok({
      configured: config.monitor !== undefined,
      targets,
      checks: checks.map((c) => ({ name: c.name, url: c.url, covers: c.covers, origin: c.origin, conditions: c.conditions.map((x) => x.source) })),
      channels: Object.entries(m.channels).map(([name, c]) => ({ name, type: c.type })),
      routes: {
        critical: m.routes.critical.filter((c) => c in m.channels),
        warning: m.routes.warning.filter((c) => c in m.channels),
        info: m.routes.info.filter((c) => c in m.channels),
      },
      logs: { files, flags, redactPaths: all.redactPaths() },
    });
  } catch (err) {
    return failed(`reading the monitor config and logs failed: ${(err as Error).message}`);
  }
}

/** The last `max` bytes of a file as whole lines; `firstLine` is a 1-based line number when the whole file was read, else 0. */
async function readTail(file: string, max: number): Promise<{ lines: string[]; bytes: number; firstLine: number } | { error: string }> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message };
  }
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - max);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    let lines = buf.toString('utf8').split('\n');
    // A cut first line is partial: drop it.
    if (start > 0) lines = lines.slice(1);
    return { lines, bytes: buf.length, firstLine: start === 0 ? 1 : 0 };
  } catch (err) {
    return { error: (err as Error).message };
  } finally {
    await fh.close();
  }
}
