// Model: the catalog with what is installed, downloads with live progress and
// a cancel, the model in use; then where it runs (device) and when it gives
// its memory back (idle unload).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Settings } from '../../../common/settings.js';
import type { SettingsPatch } from '../../../common/settings-contract.js';
import { LocalModelsUnavailable } from '../LocalModelsUnavailable.js';
import { useLocalModelsUnavailable } from '../local-models.js';
import { FieldMessage } from './FieldMessage.js';
import { ModelRow } from './ModelRow.js';
import { NumberField } from './NumberField.js';
import { SectionMessage } from './SectionMessage.js';
import { Segmented } from './Segmented.js';
import { useSettingsStore } from './store.js';

export { ModelRow } from './ModelRow.js';

const devices = ['auto', 'gpu', 'cpu'] as const;

export function ModelSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const models = useSettingsStore((state) => state.models);
  const refreshModels = useSettingsStore((state) => state.refreshModels);
  const update = useSettingsStore((state) => state.update);
  const unavailable = useLocalModelsUnavailable();
  useEffect(() => {
    void refreshModels();
  }, [refreshModels]);
  if (!view) return null;
  const { settings } = view;
  const apply = (patch: SettingsPatch) => void update(patch, 'model');

  return (
    <>
      {unavailable && <LocalModelsUnavailable />}
      <ul className="settings-models" aria-label={t('settings.model.list')}>
        {models.map((model) => (
          <ModelRow key={model.id} model={model} />
        ))}
      </ul>
      <FieldMessage field="modelId" />
      <SectionMessage section="model" />
      <div className="settings-group">
        <Segmented
          field="device"
          label={t('settings.general.device')}
          hint={t(`settings.general.deviceHints.${settings.device}`)}
          value={settings.device}
          segments={devices.map((device) => ({ value: device, label: t(`settings.general.devices.${device}`) }))}
          onChange={(device) => apply({ device })}
        />
        <NumberField
          field="idleUnloadMinutes"
          section="model"
          label={t('settings.general.idle')}
          hint={t('settings.general.idleHint')}
          value={settings.idleUnloadMinutes}
          schema={Settings.shape.idleUnloadMinutes}
          onCommit={(idleUnloadMinutes) => apply({ idleUnloadMinutes })}
        />
      </div>
    </>
  );
}
