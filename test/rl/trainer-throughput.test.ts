// Prints the CPU trainer and inference figures for the record.
// Nothing here is timed against a threshold (decision 16 in docs/architecture.md).
import { expect } from '@open-wc/testing';
import { measureThroughput } from '../../src/rl/trainer-throughput.js';

describe('CPU network throughput (reported, not asserted)', () => {
  it('measures the default network: PPO update at minibatch 512, inference at 1024 rows', async function () {
    this.timeout(60_000);
    const report = await measureThroughput();
    console.log(`throughput ${JSON.stringify(report)}`);
    for (const key of ['trainerSamplesPerSecond', 'gflops', 'bestStepGflops', 'bestKernelGflops', 'inferenceRowsPerSecond', 'sampledRowsPerSecond'] as const) {
      expect(report[key], key).to.be.above(0);
    }
    expect(report.hardwarePeak.gflops, 'hardware peak').to.be.above(0);
    expect(report.hardwarePeak.byInstruction.mul_add?.sweep).to.have.length(16);
  });
});
