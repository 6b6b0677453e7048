// The arena's page-side control helpers, pure: held keys and touch merged
// into one bit set sent on change; the touch stick's directions.
import { expect } from '@open-wc/testing';
import { HeldControls } from '../../elements/arena/held-controls.js';
import { stickBits } from '../../elements/arena/touch-stick.js';
import { announceEpisodeEnd, announceGoal, describeMatch } from '../../elements/arena/arena-text.js';
import { DEFAULT_SHOW_STATE } from '../../src/contract/show.js';
import { InputBit } from '../../src/show/human-input.js';

describe('<drill-arena> control helpers', () => {
  it('merges keys and touch, sends only changes, and keeps a control held while either of its keys is', () => {
    const sent: number[] = [];
    const controls = new HeldControls((bits) => sent.push(bits));
    controls.keyDown('KeyW');
    controls.keyDown('KeyW'); // auto-repeat
    controls.keyDown('ArrowUp');
    controls.keyDown('KeyZ'); // not a game key
    controls.keyUp('KeyW');
    expect(controls.bits).to.equal(InputBit.FORWARD);
    controls.setTouch(InputBit.DASH);
    controls.keyUp('ArrowUp');
    controls.releaseAll();
    expect(sent).to.deep.equal([InputBit.FORWARD, InputBit.FORWARD | InputBit.DASH, InputBit.DASH, 0]);
    expect(HeldControls.isGameKey('Space')).to.equal(true);
    expect(HeldControls.isGameKey('Tab')).to.equal(false);
  });

  it('reads the stick with a dead zone: up is forward, sideways turns', () => {
    expect(stickBits(0, 0, 50)).to.equal(0);
    expect(stickBits(10, -10, 50)).to.equal(0);
    expect(stickBits(0, -40, 50)).to.equal(InputBit.FORWARD);
    expect(stickBits(0, 40, 50)).to.equal(InputBit.BACK);
    expect(stickBits(-40, -40, 50)).to.equal(InputBit.FORWARD | InputBit.TURN_LEFT);
    expect(stickBits(40, 0, 50)).to.equal(InputBit.TURN_RIGHT);
  });

  it('describes the match and announces goals and time-ups', () => {
    expect(describeMatch({ ...DEFAULT_SHOW_STATE, policyVersion: 3, score: [2, 1] })).to.equal('Blue, the AI (policy version 3), 2; Orange, the chaser bot, 1.');
    expect(describeMatch({ ...DEFAULT_SHOW_STATE, mode: 'human_vs_ai', paused: true, policyVersion: 7 })).to.equal('Blue, you, 0; Orange, the AI (policy version 7), 0. Paused.');
    expect(describeMatch({ ...DEFAULT_SHOW_STATE, mode: 'sandbox', speed: 2 })).to.match(/Playing at 2× speed\. Sandbox: the ball and players can be dragged\.$/);
    expect(announceGoal({ side: 1, score: [2, 2], tick: 100 })).to.equal('Orange scores: 2–2');
    expect(announceEpisodeEnd({ winner: null, score: [1, 1], length: 900 })).to.equal('Time up: 1–1. New kickoff.');
    expect(announceEpisodeEnd({ winner: 0, score: [1, 0], length: 90 })).to.equal(null);
  });
});
