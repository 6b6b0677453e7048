/**
 * How a learner computes its updates beyond the live hyperparameters. In
 * the contract because a drill may recommend them (src/contract/drill.ts).
 */

/** Over which samples advantages are normalised to mean 0, std 1 before the loss. */
export type AdvantageNormalization = 'batch' | 'minibatch' | 'off';

/**
 * Set when the learner is made, and constant for a run. None of them changes
 * the parameter layout, so none enters the shape hash (a model file's
 * header is where they travel). docs/training.md says what each does and
 * what it was measured to change.
 */
export interface TrainingOptions {
  /** Clip the value loss around the acting policy's value, with the policy's clip ε as the range. */
  readonly valueClip: boolean;
  /** `batch`: once over the whole batch; `minibatch`: over each minibatch (CleanRL); `off`: raw advantages. */
  readonly advantageNormalization: AdvantageNormalization;
  /**
   * Anneals lr linearly from its set value to 0 over this many trained
   * samples (env steps of the learner): the update after n samples uses
   * lr·max(0, 1 − n / lrAnnealSteps). 0: no annealing, lr stays exactly as
   * set (open-ended training, where lr is a live setting).
   */
  readonly lrAnnealSteps: number;
}
