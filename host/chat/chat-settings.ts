// The chat's settings held in memory only, for tests and any host without a
// settings file. The app's chat reads its settings through the
// settings file instead (host/settings/settings-file.ts).
import type { ChatSettings } from '../../common/chat-contract.js';
import type { ChatSettingsPort } from './chat-service.js';

export function memorySettingsPort(initial: Partial<ChatSettings> = {}): ChatSettingsPort {
  const settings: ChatSettings = {
    keepHistory: true,
    answerLanguage: 'question',
    captureTextToModel: true,
    answersFromServer: false,
    hideSecretsFromServers: true,
    ...initial,
  };
  return {
    get: () => Promise.resolve(settings),
  };
}
