/**
 * Stable pseudo-random number in [0, 1) from integers (mulberry32-style mix): the same parts
 * give the same number in every process and after a restart. Test mode draws its failure mix
 * with it, and the fake Graph API (tests/fakes/) its random errors.
 */
export function unitHash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}
