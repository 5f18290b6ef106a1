// AssemblyScript source of the RecsysAdamUpdate kernel (wasmAdam.ts), working in tfjs-backend-wasm's
// memory (imported) on byte offsets of f32 arrays.
// Compiled by `npm run build:wasm` into ../wasmModules.generated.ts; not part of the TypeScript program.

/**
 * One Adam step with L2, 4 lanes at a time over the first nBytes / 4 values (nBytes a multiple of 16):
 *   G = scale·g + decay·th;  M = β1·m + (1 − β1)·G;  V = β2·v + (1 − β2)·G²;  th' = th − a·M / (√(V·bc2) + ε)
 * storing M, V and th' (f32 arithmetic, like the tfjs ops it replaces). Returns Σ th² (f64 lanes).
 */
export function adam(
  th: usize,
  m: usize,
  v: usize,
  g: usize,
  thOut: usize,
  mOut: usize,
  vOut: usize,
  nBytes: u32,
  scale: f32,
  decay: f32,
  a: f32,
  bc2: f32,
  beta1: f32,
  beta2: f32,
  c1: f32,
  c2: f32,
  epsilon: f32,
): f64 {
  const sScale = f32x4.splat(scale),
    sDecay = f32x4.splat(decay),
    sA = f32x4.splat(a),
    sBc2 = f32x4.splat(bc2),
    sBeta1 = f32x4.splat(beta1),
    sBeta2 = f32x4.splat(beta2),
    sC1 = f32x4.splat(c1),
    sC2 = f32x4.splat(c2),
    sEpsilon = f32x4.splat(epsilon);
  let acc = f64x2.splat(0); // f64 sums of th²: lanes 0 + 2 and 1 + 3
  for (let p: usize = 0; p < nBytes; p += 16) {
    const w = v128.load(th + p, 0, 4);
    const G = f32x4.add(f32x4.mul(v128.load(g + p, 0, 4), sScale), f32x4.mul(w, sDecay));
    const M = f32x4.add(f32x4.mul(v128.load(m + p, 0, 4), sBeta1), f32x4.mul(G, sC1));
    const V = f32x4.add(f32x4.mul(v128.load(v + p, 0, 4), sBeta2), f32x4.mul(f32x4.mul(G, G), sC2));
    v128.store(mOut + p, M, 0, 4);
    v128.store(vOut + p, V, 0, 4);
    v128.store(thOut + p, f32x4.sub(w, f32x4.div(f32x4.mul(M, sA), f32x4.add(f32x4.sqrt(f32x4.mul(V, sBc2)), sEpsilon))), 0, 4);
    const w2 = f32x4.mul(w, w);
    acc = f64x2.add(f64x2.add(f64x2.promote_low_f32x4(w2), acc), f64x2.promote_low_f32x4(f32x4.shuffle(w2, w2, 2, 3, 0, 1)));
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}
