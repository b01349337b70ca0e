// A create is judged by its own marker, never by a count (issue 10, critic
// #2): lists grow between two reads for reasons that are not the caller's.
import { describe, expect, it } from 'vitest';
import { markerInList } from '../../src/evidence/gatherers/access/collection-writes.js';
import { functionLevelVerdict } from '../../src/checks/access/function-level-authorization-missing.js';
import type { Trial } from '../../src/evidence/access-types.js';

const MARK = 'launchready-probe-viewer-abc123';
const list = (...titles: string[]) => JSON.stringify(titles.map((title, i) => ({ id: i + 1, title })));

describe('markerInList', () => {
  it('is true only when an item carrying this request\'s marker appeared', () => {
    expect(markerInList(list('a'), list('a', MARK), MARK)).toBe(true);
    expect(markerInList(JSON.stringify({ data: [] }), JSON.stringify({ data: [{ id: 9, note: `x ${MARK}` }] }), MARK)).toBe(true);
  });

  it('does not count a list that grew by someone else\'s item', () => {
    expect(markerInList(list('a'), list('a', 'shared note 2'), MARK)).toBeNull();
    // The audit's own throwaway objects (another probe's marker) are not this create's.
    expect(markerInList(list('a'), list('a', 'launchready-probe-owner-zzz999'), MARK)).toBe(false);
  });

  it('is false when nothing new is in the list, and unknown when a list is not JSON', () => {
    expect(markerInList(list('a', 'b'), list('a', 'b'), MARK)).toBe(false);
    expect(markerInList('<html>', list('a'), MARK)).toBeNull();
  });
});

describe('functionLevelVerdict of a write', () => {
  const trial = (facts: Trial['facts']): Trial => ({ family: 'function-level', variant: 'denied-role', target: 'POST /api/docs', attacker: 'viewer', steps: [], facts }) as unknown as Trial;
  it('a 2xx carrying an error object is a refusal when the effect is unknown; an effect seen is not', () => {
    expect(functionLevelVerdict(trial({ status: 200, changed: null, answerKind: 'error-object' }))).toBe('safe');
    expect(functionLevelVerdict(trial({ status: 200, changed: null, answerKind: 'data' }))).toBe('inconclusive');
    expect(functionLevelVerdict(trial({ status: 200, changed: true, answerKind: 'error-object' }))).toBe('vulnerable');
  });
});
