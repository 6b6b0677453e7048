/**
 * <drill-arena>: the live match. The match runs and is drawn in the
 * runtime's render worker (src/show/); this element hands it a canvas, keeps
 * its settings in step with the runtime (which owns them, decision 8 in docs/architecture.md),
 * and carries the player's input: keys and touch controls in human_vs_ai,
 * pointer drags in the sandbox.
 */
import { ASLEEP_TEXT } from './asleep-text.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { type DrillRuntime, offscreenCanvasSupported, type RuntimeEventDetails, type RuntimeEventType } from '../src/runtime/index.js';
import type { DrillEpisodeEndDetail, DrillGoalDetail, DrillPolicySwapDetail } from '../src/contract/events.js';
import { DEFAULT_SHOW_STATE, DEFAULT_SWAP_INTERVAL_MS, type OpponentChoice, type PointerPhase, type ShowMode, type ShowSettings, type ShowState, validateShowSetting } from '../src/contract/show.js';
import { TEAM_NAMES } from '../src/contract/show.js';
import type { DrillDefinition } from '../src/contract/drill.js';
import { InputBit, KEY_BITS } from '../src/contract/human-input.js';
import { quote } from '../src/contract/quote.js';
import { announceEpisodeEnd, announceGoal, describeMatch, KEY_HELP } from './arena/arena-text.js';
import { CanvasLink } from './arena/canvas-link.js';
import { announceDrillEnd, describeDrill, drillLabel, personPlays } from './arena/drill-text.js';
import { HeldControls } from './arena/held-controls.js';
import { stickBits } from './arena/touch-stick.js';
import { fire } from './events.js';
import { RuntimeMember } from './runtime-member.js';
import { themeStyles } from './theme.js';

export type ArenaLoading = 'eager' | 'lazy';

/** The element's show settings and the runtime's name for each. */
const SETTINGS = {
  mode: 'mode',
  speed: 'speed',
  paused: 'paused',
  opponent: 'opponent',
  swapInterval: 'swapIntervalMs',
  swapBlend: 'swapBlendMs',
  seed: 'seed',
} as const;
type SettingKey = keyof typeof SETTINGS;
const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
const ATTRIBUTE: Record<SettingKey, string> = { mode: 'mode', speed: 'speed', paused: 'paused', opponent: 'opponent', swapInterval: 'swap-interval', swapBlend: 'swap-blend', seed: 'seed' };

type SettingValues = { mode: ShowMode; speed: number; paused: boolean; opponent: OpponentChoice; swapInterval: number; swapBlend: number; seed: number };

const DEFAULTS: SettingValues = {
  mode: DEFAULT_SHOW_STATE.mode,
  speed: DEFAULT_SHOW_STATE.speed,
  paused: DEFAULT_SHOW_STATE.paused,
  opponent: DEFAULT_SHOW_STATE.opponent,
  swapInterval: DEFAULT_SWAP_INTERVAL_MS,
  swapBlend: DEFAULT_SHOW_STATE.swapBlendMs,
  seed: DEFAULT_SHOW_STATE.seed,
};

/** Numbers from attributes; text that is not a number stays text, so the error message quotes what was written. */
const NUMBER_OR_TEXT = {
  fromAttribute: (value: string | null) => (value === null ? null : value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value),
  toAttribute: (value: number) => String(value),
};

function validateLoading(value: string | null): ArenaLoading {
  if (value === null) return 'eager';
  if (value !== 'eager' && value !== 'lazy') throw new RangeError(`loading must be eager | lazy, got ${quote(value)}`);
  return value;
}

/**
 * The live soccer match of a drill runtime: the latest policy (blue, left)
 * against a scripted bot, an earlier snapshot, itself, or you; new weights
 * are swapped in about once a second while training runs.
 *
 * Drawn by the runtime's render worker on an OffscreenCanvas; it keeps
 * drawing at display rate, pauses in a hidden tab and stops while scrolled
 * off-screen. Settings belong to the runtime: two arenas on one runtime show
 * the same match and follow each other's settings.
 *
 * Keys in human_vs_ai (while the arena has focus): W/S forward and back,
 * A/D turn, Q/E strafe, Space dash; touch devices get an on-screen stick and
 * buttons. In the sandbox the ball and players can be dragged and thrown.
 *
 * @tagname drill-arena
 * @summary A live 2D soccer match played by a policy that learns in the background.
 *
 * @fires {CustomEvent<DrillReadyDetail>} drill-ready - The runtime started; `detail.capabilities` says what it runs on.
 * @fires {CustomEvent<DrillErrorDetail>} drill-error - An invalid attribute (the last valid value is kept), no OffscreenCanvas, or a problem of the show or the runtime.
 * @fires {CustomEvent<DrillGoalDetail>} drill-goal - A goal: `side` (0 blue/left, 1 orange/right), `score`, `tick`.
 * @fires {CustomEvent<DrillEpisodeEndDetail>} drill-episode-end - An episode ended (goal or time limit): `winner` (0, 1 or null for a draw), `score`, `length` in decisions.
 * @fires {CustomEvent<DrillPolicySwapDetail>} drill-policy-swap - The show adopted new weights: `policyVersion`, `previousVersion`, `latencyMs` from publication to the first decision made with them.
 *
 * @csspart stage - The focusable match area (role img, or application in human_vs_ai); holds the canvas and overlays.
 * @csspart canvas - The canvas the render worker draws on.
 * @csspart message - A notice over the match: starting, or why it cannot be drawn.
 * @csspart prompt - In human_vs_ai, the "click to play" prompt shown until the arena has focus.
 * @csspart touch-controls - The on-screen controls in human_vs_ai on touch devices.
 * @csspart stick - The touch stick (up/down: forward/back; left/right: turn).
 * @csspart button - A touch button (strafe left, strafe right, dash).
 *
 * @cssprop [--drill-arena-aspect-ratio=16 / 10] - The arena's shape when no height is set; the pitch is letterboxed into any shape.
 * @cssprop [--drill-arena-background=#0f1d16] - Shown around the canvas before the first frame.
 * @cssprop --drill-accent - Focus ring.
 * @cssprop --drill-surface - Message and prompt background.
 * @cssprop --drill-text - Message and prompt text.
 * @cssprop --drill-font - Font shorthand.
 * @cssprop --drill-radius - Corner radius.
 * @cssprop --drill-border - The arena's frame.
 */
export class DrillArena extends RuntimeMember {
  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        position: relative;
        aspect-ratio: var(--drill-arena-aspect-ratio, 16 / 10);
        min-block-size: 120px;
        /* An outline, drawn over the canvas's edge, frames the arena without taking space from it. */
        outline: 1px solid var(--_border);
        outline-offset: -1px;
        border-radius: var(--_radius);
        overflow: hidden;
        background: var(--drill-arena-background, #0f1d16);
        contain: content;
      }
      [part='stage'] {
        position: absolute;
        inset: 0;
        outline: none;
        border-radius: inherit;
      }
      [part='stage']:focus-visible {
        outline: 3px solid var(--_accent);
        outline-offset: -3px;
      }
      [part='canvas'] {
        display: block;
        inline-size: 100%;
        block-size: 100%;
      }
      .sandbox [part='canvas'] {
        cursor: grab;
        touch-action: none;
      }
      .sandbox.dragging [part='canvas'] {
        cursor: grabbing;
      }
      [part='message'],
      [part='prompt'] {
        position: absolute;
        margin: 0;
        padding: 8px 14px;
        border-radius: 999px;
        background: color-mix(in srgb, var(--_surface) 88%, transparent);
        color: var(--_text);
        box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
        text-align: center;
        pointer-events: none;
      }
      [part='message'] {
        inset: 50% 12px auto;
        translate: 0 -50%;
        justify-self: center;
        border-radius: calc(var(--_radius) - 2px);
      }
      [part='prompt'] {
        inset-inline: 0;
        inset-block-end: 14%;
        inline-size: max-content;
        max-inline-size: calc(100% - 24px);
        margin-inline: auto;
        font-size: 13px;
      }
      [part='prompt'] kbd {
        font: 600 12px/1 var(--_mono);
        padding: 2px 5px;
        border: 1px solid var(--_border);
        border-radius: 4px;
        background: var(--_surface-2);
      }
      [part='stage']:focus-within [part='prompt'] {
        display: none;
      }
      [part='touch-controls'] {
        display: none;
      }
      @media (any-pointer: coarse) {
        [part='prompt'] {
          display: none;
        }
        [part='touch-controls'] {
          display: block;
          position: absolute;
          inset: 0;
          pointer-events: none;
          container-type: size;
        }
      }
      [part='stick'],
      [part='button'] {
        position: absolute;
        pointer-events: auto;
        touch-action: none;
        user-select: none;
        -webkit-user-select: none;
        border: 2px solid rgb(255 255 255 / 0.5);
        background: rgb(9 14 22 / 0.3);
        color: #fff;
        border-radius: 50%;
      }
      [part='touch-controls'] {
        --_edge: 3cqw;
        --_dash: min(15cqw, 68px);
        --_button: min(11cqw, 52px);
      }
      [part='stick'] {
        inset-inline-start: var(--_edge);
        inset-block-end: var(--_edge);
        inline-size: min(26cqw, 130px);
        aspect-ratio: 1;
      }
      .knob {
        position: absolute;
        inset: 30%;
        border-radius: 50%;
        background: rgb(255 255 255 / 0.7);
        translate: var(--knob-x, 0) var(--knob-y, 0);
      }
      [part='button'] {
        inline-size: var(--_button);
        aspect-ratio: 1;
        font: 700 11px/1 var(--_font);
        padding: 0;
      }
      [part='button'].dash {
        inset-inline-end: var(--_edge);
        inset-block-end: var(--_edge);
        inline-size: var(--_dash);
      }
      [part='button'].strafe-left {
        inset-inline-end: calc(var(--_edge) * 1.7 + var(--_dash));
        inset-block-end: var(--_edge);
      }
      [part='button'].strafe-right {
        inset-inline-end: var(--_edge);
        inset-block-end: calc(var(--_edge) * 1.7 + var(--_dash));
      }
      [part='button'][data-held] {
        background: rgb(255 255 255 / 0.35);
      }
      .visually-hidden {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        margin: -1px;
        padding: 0;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
        border: 0;
      }
    `,
  ];

  /**
   * Who plays: `ai_vs_ai` (the latest policy against `opponent`),
   * `human_vs_ai` (you play blue against the latest policy), `sandbox`
   * (ai_vs_ai where the ball and players can be dragged).
   * @attr mode
   */
  @property({ reflect: true }) accessor mode: ShowMode = DEFAULTS.mode;

  /** Game speed, 0.25–4 (any value between). @attr speed */
  @property({ converter: NUMBER_OR_TEXT, reflect: true }) accessor speed = DEFAULTS.speed;

  /**
   * Seed of the current match. Setting it starts a new match (0–0) from
   * that seed; reset() changes it.
   * @attr seed
   */
  @property({ converter: NUMBER_OR_TEXT, reflect: true }) accessor seed = DEFAULTS.seed;

  /** Whether the match is paused (training goes on). @attr paused */
  @property({ type: Boolean, reflect: true }) accessor paused = DEFAULTS.paused;

  /** How often the show looks for new weights, ms (0–600000; default 1000). @attr swap-interval */
  @property({ converter: NUMBER_OR_TEXT, reflect: true, attribute: 'swap-interval' }) accessor swapInterval = DEFAULTS.swapInterval;

  /**
   * After new weights arrive, the agent acts for this long from a mixture of
   * the old and the new policy, the new one's weight rising from 0 to 1, so
   * the change of play is gradual; ms (0–60000; default 0, off).
   * @attr swap-blend
   */
  @property({ converter: NUMBER_OR_TEXT, reflect: true, attribute: 'swap-blend' }) accessor swapBlend = DEFAULTS.swapBlend;

  /**
   * The orange player in ai_vs_ai and sandbox: `chaser` (a scripted bot
   * that runs the ball at goal), `random`, `pool` (an earlier snapshot of
   * the policy, drawn per episode) or `latest` (the policy plays itself).
   * @attr opponent
   */
  @property({ reflect: true }) accessor opponent: OpponentChoice = DEFAULTS.opponent;

  /**
   * `eager` starts the runtime's workers when the arena connects; `lazy`
   * only once it is scrolled into view.
   * @attr loading
   */
  @property({ reflect: true }) accessor loading: ArenaLoading = 'eager';

  /** The policy version the show plays with (0 before the first weights). */
  get policyVersion(): number {
    return this.drillRuntime?.state.show.policyVersion ?? 0;
  }

  /** Goals this match: [blue (left), orange (right)]. */
  get score(): readonly [number, number] {
    return this.drillRuntime?.state.show.score ?? [0, 0];
  }

  /** Resumes the match. */
  play(): void {
    this.#apply('paused', false);
  }

  /** Pauses the match (training goes on). */
  pause(): void {
    this.#apply('paused', true);
  }

  /** Pauses and runs exactly one tick (1/120 s of game time). */
  step(): void {
    this.#setReflected('paused', true);
    const runtime = this.drillRuntime;
    if (!runtime) return;
    runtime.stepShow();
  }

  /**
   * Starts a new match (0–0) from `seed`, or from the next seed. Throws a
   * RangeError for a seed that is not an integer in 0–4294967295.
   */
  reset(seed?: number): void {
    const clean = seed === undefined ? undefined : validateShowSetting('seed', seed);
    const runtime = this.drillRuntime;
    if (!runtime) {
      if (clean !== undefined) this.#setReflected('seed', clean);
      return;
    }
    runtime.resetShow(clean);
    const next = runtime.state.show.seed;
    this.#setReflected('seed', next);
  }

  #valid: SettingValues & { loading: ArenaLoading } = { ...DEFAULTS, loading: 'eager' };
  #runtime: DrillRuntime | null = null;
  /** Settings changed while the arena had no runtime (out of the page): the runtime it joins next takes them. */
  readonly #unpushed = new Set<SettingKey>();
  #link: CanvasLink | null = null;
  /** Bumped whenever a canvas was given away: a transferred canvas cannot be transferred again. */
  #canvasGeneration = 0;
  /** Whether the arena is in view; null until the first intersection report. */
  #onScreen: boolean | null = null;
  #seenOnScreen = false;
  #dragging = false;
  #announcement = '';
  #heldButtons = 0;
  #stickPointer: number | null = null;
  #knob = { x: 0, y: 0, radius: 1 };

  readonly #controls = new HeldControls((bits) => this.drillRuntime?.setHumanInput(bits), () => this.#otherDrill()?.controls?.keys ?? KEY_BITS);

  readonly #intersection = new IntersectionObserver((entries) => {
    const entry = entries.at(-1)!;
    this.#onScreen = entry.isIntersecting;
    this.#link?.setVisible(entry.isIntersecting);
    if (entry.isIntersecting && !this.#seenOnScreen) {
      this.#seenOnScreen = true;
      this.#holdAsleep();
      this.session.startIfNeeded();
      this.requestUpdate();
    }
  }, { threshold: 0 });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#holdAsleep();
    this.#intersection.observe(this);
  }

  protected override firstUpdated(): void {
    // After the first update, like invalid attributes, so a listener added right after the element is fine.
    if (!offscreenCanvasSupported()) {
      this.reportElementError('internal', 'This browser has no OffscreenCanvas, so the match cannot be drawn. Training and the other elements still work; a recent Chrome, Edge, Firefox or Safari (16.4+) shows the match.');
    }
  }

  override disconnectedCallback(): void {
    this.drillRuntime?.holdAsleep(this, false);
    super.disconnectedCallback();
    this.#intersection.disconnect();
    this.#controls.releaseAll();
    this.#closeLink();
    this.#runtime = null;
  }

  protected override needsWorkers(): boolean {
    // After the first update, the last valid value: a refused one not yet undone (set while out of the page) must not start the workers.
    const loading = this.hasUpdated ? this.#valid.loading : this.loading;
    return loading !== 'lazy' || this.#seenOnScreen;
  }

  /** A lazy arena not yet seen holds its runtime asleep, so the other elements on the page do not start it either. */
  #holdAsleep(): void {
    this.drillRuntime?.holdAsleep(this, this.isConnected && this.loading === 'lazy' && !this.#seenOnScreen);
  }

  /**
   * Called by the runtime controller for every runtime event.
   * @internal
   */
  handleRuntimeEvent<K extends RuntimeEventType>(type: K, detail: RuntimeEventDetails[K]): void {
    if (type === 'goal') {
      fire(this, 'drill-goal', detail as DrillGoalDetail);
      this.#announce(announceGoal(detail as DrillGoalDetail));
    } else if (type === 'episode-end') {
      fire(this, 'drill-episode-end', detail as DrillEpisodeEndDetail);
      const other = this.#otherDrill();
      const text = other ? announceDrillEnd(other, detail as DrillEpisodeEndDetail) : announceEpisodeEnd(detail as DrillEpisodeEndDetail);
      if (text) this.#announce(text);
    } else if (type === 'policy-swap') {
      fire(this, 'drill-policy-swap', detail as DrillPolicySwapDetail);
    } else if (type === 'show-restart') {
      // A new render worker: the old canvas went with the old one, so a fresh canvas goes to the new one.
      this.#closeLink();
      this.requestUpdate();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const rules = this.#rules();
    if (!this.hasUpdated) {
      // validateProperties restores the value from before an update; at creation there is none, so an invalid one becomes the default.
      for (const key of Object.keys(rules) as (keyof typeof rules)[]) {
        try {
          (rules[key] as (value: unknown) => unknown)(this[key]);
        } catch (error) {
          (this as Record<string, unknown>)[key] = this.#valid[key];
          this.reportElementError('invalid-attribute', `${(error as Error).message}. Using the default, ${quote(this.#valid[key])}.`);
        }
      }
    }
    (this as DrillArena).validateProperties(changed, rules);
    if (changed.has('mode') && this.mode !== 'human_vs_ai') this.#controls.releaseAll();
    if (changed.has('loading')) {
      this.#holdAsleep();
      this.session.startIfNeeded();
    }
  }

  /** Each setting's check; removing an attribute sets its property to null, which means the default. */
  #rules() {
    return {
      mode: (v: ShowMode | null) => (this.#valid.mode = validateShowSetting('mode', v ?? DEFAULTS.mode)),
      speed: (v: number | null) => (this.#valid.speed = validateShowSetting('speed', v ?? DEFAULTS.speed)),
      opponent: (v: OpponentChoice | null) => (this.#valid.opponent = validateShowSetting('opponent', v ?? DEFAULTS.opponent)),
      swapInterval: (v: number | null) => (this.#valid.swapInterval = validateShowSetting('swapIntervalMs', v ?? DEFAULTS.swapInterval)),
      swapBlend: (v: number | null) => (this.#valid.swapBlend = validateShowSetting('swapBlendMs', v ?? DEFAULTS.swapBlend)),
      seed: (v: number | null) => (this.#valid.seed = validateShowSetting('seed', v ?? this.drillRuntime?.state.show.seed ?? DEFAULTS.seed)),
      paused: (v: boolean) => (this.#valid.paused = Boolean(v)),
      loading: (v: ArenaLoading | null) => (this.#valid.loading = validateLoading(v)),
    };
  }

  protected override update(changed: PropertyValues<this>): void {
    // Here rather than in willUpdate: a changed `runtime` attribute is followed
    // by the runtime controller's hostUpdate, which runs between the two.
    const runtime = this.drillRuntime;
    if (runtime !== this.#runtime) {
      this.#closeLink();
      this.#runtime = runtime;
      if (runtime) this.#join(runtime, changed);
    } else if (runtime) {
      this.#push(runtime, SETTING_KEYS.filter((key) => changed.has(key)));
    } else {
      for (const key of SETTING_KEYS) if (changed.has(key)) this.#unpushed.add(key);
    }
    if (runtime) this.#reflect(runtime.state.show);
    super.update(changed);
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('[part="canvas"]');
    const runtime = this.drillRuntime;
    if (!canvas || !runtime || !this.needsWorkers() || this.#link?.canvas === canvas) return;
    this.#link = new CanvasLink(runtime, canvas);
    if (this.#onScreen !== null) this.#link.setVisible(this.#onScreen);
  }

  override render() {
    const show = this.drillRuntime?.state.show ?? null;
    const other = this.#otherDrill();
    const human = other ? personPlays(other, this.mode) : this.mode === 'human_vs_ai';
    const supported = offscreenCanvasSupported();
    const label = other ? drillLabel(other, this.mode) : human ? `Soccer match: you play ${TEAM_NAMES[0]} against the AI. ${KEY_HELP}` : 'Soccer match';
    return html`
      <div
        part="stage"
        class="${this.mode}${this.#dragging ? ' dragging' : ''}"
        tabindex="0"
        role=${human ? 'application' : 'img'}
        aria-label=${label}
        aria-describedby="description"
        @keydown=${this.#onKeyDown}
        @keyup=${this.#onKeyUp}
        @focusout=${this.#onFocusOut}
      >
        ${supported
          ? keyed(
              this.#canvasGeneration,
              html`<canvas
                part="canvas"
                @pointerdown=${this.#onPointerDown}
                @pointermove=${this.#onPointerMove}
                @pointerup=${this.#onPointerUp}
                @pointercancel=${this.#onPointerCancel}
              ></canvas>`,
            )
          : nothing}
        ${!supported
          ? html`<p part="message" role="alert">This browser cannot draw the match: it has no OffscreenCanvas.</p>`
          : !this.capabilities && this.needsWorkers()
            ? html`<p part="message">Starting the match…</p>`
            : this.drillRuntime?.asleep
              ? html`<p part="message">${ASLEEP_TEXT}</p>`
              : nothing}
        ${human ? (other ? this.#renderDrillControls(other) : this.#renderHumanControls()) : nothing}
      </div>
      <p id="description" class="visually-hidden">${show ? (other ? describeDrill(other, show) : describeMatch(show)) : 'The match has not started yet.'}</p>
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.#announcement}</p>
    `;
  }

  /** The drill the runtime runs when it is not soccer (null for soccer, or before the drill has loaded). */
  #otherDrill(): DrillDefinition | null {
    const drill = this.drillRuntime?.drill ?? null;
    return drill && drill.info.id !== 'soccer' ? drill : null;
  }

  /** A drill's own prompt and touch buttons (each holds its bit while pressed). */
  #renderDrillControls(drill: DrillDefinition) {
    const controls = drill.controls!;
    return html`
      <p part="prompt">Click to play · ${controls.help}</p>
      <div part="touch-controls" aria-hidden="true">
        ${(controls.touch ?? []).map(({ label, bit }) => html`<button
          part="button"
          type="button"
          tabindex="-1"
          ?data-held=${(this.#heldButtons & bit) !== 0}
          @pointerdown=${(e: PointerEvent) => this.#onButton(e, bit, true)}
          @pointerup=${(e: PointerEvent) => this.#onButton(e, bit, false)}
          @pointercancel=${(e: PointerEvent) => this.#onButton(e, bit, false)}
          @lostpointercapture=${(e: PointerEvent) => this.#onButton(e, bit, false)}
        >${label}</button>`)}
      </div>
    `;
  }

  #renderHumanControls() {
    const button = (name: string, label: string, bit: number, text: string) => html`<button
      part="button"
      class=${name}
      type="button"
      tabindex="-1"
      aria-label=${label}
      ?data-held=${(this.#heldButtons & bit) !== 0}
      @pointerdown=${(e: PointerEvent) => this.#onButton(e, bit, true)}
      @pointerup=${(e: PointerEvent) => this.#onButton(e, bit, false)}
      @pointercancel=${(e: PointerEvent) => this.#onButton(e, bit, false)}
      @lostpointercapture=${(e: PointerEvent) => this.#onButton(e, bit, false)}
    >${text}</button>`;
    return html`
      <p part="prompt">Click to play · <kbd>W</kbd><kbd>S</kbd> move · <kbd>A</kbd><kbd>D</kbd> turn · <kbd>Q</kbd><kbd>E</kbd> strafe · <kbd>Space</kbd> dash</p>
      <div part="touch-controls" aria-hidden="true">
        <div
          part="stick"
          style="--knob-x: ${this.#knob.x}px; --knob-y: ${this.#knob.y}px"
          @pointerdown=${this.#onStickDown}
          @pointermove=${this.#onStickMove}
          @pointerup=${this.#onStickUp}
          @pointercancel=${this.#onStickUp}
        ><span class="knob"></span></div>
        ${button('strafe-left', 'Strafe left', InputBit.STRAFE_LEFT, '◀')}
        ${button('strafe-right', 'Strafe right', InputBit.STRAFE_RIGHT, '▶')}
        ${button('dash', 'Dash', InputBit.DASH, 'DASH')}
      </div>
    `;
  }

  // ── Settings: element ↔ runtime ────────────────────────────────────────

  /**
   * A runtime joined: settings the page chose (an attribute, or a value
   * other than the default) go to the runtime; the rest follow it, so a
   * second arena on a runtime shows the match as it is.
   */
  #join(runtime: DrillRuntime, changed: PropertyValues<this>): void {
    // After the first update, a setting changed since the arena last had a runtime was set by the page (moved in the DOM, or to another runtime), default or not.
    const changedSince = (key: SettingKey) => this.hasUpdated && (changed.has(key) || this.#unpushed.has(key));
    const chosen = SETTING_KEYS.filter((key) => this.hasAttribute(ATTRIBUTE[key]) || this[key] !== DEFAULTS[key] || changedSince(key));
    this.#unpushed.clear();
    this.#push(runtime, chosen);
  }

  #push(runtime: DrillRuntime, keys: readonly SettingKey[]): void {
    const show = runtime.state.show;
    const patch: Record<string, unknown> = {};
    for (const key of keys) {
      const value = this[key];
      if (value === show[SETTINGS[key]]) continue;
      if (key === 'seed') runtime.resetShow(value as number);
      else patch[SETTINGS[key]] = value;
    }
    if (Object.keys(patch).length > 0) runtime.setShow(patch as Partial<ShowSettings>);
  }

  /**
   * Takes on what the runtime reports. Its state is never stale: it holds
   * what was set at once, and ignores a show report sent before the worker
   * saw the latest command (the show link numbers them).
   */
  #reflect(show: ShowState): void {
    for (const key of SETTING_KEYS) this.#setReflected(key, show[SETTINGS[key]] as never);
  }

  #apply<K extends SettingKey>(key: K, value: SettingValues[K]): void {
    this.#setReflected(key, value);
    const runtime = this.drillRuntime;
    if (runtime) this.#push(runtime, [key]);
  }

  /** Sets a setting as valid without it counting as the page's choice. */
  #setReflected<K extends SettingKey>(key: K, value: SettingValues[K]): void {
    (this.#valid as SettingValues)[key] = value;
    if (this[key] !== value) (this as Record<string, unknown>)[key] = value;
  }

  #announce(text: string): void {
    // A repeated message must still change the text to be read again.
    this.#announcement = this.#announcement === text ? `${text}\u200b` : text;
    this.requestUpdate();
  }

  #closeLink(): void {
    if (!this.#link) return;
    this.#link.close();
    this.#link = null;
    this.#canvasGeneration++;
  }

  // ── Input ──────────────────────────────────────────────────────────────

  #onKeyDown = (event: KeyboardEvent): void => {
    if (this.mode !== 'human_vs_ai' || !this.#controls.isKey(event.code) || event.altKey || event.ctrlKey || event.metaKey) return;
    // Space and the arrows would scroll the page while playing.
    event.preventDefault();
    this.#controls.keyDown(event.code);
  };

  #onKeyUp = (event: KeyboardEvent): void => {
    this.#controls.keyUp(event.code);
  };

  #onFocusOut = (): void => {
    this.#controls.releaseAll();
  };

  #onPointerDown = (event: PointerEvent): void => {
    if (this.mode !== 'sandbox' || !this.#link || event.button !== 0) return;
    capture(event);
    this.#dragging = true;
    this.requestUpdate();
    this.#link.pointer('down', event);
  };

  #onPointerMove = (event: PointerEvent): void => {
    if (this.#dragging) this.#link?.pointer('move', event);
  };

  #onPointerUp = (event: PointerEvent): void => this.#endDrag('up', event);

  #onPointerCancel = (event: PointerEvent): void => this.#endDrag('cancel', event);

  #endDrag(phase: PointerPhase, event: PointerEvent): void {
    if (!this.#dragging) return;
    this.#dragging = false;
    this.requestUpdate();
    this.#link?.pointer(phase, event);
  }

  #onButton(event: PointerEvent, bit: number, down: boolean): void {
    event.preventDefault();
    if (down) capture(event);
    this.#heldButtons = down ? this.#heldButtons | bit : this.#heldButtons & ~bit;
    this.#sendTouch();
    this.requestUpdate();
  }

  #onStickDown = (event: PointerEvent): void => {
    event.preventDefault();
    capture(event);
    this.#stickPointer = event.pointerId;
    this.#onStickMove(event);
  };

  #onStickMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.#stickPointer) return;
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const radius = box.width / 2;
    let dx = event.clientX - (box.left + radius);
    let dy = event.clientY - (box.top + radius);
    const length = Math.hypot(dx, dy);
    if (length > radius) {
      dx *= radius / length;
      dy *= radius / length;
    }
    this.#knob = { x: dx, y: dy, radius };
    this.#sendTouch();
    this.requestUpdate();
  };

  #onStickUp = (event: PointerEvent): void => {
    if (event.pointerId !== this.#stickPointer) return;
    this.#stickPointer = null;
    this.#knob = { x: 0, y: 0, radius: 1 };
    this.#sendTouch();
    this.requestUpdate();
  };

  #sendTouch(): void {
    this.#controls.setTouch(this.#heldButtons | stickBits(this.#knob.x, this.#knob.y, this.#knob.radius));
  }
}

/** Keeps a pointer's events coming to this control while the finger slides off it. */
function capture(event: PointerEvent): void {
  try {
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
  } catch {
    // A synthetic event has no active pointer to capture; the control still works while the pointer stays on it.
  }
}
