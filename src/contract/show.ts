/**
 * The show match's settings and state as the page sees them, and the
 * canvas facts the arena hands the render worker. Settings are validated
 * once, by {@link validateShowSetting}, where they enter.
 */
import { quote } from './quote.js';

export type ShowMode = 'ai_vs_ai' | 'human_vs_ai' | 'sandbox';
export const SHOW_MODES: readonly ShowMode[] = ['ai_vs_ai', 'human_vs_ai', 'sandbox'];

/** Who the show's learner plays in ai_vs_ai (decision 10 in docs/architecture.md). */
export type OpponentChoice = 'chaser' | 'random' | 'pool' | 'latest';
export const OPPONENT_CHOICES: readonly OpponentChoice[] = ['chaser', 'random', 'pool', 'latest'];

export const SPEED_MIN = 0.25;
export const SPEED_MAX = 4;

export interface ShowState {
  readonly mode: ShowMode;
  readonly speed: number;
  readonly paused: boolean;
  readonly opponent: OpponentChoice;
  /** How often the show looks for new weights, ms. */
  readonly swapIntervalMs: number;
  /** After a swap, the show acts from a mixture of the old and new policy for this long, ms (0: off). */
  readonly swapBlendMs: number;
  /** Seed of the current match. */
  readonly seed: number;
  /** Policy version the show's agent plays with (0: no weights yet). */
  readonly policyVersion: number;
  /** Goals: [left, right]. */
  readonly score: readonly [number, number];
  /** Ticks into the current episode. */
  readonly tick: number;
}

export const DEFAULT_SHOW_STATE: ShowState = Object.freeze({
  mode: 'ai_vs_ai',
  speed: 1,
  paused: false,
  opponent: 'chaser',
  swapIntervalMs: 1000,
  swapBlendMs: 0,
  seed: 7,
  policyVersion: 0,
  score: [0, 0] as const,
  tick: 0,
});

/** Checks one show setting; returns the normalised value or throws a RangeError saying what is allowed. */
export function validateShowSetting<K extends keyof ShowSettings | 'seed'>(name: K, value: unknown): (ShowSettings & { seed: number })[K] {
  const number = (v: unknown): number => (typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : NaN);
  const fail = (allowed: string): never => {
    throw new RangeError(`${name} must be ${allowed}, got ${quote(value)}`);
  };
  switch (name) {
    case 'mode':
      return (SHOW_MODES.includes(value as ShowMode) ? value : fail(SHOW_MODES.join(' | '))) as never;
    case 'opponent':
      return (OPPONENT_CHOICES.includes(value as OpponentChoice) ? value : fail(OPPONENT_CHOICES.join(' | '))) as never;
    case 'speed': {
      const v = number(value);
      return (v >= SPEED_MIN && v <= SPEED_MAX ? v : fail(`a number from ${SPEED_MIN} to ${SPEED_MAX}`)) as never;
    }
    case 'paused':
      return (typeof value === 'boolean' ? value : fail('true or false')) as never;
    case 'swapIntervalMs': {
      const v = number(value);
      return (Number.isFinite(v) && v >= 0 && v <= 600_000 ? v : fail('a number of milliseconds from 0 to 600000')) as never;
    }
    case 'swapBlendMs': {
      const v = number(value);
      return (Number.isFinite(v) && v >= 0 && v <= 60_000 ? v : fail('a number of milliseconds from 0 to 60000')) as never;
    }
    case 'seed': {
      const v = number(value);
      return (Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : fail('an integer from 0 to 4294967295')) as never;
    }
    default:
      return fail('a known show setting');
  }
}

/** A canvas's size: CSS pixels and the device pixel ratio. */
export interface CanvasSize {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
}

/** Show settings the page may change at any time. */
export interface ShowSettings {
  readonly mode: ShowMode;
  readonly speed: number;
  readonly paused: boolean;
  readonly opponent: OpponentChoice;
  /** How often the show looks for new weights, ms (it adopts at the next decision). */
  readonly swapIntervalMs: number;
  /** Blend window after a swap, ms (0: off; src/show/swap-blend.ts). */
  readonly swapBlendMs: number;
}

export const DEFAULT_SWAP_INTERVAL_MS = 1000;

export type PointerPhase = 'down' | 'move' | 'up' | 'cancel';

/** Recent frames of the show loop, for benchmarks: intervals between frames and the work inside each, ms. */
export interface FrameStats {
  readonly intervals: number[];
  readonly work: number[];
}

/** What the players are called on screen and by the live region (left, right). */
export const TEAM_NAMES = ['Blue', 'Orange'] as const;
