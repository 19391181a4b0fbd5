// Shortcut: the capture shortcut, and the one that captures the last region
// again (off until the user chooses keys), with where that capture opens.
// Each field records keys (ShortcutRecorder.tsx); the host registers them or
// says why it cannot, keeping the old one. The same keys for both jobs are
// refused here first, as the host would.
import { useTranslation } from 'react-i18next';
import { sameAccelerator } from '../../../common/accelerator.js';
import { repeatShortcutOf, type RepeatInto } from '../../../common/settings.js';
import { Segmented } from './Segmented.js';
import { SectionMessage } from './SectionMessage.js';
import { usePlatform } from './FieldMessage.js';
import { ShortcutRecorder } from './ShortcutRecorder.js';
import { useSettingsStore } from './store.js';

const repeatTargets: readonly RepeatInto[] = ['same-conversation', 'new-conversation'];

export function ShortcutSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const refuse = useSettingsStore((state) => state.refuse);
  const platform = usePlatform();
  if (!view) return null;
  const { settings } = view;
  const repeat = repeatShortcutOf(settings);

  return (
    <>
      <div className="settings-group">
        <ShortcutRecorder
          field="hotkey"
          label={t('settings.shortcut.label')}
          hint={t('settings.shortcut.hint')}
          value={settings.hotkey}
          onRecorded={async (hotkey) => {
            if (repeat && sameAccelerator(hotkey, repeat, platform)) {
              return refuse('shortcut', [{ code: 'shortcut-is-repeat', field: 'hotkey', detail: hotkey }]);
            }
            return update({ hotkey }, 'shortcut', 'settings.shortcut.saved');
          }}
        />
      </div>
      <div className="settings-group">
        <ShortcutRecorder
          field="repeatHotkey"
          label={t('settings.shortcut.repeatLabel')}
          hint={t('settings.shortcut.repeatHint')}
          value={repeat}
          onRecorded={async (repeatHotkey) => {
            if (sameAccelerator(repeatHotkey, settings.hotkey, platform)) {
              return refuse('shortcut', [{ code: 'shortcut-is-capture', field: 'repeatHotkey', detail: repeatHotkey }]);
            }
            return update({ repeatHotkey }, 'shortcut', 'settings.shortcut.saved');
          }}
          onTurnOff={() => void update({ repeatHotkey: '' }, 'shortcut', 'settings.shortcut.turnedOff')}
        />
        <Segmented
          field="repeatInto"
          label={t('settings.shortcut.repeatInto')}
          hint={t(`settings.shortcut.repeatIntoHints.${settings.repeatInto}`)}
          value={settings.repeatInto}
          segments={repeatTargets.map((into) => ({
            value: into,
            label: t(`settings.shortcut.repeatIntoOptions.${into}`),
          }))}
          onChange={(repeatInto) => void update({ repeatInto }, 'shortcut')}
        />
      </div>
      <SectionMessage section="shortcut" />
    </>
  );
}
