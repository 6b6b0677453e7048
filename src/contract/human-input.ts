/**
 * The human player's held controls as the arena sends them to the render
 * worker (RenderWorkerApi.setInput): one bit per control, keyed by
 * KeyboardEvent.code. src/show/human-input.ts turns the bits into an action.
 */

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
