/**
 * The output layer's loss and its gradient for one batch of Network.trainStep (B users, I items):
 * mse-dense = mean((Y − T)²) over B×I; multinomial = −(1/B)·Σ_b Σ_i T_bi·log_softmax(Y_b)_i,
 * dY = (softmax(Y_b)·Σ_i T_bi − T_b)/B. Either against a dense target T with tfjs ops, or against the
 * sparse target (the batch's ratings) in one host-kernel pass (hostKernels.ts, multinomialKernel.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, LossName } from '../engine/config';
import { sparseTargetGradient } from '../kernels/host/hostKernels';
import { multinomialGradient } from '../kernels/host/multinomialKernel';
import type { Batch } from './deviceData';

/** The batch loss and the gradient the backward pass starts from. */
export interface OutputLoss {
  /** The batch loss (L2 not included). */
  loss: tf.Scalar;
  /** dLoss/dY [B, I] without the factor `scale`; dZ_L itself when `dZ` is set. */
  dA: tf.Tensor2D;
  /** The loss factor (2/(B·I) for MSE, 1/B for multinomial), applied once to the flat gradient. */
  scale: number;
  /** dZ_L [B, I] from a host kernel (sparse target), else null (the caller applies act'). */
  dZ: tf.Tensor2D | null;
  /** The multinomial host kernel's dZ_Lᵀ [I, B] and db_L [I] (sparse target, multinomial), else null. */
  xent: { dzT: tf.Tensor2D; db: tf.Tensor1D } | null;
}

/**
 * Loss and output gradient of a batch's predictions `y` [B, I]. Call inside tf.tidy.
 * @param o.sparseTarget against batch.flat / batch.tvals with a host kernel (MSE with the output
 *   activation `outAct`, multinomial on linear logits); else against the dense batch.t.
 * @param o.explicit sum the squared errors as a product with `onesI` ([I, 1] ones; see network.ts).
 */
export function outputLoss(
  y: tf.Tensor2D,
  batch: Batch,
  o: { loss: LossName; outAct: Activation; sparseTarget: boolean; explicit: boolean; onesI: tf.Tensor2D },
): OutputLoss {
  const B = batch.size,
    I = y.shape[1];
  if (o.sparseTarget && o.loss === 'mse-dense') {
    const r = sparseTargetGradient(y, batch.flat!, batch.tvals!, o.outAct);
    return { loss: tf.div(r.loss, B * I), dA: r.dz, scale: 2 / (B * I), dZ: r.dz, xent: null };
  }
  if (o.sparseTarget) {
    const r = multinomialGradient(y, batch.flat!, batch.tvals!);
    return { loss: tf.div(r.loss, B), dA: r.dz, scale: 1 / B, dZ: r.dz, xent: r };
  }
  if (o.loss === 'mse-dense') {
    const dA: tf.Tensor2D = tf.sub(y, batch.t!);
    const sq = tf.square(dA);
    const loss: tf.Scalar = tf.div(o.explicit ? tf.sum(tf.matMul(sq, o.onesI)) : tf.sum(sq), B * I);
    return { loss, dA, scale: 2 / (B * I), dZ: null, xent: null };
  }
  const zs = tf.sub(y, tf.max(y, 1, true));
  const e = tf.exp(zs);
  const s = tf.sum(e, 1, true);
  const loss: tf.Scalar = tf.div(tf.neg(tf.sum(tf.mul(batch.t!, tf.sub(zs, tf.log(s))))), B);
  const dA: tf.Tensor2D = tf.sub(tf.mul(e, tf.div(tf.sum(batch.t!, 1, true), s)), batch.t!);
  return { loss, dA, scale: 1 / B, dZ: null, xent: null };
}
