/**
 * The agent's outbox: heartbeats wait here, oldest first, until the server acknowledged them.
 * Bounded: when the server stays away longer than the buffer holds, the oldest are dropped (and
 * counted), so an agent never grows without limit on a node that runs for months.
 * @module
 */

export class HeartbeatBuffer<T extends { sequence: number }> {
  private items: T[] = [];
  private droppedCount = 0;

  /** `capacity`: the most heartbeats kept (8,640 is a day at 10 s). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be >= 1 (got ${capacity})`);
  }

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) {
      this.items.splice(0, this.items.length - this.capacity);
      this.droppedCount++;
    }
  }

  /** The oldest `max` heartbeats, in order, still kept until acknowledged. */
  peek(max: number): T[] {
    return this.items.slice(0, max);
  }

  /**
   * Removes every heartbeat up to `sequence`: the server has them. By sequence, not by count, so
   * heartbeats dropped or added while a send was in flight never shift what is removed.
   */
  acknowledgeThrough(sequence: number): void {
    let n = 0;
    while (n < this.items.length && (this.items[n]?.sequence ?? Number.POSITIVE_INFINITY) <= sequence) n++;
    this.items.splice(0, n);
  }

  get size(): number {
    return this.items.length;
  }

  /** Heartbeats dropped because the buffer was full. */
  get dropped(): number {
    return this.droppedCount;
  }
}
