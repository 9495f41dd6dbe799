/**
 * A fast 64-bit non-cryptographic hash of a string (two 32-bit FNV-1a style lanes), as hex: for
 * idempotency keys and deterministic ids, where a collision only merges two keys.
 */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16)}${h2.toString(16)}`;
}
