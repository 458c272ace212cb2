/** Byte sizes as people write and read them; binary units, as piece lengths and disks are powers of two. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const FACTORS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** 512 → "512 B", 1536 → "1.5 KiB", 734003200 → "700 MiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/**
 * "262144", "256K", "1.5G", "700 MiB", "2gb" → bytes (every unit a power of 1024), or undefined
 * when the text is not such a size or the result is not a safe integer. Callers name the setting.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d{1,15}(?:\.\d{1,3})?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Math.round(Number(match[1]) * FACTORS[match[2]!.toLowerCase()]!);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
