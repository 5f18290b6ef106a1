/**
 * The autoencoder's fast path: a generic dense stack items → hidden… → items with hand-derived
 * gradients, one tf.tidy per step, all weights and biases in one flat variable θ (so the optimiser
 * is a few kernels), the loss accumulated on the device and read once per epoch.
 *
 * Forward: Z_l = A_{l−1}·W_l + b_l, A_l = act_l(Z_l), A_0 = X (dense [B, I]; or, with the sparse first
 * layer, X·W1 = Σ_entries v·W1[item] per row). Backward: dZ_l = dA_l ⊙ act'_l, dW_l = A_{l−1}ᵀ·dZ_l,
 * db_l = Σ_rows dZ_l, dA_{l−1} = dZ_l·W_lᵀ (sparse: dW1 = Σ_entries v·dZ1[row] per item).
 * The losses (mse-dense, multinomial) and dY: outputLoss.ts. L2 adds l2·Σ‖W_l‖² (weights only).
 * Where each W_l and b_l sits in θ: paramLayout.ts.
 *
 * Sparsity: the first layer's X·W1 and Xᵀ·dZ1 touch only the ratings (sparseProduct.ts: host kernels
 * on WASM/CPU, gather + segment sums elsewhere), and with MSE on WASM/CPU the loss and dZ_L are computed
 * against the sparse target in one pass (hostKernels.ts), so no dense [B, I] input or target is built there.
 *
 * "explicit" transposes (WASM, CPU): XNNPACK packs a matmul's right operand on every call (~5 ms for
 * a fresh [250, 3706] operand) and transposed matmuls fall back to a naive loop, so every large
 * product has a small right operand: dW1 = Xᵀ·dZ1 with Xᵀ scattered directly (dense first layer) and
 * [dW_Lᵀ | db_L] = dZ_Lᵀ·[A_{L−1} | 1] after one transpose of dZ_L.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../engine/config';
import type { Batch, TrainingData, UserSet } from './deviceData';
import type { StepKernels } from '../engine/engine';
import { hasHostKernels, sharedMatMulThreadsNow, wideGradientT, wideMatMul } from '../kernels/host/hostKernels';
import { activate, activationGrad } from './activations';
import { layerSizes, type HostTensor } from './layers';
import { HandOptimizer } from './optimizer';
import { fusedLayout, fusedTrainStep, fusedUnsupported } from '../kernels/webgpu/webgpuFused';
import type { FusedLayout } from '../kernels/webgpu/webgpuKernels';
import type { StepStrategy } from './strategy';
import { outputLoss } from './outputLoss';
import { ParamLayout } from './paramLayout';
import { sparseProduct } from './sparseProduct';

export class Network {
  /** All weights and biases: W1 (row-major [in, out]), b1, W2, b2, … */
  readonly theta: tf.Variable<tf.Rank.R1>;
  readonly optimizer: HandOptimizer;
  readonly layers: number;
  private readonly sizes: number[];
  /** Name, shape and offset of each parameter inside θ. */
  private readonly layout: ParamLayout;
  private readonly lossSum: tf.Variable<tf.Rank.R0>;
  /** [I, 1] ones (a persistent right operand, so XNNPACK caches it) and the weight mask for L2. */
  private readonly onesI: tf.Tensor2D;
  private readonly weightMask?: tf.Tensor1D;
  /** Fused WebGPU steps' running loss (last value: the sum of their batch losses since the last read). */
  private fusedLoss?: tf.Tensor1D;
  /** Whether a generic step added to lossSum since the last read. */
  private genericLoss = false;
  /** Kernels of the last trainStep. */
  lastStepKernels: StepKernels = 'generic';
  /** The fused WebGPU programs' view of the layers and θ's layout, and whether they train this model. */
  private readonly fused: { layout: FusedLayout; trains: boolean };
  /** Whether the host kernels run this model's steps and scores (the strategy allows, the backend has them). */
  private readonly host: boolean;
  /** Host kernels with the wide products on two threads (RecsysSharedMatMul) where they apply. */
  private readonly twoThreads: boolean;

  /**
   * @param tensors weights/biases by name (W1, b1, …; see initParams) and, optionally, optimiser
   *   slots ("W1/ms", …) and "opt/step" from a snapshot.
   * @param strategy the kernels to use on the active backend (build the model after selecting it).
   */
  constructor(
    readonly model: ModelConfig,
    readonly items: number,
    tensors: HostTensor[],
    readonly strategy: StepStrategy,
  ) {
    this.host = strategy.hostKernels !== false && hasHostKernels();
    this.twoThreads = this.host && strategy.twoThreadProducts !== false;
    this.sizes = layerSizes(items, model);
    this.layers = this.sizes.length - 1;
    this.layout = new ParamLayout(this.sizes);
    const offset = this.layout.size;
    const byName = new Map(tensors.map((t) => [t.name, t]));
    const flat = this.layout.gather((p) => {
      const t = byName.get(p.name);
      if (!t) throw new Error(`model tensors lack ${p.name}`);
      if (t.shape.join() !== p.shape.join()) throw new Error(`tensor ${p.name} has shape [${t.shape}], expected [${p.shape}]`);
      return t.data;
    });
    const init = tf.tensor1d(flat!, 'float32');
    this.theta = tf.variable(init, false) as tf.Variable<tf.Rank.R1>;
    init.dispose();
    this.optimizer = new HandOptimizer(model, offset);
    this.writeSlots(byName);
    const zero = tf.scalar(0);
    this.lossSum = tf.variable(zero, false);
    zero.dispose();
    this.onesI = tf.ones([items, 1]);
    this.fused = {
      layout: fusedLayout(
        model,
        items,
        this.layout.params.map((p) => p.offset),
        offset,
      ),
      trains: strategy.fused === true && fusedUnsupported(model) === null,
    };
    if (model.l2 > 0) this.weightMask = tf.tensor1d(this.layout.weightMask(), 'float32');
  }

  private writeSlots(byName: Map<string, HostTensor>): void {
    for (const kind of this.optimizer.slots.keys()) {
      const flat = this.layout.gather((p) => byName.get(`${p.name}/${kind}`)?.data);
      if (flat) this.optimizer.write(kind, flat);
    }
    const step = byName.get('opt/step');
    if (step) this.optimizer.step = step.data[0];
  }

  /**
   * Activations A_1..A_L (index 0 is X); with `logits` the last entry is the output layer's
   * pre-activation Z_L instead. Call inside tf.tidy.
   */
  private forward(batch: Batch, W: tf.Tensor2D[], b: tf.Tensor1D[], sparse: boolean, logits: boolean, host: boolean): tf.Tensor2D[] {
    const acts: tf.Tensor2D[] = [batch.x!];
    for (let l = 1; l <= this.layers; l++) {
      let z: tf.Tensor2D;
      if (l === 1 && sparse) {
        z = tf.add(sparseProduct(batch.rows!, batch.cols!, batch.vals!, W[0], batch.size, host), b[0]);
      } else {
        const wide = wideMatMul(acts[l - 1], W[l - 1], host && this.twoThreads);
        z = wide ? tf.add(wide, b[l - 1]) : (tf.fused.matMul({ a: acts[l - 1], b: W[l - 1], bias: b[l - 1] }) as tf.Tensor2D);
      }
      acts.push(logits && l === this.layers ? z : activate(z, this.model.activations[l - 1]));
    }
    return acts;
  }

  /**
   * One optimisation step on the batch of `users`; the batch loss is added to the device-side sum.
   * @param dropout per-entry input multipliers (batchEntries order) or null.
   */
  trainStep(data: TrainingData, users: UserSet, dropout: Float32Array | null): void {
    const opt = this.strategy;
    if (this.fused.trains && !dropout && !(users instanceof Int32Array) && data.mode === 'device') {
      const b = data.canonicalBatch(users);
      if (b >= 0) {
        const params = { layout: this.fused.layout, theta: this.theta, ms: this.optimizer.slots.get('ms')!, model: this.model };
        this.fusedLoss = fusedTrainStep(params, data.fusedGpu(), b, users.start, users.end, this.fusedLoss);
        this.optimizer.step++;
        this.lastStepKernels = 'fused-webgpu';
        return;
      }
    }
    this.genericLoss = true;
    this.lastStepKernels = 'generic';
    tf.tidy(() => {
      const m = this.model;
      const sparse = opt.firstLayer === 'sparse' && data.mode === 'device';
      const explicit = opt.explicitTranspose;
      const host = this.host;
      const twoThreads = host && this.twoThreads;
      // MSE against the sparse target in one host-kernel pass (no dense T) where available.
      const fused = m.loss === 'mse-dense' && data.mode === 'device' && host;
      const hostLO = host && opt.hostLossAndOptimizer !== false;
      // Multinomial on the logits against the sparse target in one host pass (no dense T).
      const hostXent = hostLO && m.loss === 'multinomial' && m.activations[this.layers - 1] === 'linear' && data.mode === 'device';
      const sparseTarget = fused || hostXent;
      const batch = data.batch(users, dropout, {
        x: !sparse,
        xT: !sparse && explicit,
        t: !sparseTarget,
        sparse,
        targetEntries: sparseTarget,
      });
      const B = batch.size,
        I = this.items,
        L = this.layers;
      const { W, b } = this.layout.split(this.theta, host);
      const acts = this.forward(batch, W, b, sparse, false, host);
      const head = outputLoss(acts[L], batch, { loss: m.loss, outAct: m.activations[L - 1], sparseTarget, explicit, onesI: this.onesI });
      let { loss, dA } = head;
      /** dZ_L from a host kernel (else act' applies); xent: the multinomial kernel's dZ_Lᵀ and db_L. */
      const { scale, dZ: dZL, xent } = head;
      // Gradients of the unscaled dA; the loss factor `scale` is applied once to the flat gradient.
      const grads: tf.Tensor[] = new Array(2 * L);
      for (let l = L; l >= 1; l--) {
        const dZ = l === L && dZL ? dZL : activationGrad(dA, acts[l], m.activations[l - 1]);
        const out = this.sizes[l],
          inp = this.sizes[l - 1];
        let dW: tf.Tensor2D, db: tf.Tensor1D;
        let dAT: tf.Tensor2D | null = null;
        if (l === L && l > 1 && xent) {
          // Small right operands only (see the header): dW = Aᵀ·dZ, dAᵀ = W·dZᵀ, db from the kernel.
          const aT = tf.transpose(acts[l - 1]) as tf.Tensor2D;
          const wide = wideMatMul(aT, dZ, twoThreads);
          if (wide && sharedMatMulThreadsNow() === 2) this.lastStepKernels = 'generic-two-threads';
          dW = wide ?? tf.matMul(aT, dZ);
          db = xent.db;
          dAT = wideMatMul(W[l - 1], xent.dzT, twoThreads) ?? (tf.matMul(W[l - 1], xent.dzT) as tf.Tensor2D);
        } else if (l === 1 && sparse) {
          dW = sparseProduct(batch.cols!, batch.rows!, batch.vals!, dZ, I, host);
          db = tf.sum(dZ, 0);
        } else if (l === 1) {
          dW = explicit ? tf.matMul(batch.xT!, dZ) : tf.matMul(batch.x!, dZ, true, false);
          db = tf.sum(dZ, 0);
        } else if (explicit && out >= (opt.wideFrom ?? 256)) {
          // [dWᵀ | db] = dZᵀ·[A | 1] is [out, in + 1]; its transpose splits into contiguous rows
          // (on WASM with 10 inputs, one SIMD kernel computes that transpose directly: hostKernels.ts).
          const gT =
            (host && wideGradientT(dZ, acts[l - 1])) ||
            tf.transpose(tf.matMul(tf.transpose(dZ), tf.concat([acts[l - 1], tf.ones([B, 1])], 1)));
          dW = tf.slice(gT, [0, 0], [inp, out]) as tf.Tensor2D;
          db = tf.reshape(tf.slice(gT, [inp, 0], [1, out]), [out]) as tf.Tensor1D;
        } else {
          dW = tf.matMul(acts[l - 1], dZ, true, false);
          db = tf.sum(dZ, 0);
        }
        grads[2 * (l - 1)] = dW;
        grads[2 * (l - 1) + 1] = db;
        if (dAT) dA = tf.transpose(dAT) as tf.Tensor2D;
        else if (l > 1) dA = explicit ? tf.matMul(dZ, tf.transpose(W[l - 1])) : tf.matMul(dZ, W[l - 1], false, true);
      }
      if (hostLO && m.optimizer === 'adam') {
        const weightSq = this.optimizer.applyAdamHost(this.theta, grads, scale, m.l2);
        if (m.l2 > 0) loss = tf.add(loss, tf.mul(weightSq, m.l2));
        this.lossSum.assign(tf.add(this.lossSum, loss));
        return;
      }
      let g = tf.concat(grads.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
      if (m.l2 > 0) {
        const w = tf.mul(this.theta, this.weightMask!);
        loss = tf.add(loss, tf.mul(tf.sum(tf.square(w)), m.l2));
        g = tf.add(g, tf.mul(w, (2 * m.l2) / scale));
      }
      this.optimizer.apply(this.theta, g, scale);
      this.lossSum.assign(tf.add(this.lossSum, loss));
    });
  }

  /**
   * Scores of a batch for ranking, [B, I]: the output layer's pre-activation when `logits` (any
   * monotone output activation ranks identically), else its activation. Call inside tf.tidy.
   * @param theta weights to score with instead of the live θ (a copy from copyTheta()).
   */
  scores(batch: Batch, logits: boolean, theta?: tf.Tensor1D): tf.Tensor2D {
    const host = this.host;
    if (theta && theta.size !== this.theta.size) throw new Error(`weights copy has ${theta.size} values, expected ${this.theta.size}`);
    const { W, b } = this.layout.split(theta ?? this.theta, host);
    return this.forward(batch, W, b, !batch.x, logits, host)[this.layers];
  }

  /**
   * A device copy of the current weights and biases (flat θ), unaffected by later steps (the
   * optimiser replaces θ's data, never writes into it). The caller disposes it.
   */
  copyTheta(): tf.Tensor1D {
    return tf.clone(this.theta);
  }

  /** The fused WebGPU programs' view of the layers and θ's layout. */
  fusedLayout(): FusedLayout {
    return this.fused.layout;
  }

  /** Reads and resets the accumulated loss (one device→host sync per kind of step taken). */
  async takeLossSum(): Promise<number> {
    let v = 0;
    if (this.genericLoss || !this.fusedLoss) {
      v = (await this.lossSum.data())[0];
      tf.tidy(() => this.lossSum.assign(tf.scalar(0)));
      this.genericLoss = false;
    }
    if (this.fusedLoss) {
      const d = await this.fusedLoss.data();
      v += d[d.length - 1];
      this.fusedLoss.dispose();
      this.fusedLoss = undefined;
    }
    return v;
  }

  /** Weights, biases, optimiser slots ("W1/ms", …) and "opt/step" as host arrays. */
  async read(): Promise<HostTensor[]> {
    const theta = (await this.theta.data()) as Float32Array;
    const slots = await this.optimizer.read();
    const out: HostTensor[] = this.layout.hostTensors(theta);
    for (const [kind, flat] of slots) out.push(...this.layout.hostTensors(flat, `/${kind}`));
    out.push({ name: 'opt/step', shape: [1], data: Float32Array.of(this.optimizer.step) });
    return out;
  }

  /** Restores weights and the optimiser state present in `tensors` (shapes must match). */
  write(tensors: HostTensor[]): void {
    const byName = new Map(tensors.map((t) => [t.name, t]));
    const flat = this.layout.gather((p) => {
      const t = byName.get(p.name);
      if (t && t.shape.join() !== p.shape.join()) throw new Error(`tensor ${p.name} has shape [${t.shape}], expected [${p.shape}]`);
      return t?.data;
    });
    if (!flat) throw new Error('snapshot lacks some weights');
    const t = tf.tensor1d(flat, 'float32');
    this.theta.assign(t);
    t.dispose();
    this.writeSlots(byName);
  }

  dispose(): void {
    this.fusedLoss?.dispose();
    this.theta.dispose();
    this.optimizer.dispose();
    this.lossSum.dispose();
    this.onesI.dispose();
    this.weightMask?.dispose();
  }
}
