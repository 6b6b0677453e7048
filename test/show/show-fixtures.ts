// Shared by the show tests: a weights channel the test publishes into, the
// render worker's init message, weights that force one action, and a
// recorder of the show's events.
import { createWeightsChannel, openWeightsPublisher, type Transport, type WeightsPublisher, type WeightsReaderHandle } from '../../src/channels/index.js';
import { paramLayout } from '../../src/nn/network-descriptor.js';
import type { DrillEpisodeEndDetail, DrillErrorDetail, DrillGoalDetail, DrillPolicySwapDetail } from '../../src/contract/events.js';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';
import { PROTOCOL_VERSION, type ShowEvents, type ShowReport, type WorkerInit } from '../../src/contract/worker-api.js';
import { type RunLayout, runLayout } from '../../src/runtime/run-layout.js';
import { ACTION_COUNT, OBS_SIZE } from '../../src/sim/index.js';

export interface ShowChannel {
  readonly layout: RunLayout;
  readonly init: WorkerInit;
  readonly publisher: WeightsPublisher;
  readonly reader: WeightsReaderHandle;
}

export function showChannel(hyper: Partial<Hyperparameters> = {}, transport: Transport = 'shared-memory'): ShowChannel {
  const full = { ...DEFAULT_HYPERPARAMETERS, ...hyper };
  const layout = runLayout(full, { obsSize: OBS_SIZE, actionCount: ACTION_COUNT }, 1);
  const channel = createWeightsChannel(layout.weights, transport, 1);
  const init: WorkerInit = {
    role: 'render',
    index: 0,
    protocolVersion: PROTOCOL_VERSION,
    transport,
    envId: 'soccer',
    network: layout.network,
    channel: layout.channel,
    weights: layout.weights,
    rolloutWorkers: 1,
    hyper: full,
  };
  return { layout, init, publisher: openWeightsPublisher(channel.publisher, layout.weights), reader: channel.readers[0]! };
}

/**
 * Parameters whose policy picks `action` with probability ≈ 1 − 3·10⁻⁸:
 * every weight zero, the action's logit bias 20. `marker` goes into
 * parameter 0 (a weight, so the policy does not change) to find the vector
 * in shared memory.
 */
export function forcingParams(layout: RunLayout, action: number, marker = 0): Float32Array {
  const params = new Float32Array(layout.channel.paramCount);
  const bias = paramLayout(layout.network).find((t) => t.name === 'heads.bias')!;
  params[bias.offset + action] = 20;
  params[0] = marker;
  return params;
}

/**
 * Overwrites the parameter after `marker` with NaN in the shared buffer, as
 * memory corrupted behind the publisher's back would look (the publisher
 * itself refuses non-finite weights).
 */
export function corruptPublished(reader: WeightsReaderHandle, marker: number): void {
  if (reader.transport !== 'shared-memory') throw new Error('corruptPublished needs the shared-memory transport');
  const floats = new Float32Array(reader.buffer);
  const at = floats.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found in the weights buffer`);
  floats[at + 1] = NaN;
}

export interface EventLog extends ShowEvents {
  readonly goals: DrillGoalDetail[];
  readonly episodes: DrillEpisodeEndDetail[];
  readonly swaps: DrillPolicySwapDetail[];
  readonly states: ShowReport[];
  readonly errors: DrillErrorDetail[];
}

export function eventLog(): EventLog {
  const log = { goals: [], episodes: [], swaps: [], states: [], errors: [] } as unknown as EventLog;
  return Object.assign(log, {
    goal: (d: DrillGoalDetail) => log.goals.push(d),
    episodeEnd: (d: DrillEpisodeEndDetail) => log.episodes.push(d),
    policySwap: (d: DrillPolicySwapDetail) => log.swaps.push(d),
    state: (s: ShowReport) => log.states.push(s),
    error: (d: DrillErrorDetail) => log.errors.push(d),
  });
}
