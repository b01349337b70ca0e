import { describe, expect, it } from 'vitest';
import { evaluate, parseCondition, type Condition } from '../../src/monitor/conditions.js';

const parse = (s: string): Condition => {
  const c = parseCondition(s);
  if ('error' in c) throw new Error(c.error);
  return c;
};
const input = { connected: true, status: 200, responseTimeMs: 120, body: '{"status":"ok","db":{"latency":3},"items":[{"id":7}]}' };

describe('conditions', () => {
  it.each([
    ['[STATUS] == 200', true],
    ['[STATUS] != 200', false],
    ['[STATUS] < 400', true],
    ['[RESPONSE_TIME] < 300', true],
    ['[RESPONSE_TIME] < 100', false],
    ['[BODY] contains "ok"', true],
    ['[BODY] !contains error', true],
    ['[JSON].status == ok', true],
    ['[BODY].status == ok', true],
    ['[JSON].db.latency <= 3', true],
    ['[JSON].items[0].id == 7', true],
    ['[JSON].missing == ok', false],
    ['[CONNECTED] == true', true],
  ])('%s → %s', (src, ok) => {
    expect(evaluate(parse(src), input).ok).toBe(ok);
  });

  it('fails every condition but [CONNECTED] == false when nothing answered', () => {
    const down = { connected: false, responseTimeMs: 5000 };
    expect(evaluate(parse('[STATUS] == 200'), down).ok).toBe(false);
    expect(evaluate(parse('[RESPONSE_TIME] < 300'), down).ok).toBe(false);
    expect(evaluate(parse('[CONNECTED] == false'), down).ok).toBe(true);
  });

  it('describes a failure with the actual value, without quoting the body', () => {
    const r = evaluate(parse('[STATUS] == 200'), { ...input, status: 503 });
    expect(r.text).toBe('[STATUS] (503) == 200');
    expect(evaluate(parse('[BODY] contains nope'), input).text).not.toContain('status');
  });

  it.each(['STATUS == 200', '[STATUS] = 200', '[NOPE] == 1', '[STATUS] contains 2', '[RESPONSE_TIME] < fast', '[JSON] == 1', '[CONNECTED] == maybe'])(
    'rejects %s',
    (src) => {
      expect('error' in parseCondition(src)).toBe(true);
    },
  );
});
