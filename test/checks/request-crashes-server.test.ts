// request-crashes-server from inline liveness evidence: a confirmed crash is
// one critical finding per operation; a target that died for good is an
// error; a target that never answered is not tested (nothing could crash);
// only a target watched throughout passes.
import { describe, expect, it } from 'vitest';
import check from '../../src/checks/abuse/request-crashes-server.js';
import type { LivenessEvidence } from '../../src/evidence/liveness-types.js';
import { CTX, exchange } from '../helpers/exchange.js';

const APP = 'http://127.0.0.1:4567';
const run = (l: Partial<LivenessEvidence>) => check.run({ liveness: { origins: [], crashes: [], cleared: [], recoveryMs: 9000, ...l } }, CTX);
const crash = (seq: number) => ({
  origin: APP,
  original: exchange(`${APP}/api/reports?from=${seq}`, undefined, { error: 'UND_ERR_SOCKET: other side closed' }),
  originalSeq: seq,
  replay: exchange(`${APP}/api/reports?from=${seq}`, undefined, { error: 'UND_ERR_SOCKET: other side closed' }),
  replaySeq: seq + 8,
  downAgain: `GET ${APP}/health: ECONNREFUSED`,
});

describe('request-crashes-server', () => {
  it('two confirmed crashes of one operation are one critical finding with the request to repeat', () => {
    const out = run({ origins: [{ origin: APP, answered: true, downs: [] }], crashes: [crash(12), crash(49)] });
    if (out.status !== 'fail') throw new Error(JSON.stringify(out));
    expect(out.findings.map((f) => f.title)).toEqual(['GET /api/reports?from=12 crashes the server']);
    expect(out.findings[0]!.detail).toContain('It happened 2 times in this run.');
    expect(out.findings[0]!.reproduction).toBe(`curl -i '${APP}/api/reports?from=12'`);
  });

  it('a target that never came back is an error: the request could not be replayed', () => {
    const out = run({ origins: [{ origin: APP, answered: true, downs: [], dead: { origin: APP, seq: 20, time: 't', waitedMs: 9000 } }] });
    expect(out).toMatchObject({ status: 'error', reason: expect.stringContaining('stopped answering at request #20') });
  });

  it('a target that answered nothing is not tested, never a pass', () => {
    expect(run({ origins: [] })).toEqual({ status: 'not-tested', reason: 'the app answered no request, so none could be watched for a crash' });
  });

  it('a target watched throughout passes, counting what it watched', () => {
    expect(run({ origins: [{ origin: APP, answered: true, downs: [] }] })).toMatchObject({ status: 'pass', judged: 1, of: 1 });
  });
});
