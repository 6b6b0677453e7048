// The human's controls: keys → bits → action (decision 11 in docs/architecture.md), pure.
import { expect } from '@open-wc/testing';
import { decodeAction, Move, Turn } from '../../src/sim/index.js';
import { actionForInput, INPUT_BITS_MASK, InputBit, KEY_BITS } from '../../src/show/human-input.js';

const decoded = (bits: number) => decodeAction(actionForInput(bits));

describe('human input mapping', () => {
  it('maps W/S/A/D/Q/E/Space (by key position) and the arrows to control bits', () => {
    expect(KEY_BITS).to.deep.include({
      KeyW: InputBit.FORWARD,
      KeyS: InputBit.BACK,
      KeyA: InputBit.TURN_LEFT,
      KeyD: InputBit.TURN_RIGHT,
      KeyQ: InputBit.STRAFE_LEFT,
      KeyE: InputBit.STRAFE_RIGHT,
      Space: InputBit.DASH,
      ArrowUp: InputBit.FORWARD,
      ArrowLeft: InputBit.TURN_LEFT,
    });
    const all = Object.values(InputBit).reduce((a, b) => a | b, 0);
    expect(all).to.equal(INPUT_BITS_MASK);
  });

  it('turns held controls into the action they mean', () => {
    expect(decoded(0)).to.deep.equal({ move: Move.STOP, turn: Turn.NONE, dash: false });
    expect(decoded(InputBit.FORWARD)).to.deep.equal({ move: Move.FORWARD, turn: Turn.NONE, dash: false });
    expect(decoded(InputBit.BACK | InputBit.TURN_RIGHT)).to.deep.equal({ move: Move.BACK, turn: Turn.RIGHT, dash: false });
    expect(decoded(InputBit.STRAFE_LEFT | InputBit.DASH)).to.deep.equal({ move: Move.STRAFE_LEFT, turn: Turn.NONE, dash: true });
    expect(decoded(InputBit.STRAFE_RIGHT | InputBit.TURN_LEFT)).to.deep.equal({ move: Move.STRAFE_RIGHT, turn: Turn.LEFT, dash: false });
  });

  it('cancels opposite controls, and forward/back wins over a strafe held with it', () => {
    expect(decoded(InputBit.FORWARD | InputBit.BACK).move).to.equal(Move.STOP);
    expect(decoded(InputBit.TURN_LEFT | InputBit.TURN_RIGHT).turn).to.equal(Turn.NONE);
    expect(decoded(InputBit.FORWARD | InputBit.BACK | InputBit.STRAFE_LEFT).move).to.equal(Move.STRAFE_LEFT);
    expect(decoded(InputBit.FORWARD | InputBit.STRAFE_RIGHT).move).to.equal(Move.FORWARD);
  });
});
