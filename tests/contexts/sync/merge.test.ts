import { describe, expect, it } from 'vitest';
import { canonicalJson, countPlan, planMerge, type SyncRecord } from '../../../src/contexts/sync/domain/merge.js';

const rec = (key: string, revision: string): SyncRecord => ({
  key,
  kind: key === 'assessment' ? 'assessment' : 'answer',
  revision,
  value: {},
  by: null,
  at: null,
});
const map = (entries: [string, string][]) => new Map(entries.map(([k, r]) => [k, rec(k, r)]));

describe('planMerge: each record against its last common revision', () => {
  it('decides unchanged, settle, send, receive and conflict, with tombstones and the header last', () => {
    const local = map([
      ['answer:same', 'a'],
      ['answer:here', 'b2'],
      ['answer:there', 'c'],
      ['answer:both', 'd2'],
      ['answer:agree', 'e2'],
      ['answer:new-here', 'f'],
      ['answer:new-both', 'g1'],
      ['assessment', 'h'],
    ]);
    const remote = map([
      ['answer:same', 'a'],
      ['answer:here', 'b'],
      ['answer:there', 'c2'],
      ['answer:both', 'd3'],
      ['answer:agree', 'e2'],
      ['answer:deleted-here', 'i'],
      ['answer:new-both', 'g2'],
      ['answer:deleted-there-changed-here', 'j'],
      ['assessment', 'h'],
    ]);
    const base = new Map([
      ['answer:same', 'a'],
      ['answer:here', 'b'],
      ['answer:there', 'c'],
      ['answer:both', 'd'],
      ['answer:agree', 'e'],
      ['answer:deleted-here', 'i'],
      ['answer:gone-both', 'k'],
      ['answer:deleted-there', 'l'],
      ['assessment', 'h'],
    ]);
    local.set('answer:deleted-there', rec('answer:deleted-there', 'l'));
    local.set('answer:deleted-there-changed-here', rec('answer:deleted-there-changed-here', 'j2'));
    base.set('answer:deleted-there-changed-here', 'j');
    remote.delete('answer:deleted-there-changed-here');
    const steps = planMerge(local, remote, base);
    const action = Object.fromEntries(steps.map((s) => [s.key, s.action]));
    expect(action).toEqual({
      'answer:same': 'unchanged',
      'answer:here': 'send',
      'answer:there': 'receive',
      'answer:both': 'conflict',
      'answer:agree': 'settle',
      'answer:new-here': 'send',
      'answer:new-both': 'conflict',
      'answer:deleted-here': 'send',
      'answer:gone-both': 'settle',
      'answer:deleted-there': 'receive',
      'answer:deleted-there-changed-here': 'conflict',
      assessment: 'unchanged',
    });
    expect(steps.at(-1)?.key).toBe('assessment');
    expect(steps.find((s) => s.key === 'answer:deleted-here')?.local).toBeNull();
    expect(countPlan(steps)).toEqual({ unchanged: 2, settle: 2, send: 3, receive: 2, conflict: 3 });
  });

  it('a plan of identical sides moves nothing', () => {
    const side = map([
      ['answer:x', 'a'],
      ['assessment', 'h'],
    ]);
    const steps = planMerge(side, map([...side].map(([k, r]) => [k, r.revision] as [string, string])), new Map());
    expect(countPlan(steps)).toMatchObject({ send: 0, receive: 0, conflict: 0, settle: 2 });
    const again = planMerge(side, side, new Map([...side].map(([k, r]) => [k, r.revision])));
    expect(countPlan(again)).toMatchObject({ unchanged: 2, settle: 0 });
  });

  it('revisions come from canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: null, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":null}],"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ value: 'yes' })).not.toBe(canonicalJson({ value: 'no' }));
  });
});
