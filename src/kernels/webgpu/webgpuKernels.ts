/**
 * WGSL programs of the fused WebGPU path (webgpuFused.ts) — the shared helpers, the hidden-layer forward
 * pass and top-k here, the gradient and optimiser programs in webgpuGradKernels.ts — run through tfjs-backend-webgpu's
 * runWebGPUProgram. Each program writes one output tensor; layer widths, activations and parameter
 * offsets are compiled in (they are part of the shader key), batch-dependent numbers are uniforms.
 *
 * Notation: B rows of the batch (users), I items, hidden widths H[0..n−1] (S = ΣH), the last hidden
 * width HL = H[n−1]; θ is the flat parameter vector W1 [I, H0] | b1 | W2 [H0, H1] | b2 | … | W_L [HL, I]
 * | b_L [I] (row-major [in, out]). "acts" is [B, S]: every hidden layer's activation per row; "dzs" is
 * [B, S]: dL/dZ of every hidden layer (unscaled: the loss factor 2/(B·I) is applied in the update).
 */
import type { Activation } from '../../engine/config';
import { ACTIVATIONS } from '../../nn/activations';
import { MASKED_SCORE_WGSL } from '../../nn/select';

/** The part of tfjs-backend-webgpu's WebGPUProgram these programs fill in. */
export interface GpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  uniforms?: string;
  getUserCode(): string;
}

/** Threads per workgroup of the per-row programs (reductions over items). */
export const ROW_WORKGROUP = 64;
/** Largest k the fused top-k program handles (its shared memory is ROW_WORKGROUP·k·8 bytes ≤ 16 KiB). */
export const MAX_FUSED_K = 24;
/** Largest hidden width compiled into per-thread arrays. */
export const MAX_FUSED_HIDDEN = 64;

/** Shapes and offsets every program needs. */
export interface FusedLayout {
  items: number;
  hidden: number[];
  /** Activation per layer, hidden layers first, the output layer last (length hidden + 1). */
  activations: Activation[];
  /** Offsets of W_l and b_l in θ, l = 1..L (index l − 1). */
  offW: number[];
  offB: number[];
  /** Total parameters. */
  size: number;
}

/** WGSL expression of activation `a` applied to the WGSL expression `z` (activations.ts). */
export const act = (a: Activation, z: string): string => ACTIVATIONS[a].wgsl(z);

/** WGSL expression of dA/dZ in terms of the activation's output `y` (activations.ts). */
export const dact = (a: Activation, y: string): string => ACTIVATIONS[a].wgslDerivative(y);

export function key(l: FusedLayout): string {
  return `${l.items}_${l.hidden.join('x')}_${l.activations.join('-')}`;
}

/** Offset of hidden layer j's values inside a row of acts/dzs. */
export function actOffsets(l: FusedLayout): number[] {
  const o: number[] = [];
  let s = 0;
  for (const h of l.hidden) {
    o.push(s);
    s += h;
  }
  return o;
}

export const flat = (name: string, n: number, variableNames: string[], wg = 64): GpuProgram => ({
  outputShape: [n],
  shaderKey: name,
  dispatchLayout: { x: [0] },
  dispatch: [Math.ceil(n / wg), 1, 1],
  variableNames,
  workgroupSize: [wg, 1, 1],
  getUserCode: () => '',
});

/** Linear workgroup index (the backend may fold a long dispatch into 2-D). */
export const WG_INDEX = 'i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x)';

/**
 * Forward pass of the hidden layers, one thread per row: acts [rows, S].
 * Inputs: theta, rowPtr [U+1] and cols/vin [nnz] (all users' training entries, items ascending per
 * row), ids (user of row r is ids[u0 + r]). Uniforms: u0, rows.
 */
export function forwardProgram(l: FusedLayout, rows: number): GpuProgram {
  const S = l.hidden.reduce((a, b) => a + b, 0);
  const off = actOffsets(l);
  const p = flat(`recsysFwd_${key(l)}`, rows * S, ['theta', 'rowPtr', 'cols', 'vin', 'ids']);
  p.dispatch = [Math.ceil(rows / 64), 1, 1];
  p.uniforms = 'u0 : i32, rows : i32,';
  const H0 = l.hidden[0];
  let body = `
    let u = ids[uniforms.u0 + index];
    var a0: array<f32, ${H0}>;
    for (var j = 0; j < ${H0}; j++) { a0[j] = theta[${l.offB[0]} + j]; }
    let e1 = rowPtr[u + 1];
    for (var e = rowPtr[u]; e < e1; e++) {
      let w = ${l.offW[0]} + cols[e] * ${H0};
      let v = vin[e];
      for (var j = 0; j < ${H0}; j++) { a0[j] += v * theta[w + j]; }
    }
    for (var j = 0; j < ${H0}; j++) { a0[j] = ${act(l.activations[0], 'a0[j]')}; result[index * ${S} + ${off[0]} + j] = a0[j]; }`;
  for (let k = 1; k < l.hidden.length; k++) {
    const hin = l.hidden[k - 1],
      hout = l.hidden[k];
    body += `
    var a${k}: array<f32, ${hout}>;
    for (var j = 0; j < ${hout}; j++) {
      var z = theta[${l.offB[k]} + j];
      for (var i = 0; i < ${hin}; i++) { z += a${k - 1}[i] * theta[${l.offW[k]} + i * ${hout} + j]; }
      a${k}[j] = ${act(l.activations[k], 'z')};
      result[index * ${S} + ${off[k]} + j] = a${k}[j];
    }`;
  }
  p.getUserCode = () => `
  fn main(index : i32) {
    if (index >= uniforms.rows) { return; }${body}
  }`;
  return p;
}

/** First index in cols[lo, hi) with cols[k] ≥ item (the row's items are ascending). */
export const LOWER_BOUND = `
  fn lowerBound(lo0 : i32, hi0 : i32, item : i32) -> i32 {
    var lo = lo0;
    var hi = hi0;
    while (lo < hi) {
      let mid = (lo + hi) / 2;
      if (cols[mid] < item) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }`;

/**
 * Top-k unseen items per row, one workgroup per row: [rows, 2k] holding k item indices (as floats,
 * −1 when fewer exist) then their output-layer pre-activations (MASKED_SCORE when none), best first, ties
 * to the lower index. Training items (the row's CSR entries) are skipped.
 * Inputs: theta, acts, rowPtr, cols, ids. Uniforms: u0, rows.
 */
export function topKProgram(l: FusedLayout, rows: number, k: number): GpuProgram {
  const I = l.items,
    n = l.hidden.length,
    HL = l.hidden[n - 1],
    L = n + 1,
    WG = ROW_WORKGROUP;
  const S = l.hidden.reduce((a, b) => a + b, 0),
    aoff = actOffsets(l)[n - 1];
  const chunk = Math.ceil(I / WG);
  const p = flat(`recsysTopK_${key(l)}_k${k}`, rows * 2 * k, ['theta', 'acts', 'rowPtr', 'cols', 'ids'], WG);
  p.dispatch = [rows, 1, 1];
  p.uniforms = 'u0 : i32, rows : i32,';
  p.getUserCode = () => `
  var<workgroup> sv : array<f32, ${WG * k}>;
  var<workgroup> si : array<i32, ${WG * k}>;
  ${LOWER_BOUND}
  fn better(v1 : f32, i1 : i32, v2 : f32, i2 : i32) -> bool {
    return v1 > v2 || (v1 == v2 && i1 >= 0 && (i2 < 0 || i1 < i2));
  }
  fn main(index : i32) {
    let r0 = ${WG_INDEX};
    let r = min(r0, uniforms.rows - 1);
    let tid = i32(localIndex);
    let u = ids[uniforms.u0 + r];
    var hl: array<f32, ${HL}>;
    for (var h = 0; h < ${HL}; h++) { hl[h] = acts[r * ${S} + ${aoff} + h]; }
    var tv: array<f32, ${k}>;
    var ti: array<i32, ${k}>;
    for (var j = 0; j < ${k}; j++) { tv[j] = ${MASKED_SCORE_WGSL}; ti[j] = -1; }
    let i0 = tid * ${chunk};
    let i1 = min(i0 + ${chunk}, ${I});
    let eEnd = rowPtr[u + 1];
    var e = lowerBound(rowPtr[u], eEnd, i0);
    for (var i = i0; i < i1; i++) {
      if (e < eEnd && cols[e] == i) { e++; continue; }
      var z = theta[${l.offB[L - 1]} + i];
      for (var h = 0; h < ${HL}; h++) { z += hl[h] * theta[${l.offW[L - 1]} + h * ${I} + i]; }
      if (!(z > tv[${k - 1}])) { continue; }
      var j = ${k - 1};
      while (j > 0 && z > tv[j - 1]) { tv[j] = tv[j - 1]; ti[j] = ti[j - 1]; j--; }
      tv[j] = z;
      ti[j] = i;
    }
    for (var j = 0; j < ${k}; j++) { sv[tid * ${k} + j] = tv[j]; si[tid * ${k} + j] = ti[j]; }
    workgroupBarrier();
    for (var s = ${WG / 2}; s > 0; s = s / 2) {
      if (tid < s) {
        var mv: array<f32, ${k}>;
        var mi: array<i32, ${k}>;
        var x = tid * ${k};
        var y = (tid + s) * ${k};
        let xe = x + ${k};
        let ye = y + ${k};
        for (var j = 0; j < ${k}; j++) {
          if (y >= ye || (x < xe && !better(sv[y], si[y], sv[x], si[x]))) { mv[j] = sv[x]; mi[j] = si[x]; x++; }
          else { mv[j] = sv[y]; mi[j] = si[y]; y++; }
        }
        for (var j = 0; j < ${k}; j++) { sv[tid * ${k} + j] = mv[j]; si[tid * ${k} + j] = mi[j]; }
      }
      workgroupBarrier();
    }
    if (tid == 0 && r0 < uniforms.rows) {
      for (var j = 0; j < ${k}; j++) {
        result[r * ${2 * k} + j] = f32(si[j]);
        result[r * ${2 * k} + ${k} + j] = sv[j];
      }
    }
  }`;
  return p;
}
