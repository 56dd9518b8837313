/**
 * One chain's verification, fed its sealed events one at a time. The verifier reads a whole log in primary-key
 * order (one sequential scan of the clustered index, 4.5× faster for MariaDB than walking `(chain, seq)` with a
 * lookup per row), and a chain's seq order is the order the sealer saw events commit, not id order; so an event
 * that arrives before its predecessor is held until the predecessor comes. Each event's MAC is checked on
 * arrival against the previous hash it stores; the link to its predecessor when it takes its place in the chain.
 * The result is the one a walk in seq order gives: the first event, in seq order, whose link, MAC or place fails.
 */
import type { AuditVerification } from '@corpweb/shared-types';

export type BreakReason = NonNullable<AuditVerification['brokenAt']>['reason'];

/** what the walk keeps of an event: its MAC is already checked */
export interface ChainLink {
  eventId: string;
  prevHash: Buffer | null;
  hash: Buffer | null;
  macValid: boolean;
}

export interface ChainStart {
  chain: number;
  /** the seq before the first event to verify, and that event's expected previous hash */
  afterSeq: number;
  prevHash: Buffer;
  /** a signed checkpoint's head of this chain: the event at that seq must carry that hash */
  anchor?: { seq: number; hash: string };
}

export class ChainWalk {
  checked = 0;
  private lastSeq: number;
  private prevHash: Buffer;
  private broken?: { eventId: string; reason: BreakReason };
  private readonly held = new Map<number, ChainLink>();

  constructor(private readonly start: ChainStart) {
    this.lastSeq = start.afterSeq;
    this.prevHash = start.prevHash;
  }

  get chain(): number {
    return this.start.chain;
  }

  /** the seq after which this walk verifies */
  get afterSeq(): number {
    return this.start.afterSeq;
  }

  /** broken (or refused): later events are not looked at */
  get done(): boolean {
    return this.broken !== undefined;
  }

  /** events waiting for a predecessor */
  get holding(): number {
    return this.held.size;
  }

  /** a failure found before any event is read (the chain's base or resume point) */
  refuse(eventId: string, reason: BreakReason): void {
    this.broken ??= { eventId, reason };
    this.held.clear();
  }

  /** An event of this chain. `inOrder`: the caller reads in seq order, so a seq that does not follow is a gap at once. */
  add(seq: number, link: ChainLink, inOrder = false): void {
    if (this.broken || seq <= this.lastSeq) return;
    if (seq !== this.lastSeq + 1) {
      if (inOrder) this.refuse(link.eventId, 'SEQUENCE_GAP');
      else this.held.set(seq, link);
      return;
    }
    this.take(seq, link);
    for (let next = this.held.get(this.lastSeq + 1); next && !this.broken; next = this.held.get(this.lastSeq + 1)) {
      this.held.delete(this.lastSeq + 1);
      this.take(this.lastSeq + 1, next);
    }
  }

  /**
   * After the last event: the first failure, or undefined when every event followed and the head row names the
   * last one (a deleted tail leaves the head pointing past it; a tail cut off with its head set back leaves the
   * chain shorter than a signed checkpoint says it was).
   */
  finish(head: { seq: number; hash: Buffer }): { eventId: string; reason: BreakReason } | undefined {
    if (this.broken) return this.broken;
    if (this.held.size > 0) {
      // the event after a missing one: the first held, in seq order
      const first = Math.min(...this.held.keys());
      return { eventId: this.held.get(first)!.eventId, reason: 'SEQUENCE_GAP' };
    }
    const { anchor } = this.start;
    if (head.seq !== this.lastSeq || !head.hash.equals(this.prevHash) || (anchor && this.lastSeq < anchor.seq)) {
      return { eventId: `head:${this.chain}`, reason: 'SEQUENCE_GAP' };
    }
    return undefined;
  }

  /** the last verified event of the chain: what a verified checkpoint records */
  get headReached(): [number, number, string] {
    return [this.chain, this.lastSeq, this.prevHash.toString('hex')];
  }

  private take(seq: number, link: ChainLink): void {
    const { anchor } = this.start;
    if (!link.prevHash?.equals(this.prevHash)) return this.refuse(link.eventId, 'LINK_BROKEN');
    if (!link.macValid || !link.hash) return this.refuse(link.eventId, 'HASH_MISMATCH');
    if (anchor && seq === anchor.seq && link.hash.toString('hex') !== anchor.hash) return this.refuse(link.eventId, 'HASH_MISMATCH');
    this.prevHash = link.hash;
    this.lastSeq = seq;
    this.checked += 1;
  }
}
