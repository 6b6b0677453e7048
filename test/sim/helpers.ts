// Shared by the simulation tests: bit-exact snapshots of a batch.
import type { SoccerBatch } from '../../src/sim/index.js';

type Numeric = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array | Int8Array;

/** The raw bytes of a typed array as a hex string: equal strings ⇔ bit-identical arrays (−0 ≠ +0, NaN payloads kept). */
export function bits(array: Numeric): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Every piece of a batch's state and outputs, as bits. */
export function snapshot(batch: SoccerBatch): Record<string, string> {
  const w = batch.world;
  const arrays: Record<string, Numeric> = {
    ballX: w.ballX, ballY: w.ballY, ballVX: w.ballVX, ballVY: w.ballVY,
    playerX: w.playerX, playerY: w.playerY, playerVX: w.playerVX, playerVY: w.playerVY,
    playerCos: w.playerCos, playerSin: w.playerSin, playerSpin: w.playerSpin,
    dashCooldown: w.dashCooldown, episodeTick: w.episodeTick,
    obs: batch.obs, mask: batch.mask, reward: batch.reward, done: batch.done, truncated: batch.truncated,
    episodeId: batch.episodeId, episodeStep: batch.episodeStep, potential: batch.potential,
  };
  return Object.fromEntries(Object.entries(arrays).map(([name, array]) => [name, bits(array)]));
}

/** The slice of env `e` out of a [N][…] snapshot field, for comparing one env of a batch with a single env. */
export function envSlice(array: Numeric, e: number, perEnv: number): Numeric {
  return array.subarray(e * perEnv, (e + 1) * perEnv);
}

export function kineticEnergy(batch: SoccerBatch, e: number, ballMass: number, playerMass: number): number {
  const w = batch.world;
  let energy = 0.5 * ballMass * (w.ballVX[e]! ** 2 + w.ballVY[e]! ** 2);
  for (const i of [2 * e, 2 * e + 1]) energy += 0.5 * playerMass * (w.playerVX[i]! ** 2 + w.playerVY[i]! ** 2);
  return energy;
}
