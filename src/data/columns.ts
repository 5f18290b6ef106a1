/**
 * Growable columnar storage for parsed ratings: one typed array per column, no per-row objects.
 * Filled by the ratings parser and the sample generator, consumed by `buildDataset`.
 */
export class RatingColumns {
  /** Number of rows stored. */
  n = 0;
  /** Original user id per row (int32). */
  users: Int32Array;
  /** Original item id per row (int32). */
  items: Int32Array;
  /** Rating per row (original scale). */
  ratings: Float32Array;
  /** Timestamp per row, seconds since epoch (0 when the file had none). */
  timestamps: Float64Array;

  /** @param capacity initial number of rows to allocate (grows ×1.5 as needed). */
  constructor(capacity = 1024) {
    const c = Math.max(16, Math.ceil(capacity));
    this.users = new Int32Array(c);
    this.items = new Int32Array(c);
    this.ratings = new Float32Array(c);
    this.timestamps = new Float64Array(c);
  }

  /** Allocated rows. */
  get capacity(): number {
    return this.users.length;
  }

  /** Makes room for at least `extra` more rows. */
  reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.users.length) return;
    let c = Math.ceil(this.users.length * 1.5);
    while (c < need) c = Math.ceil(c * 1.5);
    const grow = <T extends Int32Array | Float32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.users = grow(this.users, (k) => new Int32Array(k));
    this.items = grow(this.items, (k) => new Int32Array(k));
    this.ratings = grow(this.ratings, (k) => new Float32Array(k));
    this.timestamps = grow(this.timestamps, (k) => new Float64Array(k));
  }

  /** Appends one row (convenience; the hot parser writes the arrays directly after `reserve`). */
  push(user: number, item: number, rating: number, timestamp = 0): void {
    if (this.n === this.users.length) this.reserve(1);
    const k = this.n++;
    this.users[k] = user;
    this.items[k] = item;
    this.ratings[k] = rating;
    this.timestamps[k] = timestamp;
  }
}
