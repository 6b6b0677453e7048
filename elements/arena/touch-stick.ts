/**
 * The on-screen stick of the touch controls: a thumb offset from the stick's
 * centre becomes forward/back and turn controls, with a dead zone so a
 * resting thumb does nothing.
 */
import { InputBit } from '../../src/contract/human-input.js';

/** Fraction of the stick's radius a thumb must move before a direction counts. */
const DEAD_ZONE = 0.3;

/** Bits for a thumb at (dx, dy) from the centre (screen axes: y down), on a stick of `radius`. */
export function stickBits(dx: number, dy: number, radius: number): number {
  const x = dx / radius;
  const y = dy / radius;
  let bits = 0;
  if (y < -DEAD_ZONE) bits |= InputBit.FORWARD;
  else if (y > DEAD_ZONE) bits |= InputBit.BACK;
  if (x < -DEAD_ZONE) bits |= InputBit.TURN_LEFT;
  else if (x > DEAD_ZONE) bits |= InputBit.TURN_RIGHT;
  return bits;
}
