/**
 * The match controls' words and scales: names for the protocol's modes and
 * opponents, and speed on a doubling scale (1× in the middle of the slider,
 * presets at each doubling from SPEED_MIN to SPEED_MAX).
 */
import { OPPONENT_CHOICES, type OpponentChoice, SHOW_MODES, type ShowMode, SPEED_MAX, SPEED_MIN } from '../../src/contract/show.js';

const MODE_TEXT: Record<ShowMode, { label: string; help: string }> = {
  ai_vs_ai: { label: 'AI vs AI', help: 'The learning policy (blue) plays the opponent chosen here.' },
  human_vs_ai: { label: 'You vs AI', help: 'You play blue: focus the match, then W/S move, A/D turn, Q/E strafe, Space dashes. Touch screens get a stick.' },
  sandbox: { label: 'Sandbox', help: 'AI vs AI where you can drag and throw the ball and the players.' },
};

const OPPONENT_TEXT: Record<OpponentChoice, string> = {
  chaser: 'Chaser bot',
  random: 'Random player',
  pool: 'Earlier self (pool)',
  latest: 'Itself (latest)',
};

export const MODE_OPTIONS = SHOW_MODES.map((value) => ({ value, ...MODE_TEXT[value] }));
export const OPPONENT_OPTIONS = OPPONENT_CHOICES.map((value) => ({ value, label: OPPONENT_TEXT[value] }));

/** Speeds the preset buttons offer: every doubling in range (0.25×, 0.5×, 1×, 2×, 4×). */
export const SPEED_PRESETS: readonly number[] = (() => {
  const presets: number[] = [];
  for (let speed = SPEED_MIN; speed <= SPEED_MAX; speed *= 2) presets.push(speed);
  return presets;
})();

/** The speed slider works in doublings: an eighth of one per arrow-key press. */
export const SPEED_SLIDER = { min: Math.log2(SPEED_MIN), max: Math.log2(SPEED_MAX), step: 0.125 } as const;

export function speedToSlider(speed: number): number {
  return Math.log2(speed);
}

/** A slider position as a speed, rounded to what the readout shows so the two agree. */
export function sliderToSpeed(position: number): number {
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, Number((2 ** position).toPrecision(2))));
}

export function formatSpeed(speed: number): string {
  return `${Number(speed.toPrecision(2))}×`;
}
