// A model server's draft checked as the settings would check it, before
// "Check connection" or "Apply" sends it: what does not fit is said beside
// its fields (and a field still refused keeps the draft from going).
import type { BackendSettings } from '../../../common/backend-settings.js';
import { RemoteBackendDraft } from '../../../common/settings-contract.js';
import { refusalsOfIssues } from '../../../common/settings-refusal.js';
import { useSettingsStore } from './store.js';

export function checkDraft(draft: BackendSettings): boolean {
  const { refusals, refuse } = useSettingsStore.getState();
  if (Object.keys(refusals).some((field) => field.startsWith('backend.'))) return false;
  if (draft.kind === 'local') return true;
  const parsed = RemoteBackendDraft.safeParse(draft);
  if (!parsed.success) refuse('backend', refusalsOfIssues(parsed.error, ['backend']));
  return parsed.success;
}
