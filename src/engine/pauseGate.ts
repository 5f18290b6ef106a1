/**
 * Pause / resume / stop requests for a training loop, honoured between its steps (batches of an epoch,
 * fits of the linear search). InProcessEngine and LinearEngine each own one.
 */
import type { TrainState } from './engine';

export class PauseGate {
  private pauseRequested = false;
  private stopRequested = false;
  private wake?: () => void;

  /** Whether stop() was called since the last reset(). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Clears both requests (at the start of a run). */
  reset(): void {
    this.stopRequested = this.pauseRequested = false;
  }

  pause(): void {
    this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    this.wake?.();
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /**
   * Between steps: blocks while paused (reporting 'paused', then 'running' unless stopped meanwhile);
   * false when stopping.
   */
  async wait(setState: (s: TrainState) => void): Promise<boolean> {
    if (this.pauseRequested && !this.stopRequested) {
      setState('paused');
      while (this.pauseRequested && !this.stopRequested) await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
      if (!this.stopRequested) setState('running');
    }
    return !this.stopRequested;
  }
}
