// Bench worker: runs one compute task alone and replies with its figures.
import { envTicks, rolloutTicks, trainer } from '../tasks/compute.js';
import { tfjsPpoThroughput } from '../tasks/tfjs-ppo.js';
import { webgpuTrainer } from '../tasks/webgpu-trainer.js';

const tasks = { envTicks, rolloutTicks, trainer, tfjs: tfjsPpoThroughput, webgpuTrainer } as const;

self.onmessage = async (event: MessageEvent<{ task: keyof typeof tasks; args: unknown[] }>) => {
  try {
    const run = tasks[event.data.task] as (...args: unknown[]) => unknown;
    postMessage({ ok: true, result: await run(...event.data.args) });
  } catch (error) {
    postMessage({ ok: false, error: String(error) });
  }
};
