import { startMiniApi } from '../../test/helpers/mini-api.js';
import { parse } from 'yaml';
const api = await startMiniApi({ resources: 40 });
const text = JSON.stringify(api.spec);
for (let i = 0; i < 3; i++) { let t = performance.now(); parse(text); const a = performance.now() - t; t = performance.now(); JSON.parse(text); console.log(`yaml ${a.toFixed(1)} ms, JSON ${(performance.now() - t).toFixed(2)} ms, ${text.length} chars`); }
await api.close();
