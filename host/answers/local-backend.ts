// The local engine behind the same AnswerBackend interface as the model
// servers: its answers come from the model keeper (which loads the model
// again after an idle unload), its connection report from the engine host's
// state. The app owns the host and its life (the engine also crops and
// resizes captures for remote backends), so switching to another backend
// never disposes it.
import { describeFallback } from '../../common/device-choice.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import type { ModelKeeper } from '../engine-host/model-keeper.js';
import { failedReport, okReport, type AnswerBackend, type ConnectionReport } from './answer-backend.js';

export function localBackend(
  keeper: Pick<ModelKeeper, 'ask'> & Partial<Pick<ModelKeeper, 'prepareImage'>>,
  host: Pick<EngineHost, 'model' | 'state'>,
): AnswerBackend {
  return {
    kind: 'local',
    ask: keeper.ask.bind(keeper),
    ...(keeper.prepareImage ? { prepareImage: keeper.prepareImage.bind(keeper) } : {}),
    async checkConnection(): Promise<ConnectionReport> {
      if (host.state === 'gave-up' || host.state === 'disposed') {
        return failedReport(
          { code: 'engine-crashed', message: 'The local engine is not running. Restart Sightline to try again.' },
          { reachable: false },
        );
      }
      const model = host.model;
      if (!model) {
        return failedReport(
          { code: 'no-model', message: 'No model is loaded. Choose a model in Settings, or download one.' },
          { reachable: true, modelPresent: false },
        );
      }
      return okReport(`The model runs on this computer (${model.family}, ${model.provider}).`, {
        modelPresent: true,
        // Every model the engine loads is a vision-language model.
        acceptsImages: true,
        models: undefined,
        notes: model.fallback ? [describeFallback(model.provider, model.fallback)] : [],
      });
    },
  };
}
