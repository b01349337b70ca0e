// The benchmark's target, in its own process so the probe engine and the
// server do not share a CPU core's event loop: the generated API, either the
// mini API (node:http, in-memory: `bare`) or the same API on Express and
// SQLite (`realistic`). It reports its own CPU time on request, so the run
// can tell which side of the socket was busy, and records the requests of
// one audit on request, so a load generator can replay exactly that mix.
// argv: resources kind
import { startMiniApi } from '../../test/helpers/mini-api.js';
import { startRealisticApi } from './realistic-api.js';

const resources = Number(process.argv[2] ?? 40);
const api = process.argv[3] === 'realistic' ? await startRealisticApi({ resources }) : await startMiniApi({ resources });
process.send?.({ url: api.url, spec: api.spec, passwords: api.passwords });
process.on('message', (m) => {
  if (m === 'stop') void api.close().then(() => process.exit(0));
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'record') api.recording = [];
  if (m === 'recorded') {
    process.send?.({ recorded: api.recording ?? [] });
    api.recording = undefined;
  }
});
