// The benchmark's target, in its own process so the probe engine and the
// server do not share a CPU core's event loop: the generated mini API. It
// reports its own CPU time on request, so the run can tell which side of the
// socket was busy.
import { startMiniApi } from '../../test/helpers/mini-api.js';

const resources = Number(process.argv[2] ?? 40);
const api = await startMiniApi({ resources });
process.send?.({ url: api.url, spec: api.spec, passwords: api.passwords });
process.on('message', (m) => {
  if (m === 'stop') void api.close().then(() => process.exit(0));
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
