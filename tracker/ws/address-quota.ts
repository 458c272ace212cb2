/** Places per key (a client network), taken and given back; a key with none taken costs nothing. */
export class AddressQuota {
  private readonly taken = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Takes a place for `key`; false when all `max` are taken. */
  take(key: string): boolean {
    const n = this.taken.get(key) ?? 0;
    if (n >= this.max) return false;
    this.taken.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = this.taken.get(key) ?? 0;
    if (n <= 1) this.taken.delete(key);
    else this.taken.set(key, n - 1);
  }
}
