/**
 * The human player's controls in human_vs_ai (DESIGN.md §8.11): W/S forward
 * and back, A/D turn, Q/E strafe, Space dash. The page keeps a bit set of
 * what is held and sends it on change; the show turns it into an action
 * every tick, so a key press is felt on the next tick, not the next decision.
 */
import { encodeAction, Move, type MoveCode, Turn, type TurnCode } from '../sim/actions.js';

export const InputBit = {
  FORWARD: 1,
  BACK: 2,
  TURN_LEFT: 4,
  TURN_RIGHT: 8,
  STRAFE_LEFT: 16,
  STRAFE_RIGHT: 32,
  DASH: 64,
} as const;

/** Every input bit: anything outside it is not a control. */
export const INPUT_BITS_MASK = 127;

/** KeyboardEvent.code → input bit. Codes, not keys, so the layout (AZERTY…) keeps the same positions. */
export const KEY_BITS: Readonly<Record<string, number>> = {
  KeyW: InputBit.FORWARD,
  ArrowUp: InputBit.FORWARD,
  KeyS: InputBit.BACK,
  ArrowDown: InputBit.BACK,
  KeyA: InputBit.TURN_LEFT,
  ArrowLeft: InputBit.TURN_LEFT,
  KeyD: InputBit.TURN_RIGHT,
  ArrowRight: InputBit.TURN_RIGHT,
  KeyQ: InputBit.STRAFE_LEFT,
  KeyE: InputBit.STRAFE_RIGHT,
  Space: InputBit.DASH,
};

/** The action for a set of held controls; opposite controls cancel. */
export function actionForInput(bits: number): number {
  const forward = (bits & InputBit.FORWARD) !== 0;
  const back = (bits & InputBit.BACK) !== 0;
  const strafeLeft = (bits & InputBit.STRAFE_LEFT) !== 0;
  const strafeRight = (bits & InputBit.STRAFE_RIGHT) !== 0;
  let move: MoveCode = Move.STOP;
  if (forward !== back) move = forward ? Move.FORWARD : Move.BACK;
  else if (strafeLeft !== strafeRight) move = strafeLeft ? Move.STRAFE_LEFT : Move.STRAFE_RIGHT;
  const left = (bits & InputBit.TURN_LEFT) !== 0;
  const right = (bits & InputBit.TURN_RIGHT) !== 0;
  const turn: TurnCode = left === right ? Turn.NONE : left ? Turn.LEFT : Turn.RIGHT;
  return encodeAction(move, turn, (bits & InputBit.DASH) !== 0);
}
