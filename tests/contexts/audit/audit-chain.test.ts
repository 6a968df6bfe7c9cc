import { describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  canonicalJson,
  GENESIS_HASH,
  nextEvent,
  verifyChain,
} from '../../../src/contexts/audit/domain/audit-chain.js';

const actor = { type: 'user' as const, id: 'u1', label: 'ana@acme.test' };

function chain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    const head = events.at(-1) ?? null;
    events.push(
      nextEvent(
        'org1',
        head,
        actor,
        { action: `a${i}`, targetType: 't', targetId: null, details: { i } },
        new Date(Date.UTC(2026, 0, 1, 0, i)),
      ),
    );
  }
  return events;
}

describe('audit chain', () => {
  it('links each entry to the previous hash', () => {
    const events = chain(3);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    const last = events[2] as AuditEvent;
    expect(verifyChain(events, { seq: 3, hash: last.hash })).toEqual({ ok: true, count: 3 });
  });

  it('hashes details canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}',
    );
  });

  it('names the altered, missing or truncated entry', () => {
    const events = chain(4);
    const head = { seq: 4, hash: (events[3] as AuditEvent).hash };
    const altered = events.map((e) => (e.seq === 2 ? { ...e, actorLabel: 'mallory' } : e));
    expect(verifyChain(altered, head)).toMatchObject({ ok: false, seq: 2, problem: 'entry 2 was altered' });
    expect(
      verifyChain(
        events.filter((e) => e.seq !== 3),
        head,
      ),
    ).toMatchObject({ ok: false, seq: 3 });
    expect(verifyChain(events.slice(0, 3), head)).toMatchObject({
      ok: false,
      seq: 4,
      problem: 'entries 4..4 are missing',
    });
    expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toEqual({ ok: true, count: 0 });
  });
});
