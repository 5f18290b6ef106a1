/**
 * Byte-level helpers for the hand-assembled WebAssembly kernels still to be ported to AssemblyScript (as/)
 * (wasmAdam.ts):
 * unsigned LEB128, a module section, a length-prefixed name.
 */

/** Unsigned LEB128 encoding of a non-negative integer. */
export const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

/** A module section: id, byte length, body. */
export const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];

/** A name as the binary format writes it (length, then ASCII bytes). */
export const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
