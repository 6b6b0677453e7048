/**
 * The human player's controls in human_vs_ai (decision 11 in docs/architecture.md): W/S forward
 * and back, A/D turn, Q/E strafe, Space dash. The page keeps a bit set of
 * what is held and sends it on change; the show turns it into an action
 * every tick, so a key press is felt on the next tick, not the next decision.
 */
import { InputBit } from '../contract/human-input.js';
import { encodeAction, Move, type MoveCode, Turn, type TurnCode } from '../sim/actions.js';

export { INPUT_BITS_MASK, InputBit, KEY_BITS } from '../contract/human-input.js';

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
