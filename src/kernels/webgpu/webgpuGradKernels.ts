/**
 * The fused WebGPU path's gradient and optimiser programs (notation and helpers: webgpuKernels.ts).
 */
import { act, actOffsets, dact, flat, key, LOWER_BOUND, ROW_WORKGROUP, WG_INDEX, type FusedLayout, type GpuProgram } from './webgpuKernels';

/**
 * Output layer and MSE against the batch's sparse target, one thread per item: [I, HL + 2] holding
 * Σ_b a_b·dz (the item's column of dW_L), Σ_b dz (db_L) and Σ_b (y − t)² (its loss share).
 * Inputs: theta, acts, colPtr (per batch [I + 1] offsets, batch bb at bb·(I + 1)), cscRow / cscT (the
 * batch's entries ordered by item, then row). Uniforms: cb (colPtr base), rows.
 */
export function outputGradProgram(l: FusedLayout): GpuProgram {
  const I = l.items,
    HL = l.hidden[l.hidden.length - 1],
    L = l.hidden.length + 1;
  const S = l.hidden.reduce((a, b) => a + b, 0),
    aoff = actOffsets(l)[l.hidden.length - 1];
  const out = l.activations[L - 1];
  const p = flat(`recsysOutGrad_${key(l)}`, I * (HL + 2), ['theta', 'acts', 'colPtr', 'cscRow', 'cscT']);
  p.dispatch = [Math.ceil(I / 64), 1, 1];
  p.uniforms = 'cb : i32, rows : i32,';
  p.getUserCode = () => `
  fn main(index : i32) {
    if (index >= ${I}) { return; }
    var w: array<f32, ${HL}>;
    var gw: array<f32, ${HL}>;
    for (var h = 0; h < ${HL}; h++) { w[h] = theta[${l.offW[L - 1]} + h * ${I} + index]; gw[h] = 0.0; }
    let bias = theta[${l.offB[L - 1]} + index];
    var gb = 0.0;
    var loss = 0.0;
    var q = colPtr[uniforms.cb + index];
    let qEnd = colPtr[uniforms.cb + index + 1];
    for (var b = 0; b < uniforms.rows; b++) {
      let a = b * ${S} + ${aoff};
      var z = bias;
      for (var h = 0; h < ${HL}; h++) { z += acts[a + h] * w[h]; }
      let y = ${act(out, 'z')};
      var t = 0.0;
      if (q < qEnd && cscRow[q] == b) { t = cscT[q]; q++; }
      let d = y - t;
      loss += d * d;
      let dz = d * ${dact(out, 'y')};
      for (var h = 0; h < ${HL}; h++) { gw[h] += acts[a + h] * dz; }
      gb += dz;
    }
    for (var h = 0; h < ${HL}; h++) { result[index * ${HL + 2} + h] = gw[h]; }
    result[index * ${HL + 2} + ${HL}] = gb;
    result[index * ${HL + 2} + ${HL + 1}] = loss;
  }`;
  return p;
}

/**
 * Backward pass through the hidden layers, one workgroup per row: dzs [rows, S]. The workgroup's
 * threads split the items into contiguous chunks, recompute y and dz of the output layer (targets from
 * the row's CSR entries), reduce dA_L−1 = dz·W_Lᵀ in shared memory, then thread 0 walks back
 * through the hidden layers.
 * Inputs: theta, acts, rowPtr, cols, vt (target per entry), ids. Uniforms: u0, rows.
 */
export function hiddenGradProgram(l: FusedLayout, rows: number): GpuProgram {
  const I = l.items,
    n = l.hidden.length,
    HL = l.hidden[n - 1],
    L = n + 1,
    WG = ROW_WORKGROUP;
  const S = l.hidden.reduce((a, b) => a + b, 0),
    off = actOffsets(l);
  const out = l.activations[L - 1];
  const chunk = Math.ceil(I / WG);
  const p = flat(`recsysHiddenGrad_${key(l)}`, rows * S, ['theta', 'acts', 'rowPtr', 'cols', 'vt', 'ids'], WG);
  p.dispatch = [rows, 1, 1];
  p.uniforms = 'u0 : i32, rows : i32,';
  // Thread 0's walk back: dZ of hidden layer j from dA_j; dA_{j−1} = dZ_j·W_{j+1}ᵀ.
  let back = `
      var dz${n - 1}: array<f32, ${HL}>;
      for (var h = 0; h < ${HL}; h++) {
        let y = acts[a + ${off[n - 1]} + h];
        dz${n - 1}[h] = red[h] * ${dact(l.activations[n - 1], 'y')};
        result[r * ${S} + ${off[n - 1]} + h] = dz${n - 1}[h];
      }`;
  for (let j = n - 2; j >= 0; j--) {
    const hj = l.hidden[j],
      hn = l.hidden[j + 1];
    back += `
      var dz${j}: array<f32, ${hj}>;
      for (var k = 0; k < ${hj}; k++) {
        var s = 0.0;
        for (var h = 0; h < ${hn}; h++) { s += dz${j + 1}[h] * theta[${l.offW[j + 1]} + k * ${hn} + h]; }
        let y = acts[a + ${off[j]} + k];
        dz${j}[k] = s * ${dact(l.activations[j], 'y')};
        result[r * ${S} + ${off[j]} + k] = dz${j}[k];
      }`;
  }
  p.getUserCode = () => `
  var<workgroup> red : array<f32, ${WG * HL}>;
  ${LOWER_BOUND}
  fn main(index : i32) {
    let r0 = ${WG_INDEX};
    let r = min(r0, uniforms.rows - 1);
    let tid = i32(localIndex);
    let u = ids[uniforms.u0 + r];
    let a = r * ${S};
    var hl: array<f32, ${HL}>;
    var acc: array<f32, ${HL}>;
    for (var h = 0; h < ${HL}; h++) { hl[h] = acts[a + ${off[n - 1]} + h]; acc[h] = 0.0; }
    let i0 = tid * ${chunk};
    let i1 = min(i0 + ${chunk}, ${I});
    let eEnd = rowPtr[u + 1];
    var e = lowerBound(rowPtr[u], eEnd, i0);
    for (var i = i0; i < i1; i++) {
      var z = theta[${l.offB[L - 1]} + i];
      for (var h = 0; h < ${HL}; h++) { z += hl[h] * theta[${l.offW[L - 1]} + h * ${I} + i]; }
      let y = ${act(out, 'z')};
      var t = 0.0;
      if (e < eEnd && cols[e] == i) { t = vt[e]; e++; }
      let dz = (y - t) * ${dact(out, 'y')};
      for (var h = 0; h < ${HL}; h++) { acc[h] += dz * theta[${l.offW[L - 1]} + h * ${I} + i]; }
    }
    for (var h = 0; h < ${HL}; h++) { red[tid * ${HL} + h] = acc[h]; }
    workgroupBarrier();
    for (var s = ${WG / 2}; s > 0; s = s / 2) {
      if (tid < s) {
        for (var h = 0; h < ${HL}; h++) { red[tid * ${HL} + h] += red[(tid + s) * ${HL} + h]; }
      }
      workgroupBarrier();
    }
    if (tid == 0 && r0 < uniforms.rows) {${back}
    }
  }`;
  return p;
}

/**
 * Gradients of θ[offB1, offW_L) — b1, W2, b2, …, W_{L−1}, b_{L−1}, in θ's order — summed over the
 * batch's rows, then one more value: the running loss sum (the previous step's value plus this batch's
 * Σ(y − t)²·invBI), so the loss is read once per epoch. Inputs: acts, dzs, outGrad ([I, HL + 2]),
 * prev (the previous output of this program, or zeros). Uniforms: rows, invBI.
 */
export function hiddenParamGradProgram(l: FusedLayout): GpuProgram {
  const I = l.items,
    n = l.hidden.length,
    HL = l.hidden[n - 1],
    L = n + 1;
  const S = l.hidden.reduce((a, b) => a + b, 0),
    off = actOffsets(l);
  const start = l.offB[0],
    PS = l.offW[L - 1] - start;
  const p = flat(`recsysHiddenParamGrad_${key(l)}`, PS + 1, ['acts', 'dzs', 'outGrad', 'prev']);
  p.uniforms = 'rows : i32, invBI : f32,';
  let chain = `
    if (p < ${l.offW[1] ?? l.offW[L - 1]}) {
      let j = p - ${l.offB[0]};
      for (var b = 0; b < uniforms.rows; b++) { s += dzs[b * ${S} + ${off[0]} + j]; }
    }`;
  for (let k = 1; k < n; k++) {
    const hout = l.hidden[k];
    chain += ` else if (p < ${l.offB[k]}) {
      let q = p - ${l.offW[k]};
      let i = q / ${hout};
      let j = q % ${hout};
      for (var b = 0; b < uniforms.rows; b++) { s += acts[b * ${S} + ${off[k - 1]} + i] * dzs[b * ${S} + ${off[k]} + j]; }
    } else if (p < ${l.offW[k + 1]}) {
      let j = p - ${l.offB[k]};
      for (var b = 0; b < uniforms.rows; b++) { s += dzs[b * ${S} + ${off[k]} + j]; }
    }`;
  }
  p.getUserCode = () => `
  fn main(index : i32) {${
    n === 1
      ? `
    _ = acts[0]; // one hidden layer reads no activations here, but the binding must stay in the layout`
      : ''
  }
    if (index > ${PS}) { return; }
    if (index == ${PS}) {
      var loss = 0.0;
      for (var i = 0; i < ${I}; i++) { loss += outGrad[i * ${HL + 2} + ${HL + 1}]; }
      result[index] = prev[index] + loss * uniforms.invBI;
      return;
    }
    let p = index + ${start};
    var s = 0.0;${chain}
    result[index] = s;
  }`;
  return p;
}

/**
 * dW1 = Xᵀ·dZ1 over the batch's entries, one thread per item: [I, H0] (W1's layout).
 * Inputs: dzs, colPtr, cscRow, cscV (input value per entry). Uniforms: cb.
 */
export function firstLayerGradProgram(l: FusedLayout): GpuProgram {
  const I = l.items,
    H0 = l.hidden[0];
  const S = l.hidden.reduce((a, b) => a + b, 0);
  const p = flat(`recsysFirstGrad_${key(l)}`, I * H0, ['dzs', 'colPtr', 'cscRow', 'cscV']);
  p.dispatch = [Math.ceil(I / 64), 1, 1];
  p.uniforms = 'cb : i32,';
  p.getUserCode = () => `
  fn main(index : i32) {
    if (index >= ${I}) { return; }
    var g: array<f32, ${H0}>;
    for (var j = 0; j < ${H0}; j++) { g[j] = 0.0; }
    let qEnd = colPtr[uniforms.cb + index + 1];
    for (var q = colPtr[uniforms.cb + index]; q < qEnd; q++) {
      let d = cscRow[q] * ${S};
      let v = cscV[q];
      for (var j = 0; j < ${H0}; j++) { g[j] += v * dzs[d + j]; }
    }
    for (var j = 0; j < ${H0}; j++) { result[index * ${H0} + j] = g[j]; }
  }`;
  return p;
}

/** WGSL: the scaled gradient of θ[p] gathered from the three gradient programs' outputs. */
function gradOf(l: FusedLayout): string {
  const I = l.items,
    HL = l.hidden[l.hidden.length - 1],
    L = l.hidden.length + 1;
  return `
  fn gradOf(p : i32) -> f32 {
    var g = 0.0;
    if (p < ${l.offB[0]}) { g = gW1[p]; }
    else if (p < ${l.offW[L - 1]}) { g = gHidden[p - ${l.offB[0]}]; }
    else if (p < ${l.offB[L - 1]}) { let q = p - ${l.offW[L - 1]}; g = gOut[(q % ${I}) * ${HL + 2} + q / ${I}]; }
    else { g = gOut[(p - ${l.offB[L - 1]}) * ${HL + 2} + ${HL}]; }
    return g * uniforms.scale;
  }`;
}

/** RMSProp (TF1) accumulator: ms + (g² − ms)·(1 − decay), [P]. Inputs: ms, gW1, gHidden, gOut. Uniforms: scale, oneMinusDecay. */
export function rmsPropSlotProgram(l: FusedLayout): GpuProgram {
  const p = flat(`recsysRmsMs_${key(l)}`, l.size, ['ms', 'gW1', 'gHidden', 'gOut']);
  p.uniforms = 'scale : f32, oneMinusDecay : f32,';
  p.getUserCode = () => `${gradOf(l)}
  fn main(index : i32) {
    if (index >= ${l.size}) { return; }
    let g = gradOf(index);
    let m = ms[index];
    result[index] = m + (g * g - m) * uniforms.oneMinusDecay;
  }`;
  return p;
}

/** RMSProp (TF1, no momentum) step: θ − lr·g/√(ms′ + ε), [P]. Inputs: theta, ms (updated), gW1, gHidden, gOut. Uniforms: scale, lr, eps. */
export function rmsPropThetaProgram(l: FusedLayout): GpuProgram {
  const p = flat(`recsysRmsTheta_${key(l)}`, l.size, ['theta', 'ms', 'gW1', 'gHidden', 'gOut']);
  p.uniforms = 'scale : f32, lr : f32, eps : f32,';
  p.getUserCode = () => `${gradOf(l)}
  fn main(index : i32) {
    if (index >= ${l.size}) { return; }
    let g = gradOf(index);
    result[index] = theta[index] - g * uniforms.lr / sqrt(ms[index] + uniforms.eps);
  }`;
  return p;
}
