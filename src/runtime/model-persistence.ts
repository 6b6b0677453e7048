/**
 * Model persistence: turning weights into a model file (src/runtime/model-file.ts)
 * and a file back into weights for this drill, checked before any weights
 * change. A file that is not a model of this drill is refused with a
 * `model-file-invalid` report and a ModelFileError; nothing else happens.
 */
import { validateHyper } from '../contract/hyperparameters.js';
import type { TrainingOptions } from '../contract/training-options.js';
import type { WeightsSnapshot } from '../contract/worker-api.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import type { EnvInfo } from '../sim/env.js';
import { decodeModel, encodeModel, type Model, MODEL_FILE_EXTENSION, ModelFileError, type ModelHeader, type ModelInput, readModelInput } from './model-file.js';
import { markReported } from './reported-error.js';
import { NETWORK_ACTIVATION } from './run-layout.js';

export class ModelPersistence {
  constructor(
    /** The drill's info (read when used: the runtime knows it once its drill has loaded). */
    private readonly envInfo: () => EnvInfo,
    private readonly reportInvalid: (message: string) => void,
  ) {}

  /** A model file of `weights` for `network`, trained with `training` (the header carries them). */
  file({ params, policyVersion }: WeightsSnapshot, network: NetworkDescriptor, training?: TrainingOptions): Blob {
    const { id, version } = this.envInfo();
    const header: ModelHeader = { env: { id, version }, network, policyVersion, savedAt: new Date().toISOString(), ...(training ? { training } : {}) };
    return new Blob([encodeModel({ header, params })], { type: 'application/octet-stream' });
  }

  /**
   * Decodes a model file and checks it fits this drill; reports and throws a
   * ModelFileError if not. `from` says where it came from, for the report:
   * an import, autosave, or the URL of the `model` setting.
   */
  async read(file: ModelInput, from: 'import' | 'autosave' | { readonly url: string } = 'import'): Promise<Model> {
    try {
      const model = decodeModel(await readModelInput(file));
      const env = this.envInfo();
      const { id, version } = model.header.env;
      if (id !== env.id || version !== env.version) throw new ModelFileError(`it was trained on ${id} version ${version}; this runtime runs ${env.id} version ${env.version}`);
      const { obsSize, actionCount, activation, hidden } = model.header.network;
      if (obsSize !== env.obsSize || actionCount !== env.actionCount) throw new ModelFileError(`its network takes ${obsSize} observations and ${actionCount} actions; ${env.id} has ${env.obsSize} and ${env.actionCount}`);
      if (activation !== NETWORK_ACTIVATION) throw new ModelFileError(`its network uses ${activation}; drill's uses ${NETWORK_ACTIVATION}`);
      try {
        validateHyper('hidden', hidden);
      } catch (error) {
        throw new ModelFileError(`its hidden layers do not fit: ${(error as Error).message}`);
      }
      return model;
    } catch (error) {
      const reason = error instanceof ModelFileError ? error.message : `it could not be read (${(error as Error).message})`;
      this.reportInvalid(from === 'autosave'
        ? `The model saved in this browser was not loaded: ${reason}. Starting from new weights.`
        : from === 'import'
          ? `Model not loaded: ${reason}. The weights in use stay; choose a ${MODEL_FILE_EXTENSION} file exported from drill.`
          : `model="${from.url}" was not loaded: ${reason}. The weights in use stay; point model at a ${MODEL_FILE_EXTENSION} file exported from drill for this drill.`);
      throw markReported(error instanceof ModelFileError ? error : new ModelFileError(reason));
    }
  }
}
