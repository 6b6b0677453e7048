/**
 * The training section: what the runtime is doing, the policy version the
 * match plays, Train / Stop training (one button), Reset training, and
 * saving or loading the weights as a model file. While a start model (the
 * shipped agent, or the `model` setting's) plays untrained, Train continues
 * from it and "Train from scratch" starts from new weights; "Reset to
 * shipped agent" brings the shipped agent back at any time.
 */
import { html, nothing } from 'lit';
import { MODEL_FILE_EXTENSION } from '../../src/runtime/index.js';
import { ASLEEP_TEXT } from '../asleep-text.js';
import { ICONS } from './icons.js';

/** A training command the element is waiting on, if any. */
export type TrainingCommand = 'train' | 'stop' | 'reset' | 'import' | 'shipped' | null;

export interface TrainingView {
  /** Whether the element has a runtime (it is connected). */
  readonly joined: boolean;
  /** Whether the runtime has started its workers. */
  readonly ready: boolean;
  readonly training: boolean;
  readonly command: TrainingCommand;
  /** An unrecovered error that stopped training. */
  readonly failure: string | null;
  /** Why the last model could not be loaded or saved (training is unaffected). */
  readonly notice: string | null;
  /** Version of the weights the match plays (0: none yet). */
  readonly policyVersion: number;
  /** "Recovering: …" while the runtime replaces a lost worker, else null. */
  readonly recovering: string | null;
  /** The match plays a start model (shipped or the `model` setting's), untrained since. */
  readonly startModel: boolean;
  /** The drill ships a trained agent. */
  readonly shipped: boolean;
  /** The runtime sleeps until a lazy arena comes into view (a command wakes it). */
  readonly asleep: boolean;
}

export interface TrainingHandlers {
  toggle(): void;
  reset(): void;
  trainFromScratch(): void;
  resetToShipped(): void;
  save(): void;
  load(file: File): void;
}

export function trainingStatus(view: TrainingView): string {
  if (view.failure) return 'Stopped';
  if (view.recovering) return view.recovering;
  switch (view.command) {
    case 'reset':
      return 'Resetting…';
    case 'train':
      return 'Starting training…';
    case 'stop':
      return 'Stopping…';
    case 'import':
      return 'Loading model…';
    case 'shipped':
      return 'Loading the shipped agent…';
  }
  return view.asleep ? ASLEEP_TEXT : !view.ready ? 'Starting…' : view.training ? 'Training' : view.startModel ? 'Playing a trained agent' : 'Not training';
}

/**
 * Buttons that are busy are aria-disabled rather than disabled: a disabled
 * button drops keyboard focus, and Train turns into Stop under the finger.
 */
export function renderTrainingSection(view: TrainingView, on: TrainingHandlers) {
  const { training, failure } = view;
  const busy = view.command !== null;
  // Asleep, a command wakes the runtime: Load model… works before the match is in view.
  const canReset = (view.ready || view.asleep) && !busy;
  const canSave = view.ready && view.policyVersion > 0;
  return html`
    <div part="section training" role="group" aria-labelledby="training-title">
      <span class="title" id="training-title">Training</span>
      <div class="row">
        <p part="status" role="status" class=${failure ? 'failed' : view.recovering ? 'recovering' : training ? 'training' : ''}><span class="dot" aria-hidden="true"></span>${trainingStatus(view)}</p>
        ${view.policyVersion > 0 ? html`<span class="version" title="Version of the weights the match plays with">Policy v${view.policyVersion}</span>` : nothing}
        <span class="spacer"></span>
        <div class="row training-actions">
          <button
            part="button train-button"
            type="button"
            class=${training ? 'stop' : 'primary'}
            aria-disabled=${busy || !view.joined ? 'true' : 'false'}
            title=${!training && view.startModel ? 'Goes on learning from the agent in play' : nothing}
            @click=${() => (!busy && view.joined ? on.toggle() : undefined)}
          >${training ? ICONS.stop : ICONS.play}${training ? 'Stop training' : 'Train'}</button>
          ${!training && view.startModel
            ? html`<button
                part="button train-scratch-button"
                type="button"
                aria-describedby="train-scratch-help"
                aria-disabled=${canReset ? 'false' : 'true'}
                @click=${() => (canReset ? on.trainFromScratch() : undefined)}
              >${ICONS.play}Train from scratch</button>`
            : nothing}
          <button
            part="button reset-training-button"
            type="button"
            aria-describedby="reset-training-help"
            aria-disabled=${canReset ? 'false' : 'true'}
            @click=${() => (canReset ? on.reset() : undefined)}
          >${ICONS.restart}Reset training</button>
        </div>
      </div>
      <div class="row model-actions">
        <button
          part="button save-model-button"
          type="button"
          aria-disabled=${canSave ? 'false' : 'true'}
          @click=${() => (canSave ? on.save() : undefined)}
        >${ICONS.download}Save model</button>
        <button
          part="button load-model-button"
          type="button"
          aria-describedby="load-model-help"
          aria-disabled=${canReset ? 'false' : 'true'}
          @click=${(event: Event) => (canReset ? ((event.currentTarget as HTMLElement).nextElementSibling as HTMLInputElement).click() : undefined)}
        >${ICONS.upload}Load model…</button>
        <input
          class="visually-hidden"
          type="file"
          tabindex="-1"
          aria-hidden="true"
          accept=${MODEL_FILE_EXTENSION}
          @change=${(event: Event) => {
            const input = event.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) on.load(file);
          }}
        />
        ${view.shipped
          ? html`<button
              part="button shipped-agent-button"
              type="button"
              aria-describedby="shipped-agent-help"
              aria-disabled=${canReset ? 'false' : 'true'}
              @click=${() => (canReset ? on.resetToShipped() : undefined)}
            >${ICONS.restart}Reset to shipped agent</button>`
          : nothing}
      </div>
      <p class="visually-hidden" id="reset-training-help">Starts learning over from the seed with new weights, using the hyperparameters as set.</p>
      <p class="visually-hidden" id="train-scratch-help">Forgets the agent in play and learns from new weights: watch it learn from nothing.</p>
      <p class="visually-hidden" id="shipped-agent-help">Starts over from the trained agent that comes with drill.</p>
      <p class="visually-hidden" id="load-model-help">Starts learning over from the weights in a ${MODEL_FILE_EXTENSION} file saved earlier.</p>
      ${failure ? html`<p part="failure" role="alert">${failure}</p>` : nothing}
      ${view.notice ? html`<p part="notice" role="alert">${view.notice}</p>` : nothing}
    </div>
  `;
}
