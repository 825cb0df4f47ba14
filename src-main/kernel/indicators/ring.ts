/** Fixed-capacity ring of the last `capacity` values: the window a rolling indicator drops its oldest value from. */
export class Ring {
  private readonly buf: Float64Array;
  private head = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  /** Pushes x; returns the value that left the window, or NaN while the window is still filling. */
  push(x: number): number {
    const buf = this.buf;
    const head = this.head;
    const out = this.filled === this.capacity ? buf[head]! : NaN;
    buf[head] = x;
    this.head = head + 1 === this.capacity ? 0 : head + 1;
    if (this.filled < this.capacity) this.filled++;
    return out;
  }

  get full(): boolean {
    return this.filled === this.capacity;
  }

  get size(): number {
    return this.filled;
  }

  /** The i-th value, oldest first (0 <= i < size). */
  at(i: number): number {
    const start = this.filled === this.capacity ? this.head : 0;
    const k = start + i;
    return this.buf[k >= this.capacity ? k - this.capacity : k]!;
  }

  reset(): void {
    this.head = 0;
    this.filled = 0;
  }
}
