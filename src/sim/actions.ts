/**
 * The 30 discrete actions: 5 body-relative moves × 3 turns × 2 dash,
 * indexed `action = move * 6 + turn * 2 + dash`.
 *
 * Moves and turns are relative to the player's own mirrored frame (the frame
 * in which it attacks +x), so "turn left" and "strafe left" of the right-side
 * player are a right turn and a right strafe in the world. That is what lets
 * one policy, seeing mirrored observations, play either side.
 */
import { PLAYER_BACK_SPEED, PLAYER_FORWARD_SPEED, PLAYER_STRAFE_SPEED, PLAYER_TURN_RATE } from './constants.js';

export const Move = { STOP: 0, FORWARD: 1, BACK: 2, STRAFE_LEFT: 3, STRAFE_RIGHT: 4 } as const;
export const Turn = { NONE: 0, LEFT: 1, RIGHT: 2 } as const;
export type MoveCode = (typeof Move)[keyof typeof Move];
export type TurnCode = (typeof Turn)[keyof typeof Turn];

export const MOVE_COUNT = 5;
export const TURN_COUNT = 3;
export const ACTION_COUNT = MOVE_COUNT * TURN_COUNT * 2;

export function encodeAction(move: MoveCode, turn: TurnCode, dash: boolean): number {
  return move * 6 + turn * 2 + (dash ? 1 : 0);
}

/** Throws unless `action` is an integer in [0, ACTION_COUNT): an out-of-table index would read undefined speeds. */
export function checkAction(action: number): number {
  if (!Number.isInteger(action) || action < 0 || action >= ACTION_COUNT) throw new RangeError(`action must be an integer in [0, ${ACTION_COUNT}), got ${action}`);
  return action;
}

export interface DecodedAction {
  readonly move: MoveCode;
  readonly turn: TurnCode;
  readonly dash: boolean;
}

export function decodeAction(action: number): DecodedAction {
  checkAction(action);
  return { move: Math.floor(action / 6) as MoveCode, turn: (Math.floor(action / 2) % 3) as TurnCode, dash: action % 2 === 1 };
}

const MIRRORED_MOVE: readonly MoveCode[] = [Move.STOP, Move.FORWARD, Move.BACK, Move.STRAFE_RIGHT, Move.STRAFE_LEFT];
const MIRRORED_TURN: readonly TurnCode[] = [Turn.NONE, Turn.RIGHT, Turn.LEFT];

/**
 * The same action with left and right swapped. A human steering the right
 * player means left and right as seen on the pitch; its actions are read in
 * its mirrored frame, so the show passes them through this first.
 */
export function mirrorAction(action: number): number {
  const { move, turn, dash } = decodeAction(action);
  return encodeAction(MIRRORED_MOVE[move]!, MIRRORED_TURN[turn]!, dash);
}

/** Mask with every action allowed (bit a set ⇔ action a allowed). */
export const ALL_ACTIONS_MASK = 2 ** ACTION_COUNT - 1;
/** Mask while the dash cools down: the actions with dash = 0 (the even indices). */
export const NO_DASH_MASK = 0x15555555;

/**
 * Per-action lookup tables the physics reads every tick, so decoding costs
 * nothing in the hot loop: target forward and leftward speed in the body
 * frame (m/s), target turn rate (rad/s, positive = left), dash request.
 */
export const TARGET_FORWARD = new Float64Array(ACTION_COUNT);
export const TARGET_LEFT = new Float64Array(ACTION_COUNT);
export const TARGET_TURN = new Float64Array(ACTION_COUNT);
export const WANTS_DASH = new Uint8Array(ACTION_COUNT);

const MOVE_VELOCITY: Record<MoveCode, readonly [number, number]> = {
  [Move.STOP]: [0, 0],
  [Move.FORWARD]: [PLAYER_FORWARD_SPEED, 0],
  [Move.BACK]: [-PLAYER_BACK_SPEED, 0],
  [Move.STRAFE_LEFT]: [0, PLAYER_STRAFE_SPEED],
  [Move.STRAFE_RIGHT]: [0, -PLAYER_STRAFE_SPEED],
};
const TURN_RATE: Record<TurnCode, number> = { [Turn.NONE]: 0, [Turn.LEFT]: PLAYER_TURN_RATE, [Turn.RIGHT]: -PLAYER_TURN_RATE };

for (let action = 0; action < ACTION_COUNT; action++) {
  const { move, turn, dash } = decodeAction(action);
  [TARGET_FORWARD[action], TARGET_LEFT[action]] = MOVE_VELOCITY[move];
  TARGET_TURN[action] = TURN_RATE[turn];
  WANTS_DASH[action] = dash ? 1 : 0;
}
