// Prints the env speed figure in this browser; asserts nothing about wall-clock speed (decision 16 in docs/architecture.md).
import { expect } from '@open-wc/testing';
import { measureEnvTicks } from '../../src/sim/index.js';

describe('sim throughput', () => {
  it('measures env ticks per second for 1024 envs with random actions', () => {
    const ticksPerSecond = measureEnvTicks({ envs: 1024, seconds: 2 });
    console.log(`env_ticks_per_s_per_core (1024 envs, random actions, Chromium): ${Math.round(ticksPerSecond)}`);
    expect(ticksPerSecond).to.be.greaterThan(0);
  });
});
