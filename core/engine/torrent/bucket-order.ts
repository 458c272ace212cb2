/**
 * Items 0…capacity-1 kept in one array sorted by (group, level), each (group, level) a contiguous
 * bucket. Moving an item one level up or down is a single swap with the edge of its bucket, so an
 * availability change costs O(1) however many pieces there are (libtorrent's piece picker keeps its
 * pieces the same way). Inserting or removing walks the bucket edges above the item: O(buckets).
 * The order inside a bucket is arbitrary; find() starts at a random place in it to break ties.
 */
export class BucketOrder {
  private readonly order: Int32Array;
  /** Where each item sits in `order`, -1 when it is not a member. */
  private readonly position: Int32Array;
  /** start[group * width + level]: the first position of that bucket; a bucket ends where the next starts. */
  private start: Int32Array;
  private width = 8;
  private count = 0;

  constructor(
    capacity: number,
    private readonly groups: number,
  ) {
    this.order = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
    this.start = new Int32Array(groups * this.width);
  }

  get size(): number {
    return this.count;
  }

  has(item: number): boolean {
    return this.position[item]! >= 0;
  }

  groupSize(group: number): number {
    return this.end(group * this.width + this.width - 1) - this.start[group * this.width]!;
  }

  insert(item: number, group: number, level: number): void {
    this.fit(level);
    const target = group * this.width + level;
    this.place(item, this.count++);
    for (let b = this.start.length - 1; b > target; b--) {
      this.swap(item, this.start[b]!);
      this.start[b]!++;
    }
  }

  remove(item: number): void {
    for (let b = this.bucketAt(this.position[item]!); b < this.start.length - 1; b++) {
      this.swap(item, this.start[b + 1]! - 1);
      this.start[b + 1]!--;
    }
    this.swap(item, --this.count);
    this.position[item] = -1;
  }

  /** One level up: the item's availability rose by one. */
  raise(item: number): void {
    let b = this.bucketAt(this.position[item]!);
    if (b % this.width === this.width - 1) {
      this.fit(this.width);
      b = this.bucketAt(this.position[item]!);
    }
    this.swap(item, this.start[b + 1]! - 1);
    this.start[b + 1]!--;
  }

  /** One level down; the item must be above level 0. */
  lower(item: number): void {
    const b = this.bucketAt(this.position[item]!);
    this.swap(item, this.start[b]!);
    this.start[b]!++;
  }

  /** Replaces every member at once (counting sort): O(items + buckets). */
  rebuild(items: readonly number[], group: (item: number) => number, level: (item: number) => number): void {
    for (let i = 0; i < this.count; i++) this.position[this.order[i]!] = -1;
    let top = 0;
    for (const item of items) top = Math.max(top, level(item));
    this.width = 8;
    while (this.width <= top) this.width *= 2;
    const sizes = new Int32Array(this.groups * this.width + 1);
    for (const item of items) sizes[group(item) * this.width + level(item) + 1]!++;
    for (let b = 1; b < sizes.length; b++) sizes[b]! += sizes[b - 1]!;
    this.start = sizes.slice(0, this.groups * this.width);
    const next = this.start.slice();
    for (const item of items) this.place(item, next[group(item) * this.width + level(item)]!++);
    this.count = items.length;
  }

  /**
   * The first member of `group`, lowest level first, that satisfies `accept`; inside a bucket the
   * scan starts at a random member and wraps, so equal candidates are picked evenly. -1 if none.
   */
  find(group: number, accept: (item: number) => boolean, random: () => number): number {
    for (let b = group * this.width; b < (group + 1) * this.width; b++) {
      const from = this.start[b]!;
      const length = this.end(b) - from;
      if (length === 0) continue;
      const offset = Math.min(length - 1, Math.floor(random() * length));
      for (let k = 0; k < length; k++) {
        const item = this.order[from + ((offset + k) % length)]!;
        if (accept(item)) return item;
      }
    }
    return -1;
  }

  private end(bucket: number): number {
    return bucket + 1 < this.start.length ? this.start[bucket + 1]! : this.count;
  }

  /** The last bucket starting at or before `pos` (empty buckets share their start with the next). */
  private bucketAt(pos: number): number {
    let lo = 0;
    let hi = this.start.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.start[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Widens every group so `level` has a bucket; the new buckets start empty at their group's end. */
  private fit(level: number): void {
    if (level < this.width) return;
    let width = this.width;
    while (width <= level) width *= 2;
    const start = new Int32Array(this.groups * width);
    for (let g = 0; g < this.groups; g++) {
      const groupEnd = this.end(g * this.width + this.width - 1);
      for (let l = 0; l < width; l++)
        start[g * width + l] = l < this.width ? this.start[g * this.width + l]! : groupEnd;
    }
    this.start = start;
    this.width = width;
  }

  private place(item: number, pos: number): void {
    this.order[pos] = item;
    this.position[item] = pos;
  }

  private swap(item: number, pos: number): void {
    const from = this.position[item]!;
    const other = this.order[pos]!;
    this.place(other, from);
    this.place(item, pos);
  }
}
