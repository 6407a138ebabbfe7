/**
 * Collects a child's combined stdout+stderr within a fixed memory bound: the first
 * half of the budget keeps the head, the second half is a ring of the latest bytes.
 * A candidate that prints gigabytes costs us `maxBytes`, never more.
 */
export class OutputCapture {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  /** Ring buffer for the tail, allocated lazily once the head is full. */
  private tail: Buffer | undefined;
  private tailPos = 0;
  private tailFilled = false;
  private dropped = 0;

  /** @param maxBytes total bytes kept (head + tail); at least 2. */
  constructor(readonly maxBytes: number) {
    if (!Number.isFinite(maxBytes) || maxBytes < 2) {
      throw new RangeError(`maxOutputBytes must be a number >= 2, got ${maxBytes}`);
    }
    this.headLimit = Math.ceil(maxBytes / 2);
    this.tailLimit = maxBytes - this.headLimit;
  }

  /** Bytes seen in total, kept or not. */
  get totalBytes(): number {
    return this.headBytes + this.tailLength() + this.dropped;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.headBytes < this.headLimit) {
      const take = Math.min(this.headLimit - this.headBytes, data.length);
      // Copy: the stream may reuse its buffer.
      this.head.push(Buffer.from(data.subarray(0, take)));
      this.headBytes += take;
      data = data.subarray(take);
    }
    if (data.length === 0) return;
    this.pushTail(data);
  }

  private tailLength(): number {
    return this.tailFilled ? this.tailLimit : this.tailPos;
  }

  private pushTail(data: Buffer): void {
    if (this.tailLimit === 0) {
      this.dropped += data.length;
      return;
    }
    this.tail ??= Buffer.alloc(this.tailLimit);
    if (data.length >= this.tailLimit) {
      // Everything currently in the ring is overwritten.
      this.dropped += this.tailLength() + data.length - this.tailLimit;
      data.copy(this.tail, 0, data.length - this.tailLimit);
      this.tailPos = 0;
      this.tailFilled = true;
      return;
    }
    const overflow = this.tailLength() + data.length - this.tailLimit;
    if (overflow > 0) this.dropped += overflow;
    const first = Math.min(data.length, this.tailLimit - this.tailPos);
    data.copy(this.tail, this.tailPos, 0, first);
    if (first < data.length) data.copy(this.tail, 0, first);
    const end = this.tailPos + data.length;
    if (end >= this.tailLimit) this.tailFilled = true;
    this.tailPos = end % this.tailLimit;
  }

  /** The kept text; a marker line says how much was cut from the middle. */
  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    if (!this.tail) return head;
    const tailBuf = this.tailFilled
      ? Buffer.concat([this.tail.subarray(this.tailPos), this.tail.subarray(0, this.tailPos)])
      : this.tail.subarray(0, this.tailPos);
    const tail = tailBuf.toString('utf8');
    if (this.dropped === 0) return head + tail;
    return `${head}\n[… ${this.dropped} bytes of output omitted …]\n${tail}`;
  }
}
