// AssemblyScript source of the RecsysScatterRows kernel for hidden width 10 (wasmScatter.ts).
// Compiled by `npm run build:wasm` into ../wasmModules.generated.ts; not part of the TypeScript program.

/** Bytes per row of width 10 (f32). */
const ROW: usize = 40;

/**
 * o[d[e]·10 + h] += v[e] · x[s[e]·10 + h] for entries e < nBytes / 4, h < 10: lanes 0–7 as two
 * f32x4, lanes 8–9 scalar. d, s are i32 arrays, v, x, o f32 arrays, all given as byte offsets in the
 * imported memory. Zero values are not skipped (exact zeros for finite x).
 */
export function s10(nBytes: u32, dP: usize, sP: usize, vP: usize, xP: usize, oP: usize): void {
  for (let i: usize = 0; i < nBytes; i += 4) {
    const oa = oP + <usize>load<i32>(dP + i) * ROW;
    const xa = xP + <usize>load<i32>(sP + i) * ROW;
    const ve = load<f32>(vP + i);
    const vv = f32x4.splat(ve);
    v128.store(oa, f32x4.add(v128.load(oa, 0, 4), f32x4.mul(vv, v128.load(xa, 0, 4))), 0, 4);
    v128.store(oa, f32x4.add(v128.load(oa, 16, 4), f32x4.mul(vv, v128.load(xa, 16, 4))), 16, 4);
    store<f32>(oa, load<f32>(oa, 32) + ve * load<f32>(xa, 32), 32);
    store<f32>(oa, load<f32>(oa, 36) + ve * load<f32>(xa, 36), 36);
  }
}
