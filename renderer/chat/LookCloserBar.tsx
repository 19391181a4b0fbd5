// The line under the zoom's header that says how to look closer and does
// it: a hint to drag over the image (and a button that selects a part from
// the keyboard) until a part is selected; then its size in the capture's
// pixels, "Clear selection" and "Look closer", which sends the region to the
// host (store/later-captures.ts). While an answer is being written, "Look
// closer" is disabled and the line says why.
import { useTranslation } from 'react-i18next';
import type { CaptureRect } from '../../common/conversation.js';
import { middleRegion, type Region } from './region-select.js';
import { useChatStore } from './store.js';
import './later-captures.css';

/** What the selected state is sized for while nothing is selected: the longest size it says. */
const placeholder = { width: 8888, height: 8888 };

export function LookCloserBar({
  capture,
  rect,
  onSelect,
  onClear,
}: {
  /** The index of the capture the zoom shows. */
  capture: number;
  /** The selected part in the capture's pixels, if one is selected. */
  rect: CaptureRect | undefined;
  onSelect: (region: Region) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const busy = useChatStore((state) => state.live !== undefined);
  const working = useChatStore((state) => state.lookingCloser);
  const lookCloser = useChatStore((state) => state.lookCloser);
  // Both states share one cell, the hidden one kept for its size: the bar's height does not change
  // when a part is selected, so the image under the pointer does not move during a drag.
  const shown = rect ?? placeholder;
  return (
    <div className="look-closer">
      <div className="look-closer-state" inert={rect !== undefined} data-hidden={rect !== undefined}>
        <p className="look-closer-hint">{t('closerLook.hint')}</p>
        <button type="button" onClick={() => onSelect(middleRegion)}>
          {t('closerLook.selectKeyboard')}
        </button>
      </div>
      <div className="look-closer-state" inert={rect === undefined} data-hidden={rect === undefined}>
        <p className="look-closer-hint">{t('closerLook.selected', { width: shown.width, height: shown.height })}</p>
        <div className="look-closer-buttons">
          <button type="button" onClick={onClear}>
            {t('closerLook.clear')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || working}
            aria-describedby={busy ? 'look-closer-busy' : undefined}
            onClick={() => rect && void lookCloser(capture, rect)}
          >
            {working ? t('closerLook.working') : t('closerLook.action')}
          </button>
        </div>
        {busy && (
          <p id="look-closer-busy" className="look-closer-busy">
            {t('closerLook.busy')}
          </p>
        )}
      </div>
    </div>
  );
}
