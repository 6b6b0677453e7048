/**
 * The match section: play / pause, step, reset match, speed (slider on a
 * doubling scale and presets), mode and opponent. It draws the runtime's
 * show state, so a change made elsewhere (another element, a script) shows.
 */
import { html } from 'lit';
import type { OpponentChoice, ShowMode, ShowSettings, ShowState } from '../../src/contract/show.js';
import { ICONS } from './icons.js';
import { formatSpeed, MODE_OPTIONS, OPPONENT_OPTIONS, SPEED_PRESETS, SPEED_SLIDER, sliderToSpeed, speedToSlider } from './show-options.js';

export interface ShowHandlers {
  set(patch: Partial<ShowSettings>): void;
  step(): void;
  reset(): void;
}

export function renderShowSection(show: ShowState, disabled: boolean, on: ShowHandlers) {
  const { paused, speed, mode, opponent } = show;
  const human = mode === 'human_vs_ai';
  const modeHelp = MODE_OPTIONS.find((o) => o.value === mode)!.help;
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return html`
    <div part="section show" role="group" aria-labelledby="show-title">
      <span class="title" id="show-title">Match</span>
      <div class="show-grid">
        <div class="row">
          <button part="button play-button" type="button" ?disabled=${disabled} @click=${() => on.set({ paused: !paused })}>
            ${paused ? ICONS.play : ICONS.pause}${paused ? 'Play' : 'Pause'}
          </button>
          <button part="button step-button" type="button" aria-describedby="step-help" ?disabled=${disabled} @click=${on.step}>${ICONS.step}Step</button>
          <button part="button reset-match-button" type="button" aria-describedby="reset-match-help" ?disabled=${disabled} @click=${on.reset}>
            ${ICONS.restart}Reset match
          </button>
          <span class="visually-hidden" id="step-help">Pauses the match and plays one tick, 1/120 of a second.</span>
          <span class="visually-hidden" id="reset-match-help">A new match, 0–0, from the next seed. Training is not affected.</span>
        </div>
        <div part="field" class="speed">
          <label part="label" for="speed">Speed</label>
          <input
            part="slider"
            id="speed"
            type="range"
            min=${SPEED_SLIDER.min}
            max=${SPEED_SLIDER.max}
            step=${SPEED_SLIDER.step}
            .value=${String(speedToSlider(speed))}
            aria-valuetext=${formatSpeed(speed)}
            ?disabled=${disabled}
            @input=${(e: Event) => on.set({ speed: sliderToSpeed(Number(value(e))) })}
          />
          <output for="speed" aria-hidden="true">${formatSpeed(speed)}</output>
          <div class="presets" role="group" aria-label="Speed presets">
            ${SPEED_PRESETS.map(
              (preset) => html`<button part="button preset" type="button" aria-pressed=${speed === preset ? 'true' : 'false'} ?disabled=${disabled} @click=${() => on.set({ speed: preset })}>
                ${formatSpeed(preset)}
              </button>`,
            )}
          </div>
        </div>
        <div class="choices">
          <div part="field">
            <label part="label" for="mode">Mode</label>
            <select part="select" id="mode" aria-describedby="mode-help" ?disabled=${disabled} @change=${(e: Event) => on.set({ mode: value(e) as ShowMode })}>
              ${MODE_OPTIONS.map((o) => html`<option value=${o.value} ?selected=${o.value === mode}>${o.label}</option>`)}
            </select>
            <p part="help" id="mode-help">${modeHelp}</p>
          </div>
          <div part="field">
            <label part="label" for="opponent">Opponent</label>
            <select part="select" id="opponent" aria-describedby="opponent-help" ?disabled=${disabled || human} @change=${(e: Event) => on.set({ opponent: value(e) as OpponentChoice })}>
              ${OPPONENT_OPTIONS.map((o) => html`<option value=${o.value} ?selected=${o.value === opponent}>${o.label}</option>`)}
            </select>
            <p part="help" id="opponent-help">${human ? 'In You vs AI you play the latest policy.' : 'Who the learning policy plays in the match (not in training).'}</p>
          </div>
        </div>
      </div>
    </div>
  `;
}
