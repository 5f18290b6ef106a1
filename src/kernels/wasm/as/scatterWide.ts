// AssemblyScript source of the RecsysScatterRows kernel for row widths that are multiples of 4
// (wasmScatterWide.ts), working in tfjs-backend-wasm's memory (imported) on byte offsets.
// Compiled by `npm run build:wasm` into ../wasmModules.generated.ts; not part of the TypeScript program.

/**
 * For e < n: o[d[e], :] += v[e]·x[s[e], :] over rows of hBytes / 4 f32 values, 4 lanes at a time
 * (d, s i32 arrays; v, x, o f32 arrays; o zeroed by the caller).
 */
export function sc(o: usize, d: usize, s: usize, v: usize, x: usize, n: u32, hBytes: u32): void {
  const end = n * 4;
  for (let e: usize = 0; e < end; e += 4) {
    const oRow = o + <usize>load<i32>(d + e) * hBytes;
    const sRow = x + <usize>load<i32>(s + e) * hBytes;
    const ve = f32x4.splat(load<f32>(v + e));
    for (let h: usize = 0; h < hBytes; h += 16) {
      v128.store(oRow + h, f32x4.add(v128.load(oRow + h, 0, 4), f32x4.mul(v128.load(sRow + h, 0, 4), ve)), 0, 4);
    }
  }
}
