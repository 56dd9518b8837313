import { describe, expect, it } from '@jest/globals';
import { ChainWalk, type ChainLink } from './audit-chain-walk.js';

// a chain of five events whose hashes are 1..5 (a byte each) and whose first link is the genesis hash 0
const hashOf = (seq: number) => Buffer.alloc(32, seq);
const event = (seq: number, change: Partial<ChainLink> = {}): [number, ChainLink] =>
  [seq, { eventId: `e${seq}`, prevHash: hashOf(seq - 1), hash: hashOf(seq), macValid: true, ...change }];
const walkOf = (events: [number, ChainLink][], inOrder = false, anchor?: { seq: number; hash: string }) => {
  const walk = new ChainWalk({ chain: 2, afterSeq: 0, prevHash: hashOf(0), anchor });
  for (const [seq, link] of events) walk.add(seq, link, inOrder);
  return walk;
};
const head = { seq: 5, hash: hashOf(5) };
const inOrder = [1, 2, 3, 4, 5].map((seq) => event(seq));

describe('ChainWalk', () => {
  it('verifies a chain fed in seq order, and the same chain fed in any order', () => {
    for (const order of [[1, 2, 3, 4, 5], [2, 1, 3, 5, 4], [5, 4, 3, 2, 1], [3, 5, 1, 4, 2]]) {
      const walk = walkOf(order.map((seq) => event(seq)));
      expect(walk.finish(head)).toBeUndefined();
      expect(walk.checked).toBe(5);
      expect(walk.holding).toBe(0);
      expect(walk.headReached).toEqual([2, 5, hashOf(5).toString('hex')]);
    }
  });

  it('holds an event until its predecessor comes, and only then', () => {
    const walk = walkOf([event(3), event(2)]);
    expect([walk.checked, walk.holding]).toEqual([0, 2]);
    walk.add(...event(1));
    expect([walk.checked, walk.holding]).toEqual([3, 0]);
  });

  it('reports the first failure in seq order, whatever the order the events came in', () => {
    const bad = [event(1), event(2), event(3, { prevHash: hashOf(9) }), event(4, { macValid: false }), event(5)];
    expect(walkOf(bad).finish(head)).toEqual({ eventId: 'e3', reason: 'LINK_BROKEN' });
    expect(walkOf([...bad].reverse()).finish(head)).toEqual({ eventId: 'e3', reason: 'LINK_BROKEN' });
    const walk = walkOf([bad[4]!, bad[3]!, bad[0]!, bad[1]!]);
    expect(walk.finish(head)).toEqual({ eventId: 'e4', reason: 'SEQUENCE_GAP' });
    expect(walk.checked).toBe(2);
  });

  it('names an edited event (its MAC does not verify) and counts the events before it', () => {
    const walk = walkOf([event(1), event(2, { macValid: false }), event(3)]);
    expect(walk.finish(head)).toEqual({ eventId: 'e2', reason: 'HASH_MISMATCH' });
    expect(walk.checked).toBe(1);
    expect(walk.done).toBe(true);
  });

  it('reports a missing event at the one after it, at once when reading in seq order', () => {
    expect(walkOf([event(1), event(2), event(4), event(5)]).finish(head)).toEqual({ eventId: 'e4', reason: 'SEQUENCE_GAP' });
    const ordered = walkOf([event(1), event(2), event(4)], true);
    expect(ordered.done).toBe(true);
    expect(ordered.holding).toBe(0);
    expect(ordered.finish(head)).toEqual({ eventId: 'e4', reason: 'SEQUENCE_GAP' });
  });

  it('refuses a head that names another last event, and a chain shorter than its signed checkpoint', () => {
    expect(walkOf(inOrder).finish({ seq: 6, hash: hashOf(6) })).toEqual({ eventId: 'head:2', reason: 'SEQUENCE_GAP' });
    expect(walkOf(inOrder).finish({ seq: 5, hash: hashOf(7) })).toEqual({ eventId: 'head:2', reason: 'SEQUENCE_GAP' });
    expect(walkOf(inOrder, false, { seq: 7, hash: hashOf(7).toString('hex') }).finish(head)).toEqual({ eventId: 'head:2', reason: 'SEQUENCE_GAP' });
  });

  it('refuses an event at a checkpoint seq whose hash is not the one the checkpoint signed', () => {
    expect(walkOf(inOrder, false, { seq: 3, hash: hashOf(8).toString('hex') }).finish(head)).toEqual({ eventId: 'e3', reason: 'HASH_MISMATCH' });
    expect(walkOf(inOrder, false, { seq: 3, hash: hashOf(3).toString('hex') }).finish(head)).toBeUndefined();
  });

  it('ignores the events at or before its start (archived or verified before)', () => {
    const walk = new ChainWalk({ chain: 2, afterSeq: 3, prevHash: hashOf(3) });
    for (const [seq, link] of inOrder) walk.add(seq, link);
    expect(walk.finish(head)).toBeUndefined();
    expect(walk.checked).toBe(2);
  });
});
