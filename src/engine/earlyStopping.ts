/**
 * Early stopping for the dense model kind (ModelConfig.patience): remembers the finished epoch with the
 * best validation precision at K and counts the epochs since, across train() calls until reset().
 */
import type { ModelSnapshot } from './engine';

/** The best finished epoch so far: its validation precision at K and its host snapshot. */
export interface BestEpoch {
  score: number;
  snapshot: ModelSnapshot;
}

export class EarlyStopping {
  private best?: BestEpoch;
  private sinceBest = 0;

  /** Forgets the best epoch (a new model: load() or restore()). */
  reset(): void {
    this.best = undefined;
    this.sinceBest = 0;
  }

  /**
   * Records a finished epoch's validation precision at K (`score`, 0–1); true when `patience` epochs in a
   * row have not improved on the best one (training should stop).
   */
  observe(score: number, snapshot: ModelSnapshot, patience: number): boolean {
    if (!this.best || score > this.best.score) {
      this.best = { score, snapshot };
      this.sinceBest = 0;
      return false;
    }
    return ++this.sinceBest >= patience;
  }

  /** The best epoch when it is not `epoch` (the model's current one), else undefined. */
  bestUnless(epoch: number): BestEpoch | undefined {
    return this.best && this.best.snapshot.epoch !== epoch ? this.best : undefined;
  }
}
