// The status line, one compact line under the chat: a chip with the model and
// where it runs ("SmolVLM 256M · CPU") that opens its details on demand, in a
// card above it (status/StatusDetails.tsx); words while the engine starts,
// loads, downloads (with a progress bar) or restarts; an error with Retry, its
// fix and its details. A warning shows only when the device the user chose
// could not be used. With a model server, the chip names it and the line says
// whether captures leave the computer.
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorFixButton } from './ErrorFix.js';
import { privacySentence } from './settings/PrivacyNote.js';
import { useSettingsStore } from './settings/store.js';
import { DeviceDetails, MessageDetails, RemoteDetails } from './status/StatusDetails.js';
import { summarizeStatus, type StatusSummary } from './status/summary.js';
import { useChatStore } from './store.js';
import { useLocalModelsUnavailable } from './local-models.js';
import './status/status.css';

export { formatBytes, formatDuration } from './status/units.js';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const connection = useChatStore((state) => state.connection);
  const status = useChatStore((state) => state.status);
  const retryModel = useChatStore((state) => state.retryModel);
  const localModelsUnavailable = useLocalModelsUnavailable();
  const settingsView = useSettingsStore((state) => state.view);
  const backend = settingsView?.settings.backend;
  // Which state's details are open: another state closes them.
  const [openFor, setOpenFor] = useState<string>();
  const detailsId = useId();
  const footer = useRef<HTMLElement>(null);

  let summary: StatusSummary;
  let details: ReactNode | undefined;
  let action: { label: string; run: () => void } | undefined;
  let state: string;
  const remote = settingsView && backend && backend.kind !== 'local' ? { view: settingsView, backend } : undefined;

  if (connection.state === 'offline') {
    state = 'offline';
    summary = { text: connection.reason, tone: 'error' };
    action = { label: t('status.reconnect'), run: () => location.reload() };
  } else if (connection.state === 'connecting' || !status) {
    state = 'connecting';
    summary = { text: t('status.connecting'), tone: 'busy' };
  } else if (remote) {
    // A model server answers: the local engine's state does not matter, where captures go does.
    const { view, backend } = remote;
    state = `remote:${backend.kind}`;
    const where =
      backend.kind === 'openai'
        ? (view.privacy.host ?? t('status.serverShort.openai'))
        : t('status.serverShort.ollama');
    const leaves = view.privacy.sendsOffMachine;
    const short = leaves ? (backend.baseUrl.startsWith('http:') ? 'leavesHttp' : 'leaves') : 'stays';
    summary = {
      chip: t('status.chip', { model: backend.model, device: where }),
      text: t(`status.privacyShort.${short}`),
      tone: 'normal',
    };
    details = (
      <RemoteDetails
        server={t('status.remote', { server: t(`privacy.server.${backend.kind}`), model: backend.model })}
        sentence={privacySentence(view.privacy, backend, t, i18n.language)}
      />
    );
  } else {
    state = status.kind;
    summary = summarizeStatus(status, t, i18n.language);
    // An Intel Mac: no model to download, a model server to choose (LocalModelsUnavailable.tsx).
    if (status.kind === 'no-model' && localModelsUnavailable) {
      summary = { text: t('localModels.status'), tone: 'normal' };
    }
    if (status.kind === 'ready') details = <DeviceDetails status={status} chosen={settingsView?.settings.device} />;
    else if (summary.detail) details = <MessageDetails headline={summary.text} message={summary.detail} />;
    if (status.kind === 'error' && status.canRetry) action = { label: t('status.retry'), run: retryModel };
  }
  const open = details !== undefined && openFor === state;
  const close = useCallback(() => setOpenFor(undefined), []);
  useClosesOnClickOutside(open, footer, close);
  const offMachine = remote?.view.privacy.sendsOffMachine === true;
  const toggle = {
    'aria-expanded': open,
    'aria-controls': detailsId,
    onClick: () => setOpenFor(open ? undefined : state),
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    // Esc closes the details first; the page's own Esc (stop, close, hide) waits for the next one.
    event.preventDefault();
    close();
    footer.current?.querySelector<HTMLElement>('[aria-expanded]')?.focus();
  };

  return (
    <footer
      ref={footer}
      className={`chat-status chat-status-${summary.tone}${offMachine ? ' chat-status-off-machine' : ''}`}
      onKeyDown={onKeyDown}
    >
      <div className="status-line" role="status">
        {summary.chip ? (
          <button type="button" className="status-chip" {...toggle}>
            <span className="status-dot" aria-hidden="true" />
            {summary.chip}
          </button>
        ) : (
          summary.tone === 'busy' && <span className="status-spinner" aria-hidden="true" />
        )}
        {summary.text && (
          <span className="status-text" title={summary.text}>
            {summary.tone === 'warning' && (
              <span className="status-warning-mark" aria-hidden="true">
                ⚠
              </span>
            )}
            {summary.text}
          </span>
        )}
        {summary.progress && <progress value={summary.progress.value} max={summary.progress.max} aria-hidden="true" />}
        <span className="status-actions">
          {action && (
            <button type="button" className="link-button" onClick={action.run}>
              {action.label}
            </button>
          )}
          {state === 'error' && status?.kind === 'error' && <ErrorFixButton code={status.code} />}
          {!summary.chip && details && (
            <button type="button" className="link-button status-more" {...toggle}>
              {t('status.details')}
            </button>
          )}
        </span>
      </div>
      {/* After the line, so that Tab from the chip goes into them; drawn above it. */}
      <div id={detailsId} className="status-details" role="group" aria-label={t('status.detailsLabel')} hidden={!open}>
        {open && details}
      </div>
    </footer>
  );
}

/** Calls close on a click outside the element while open (a popover's light dismiss). */
function useClosesOnClickOutside(open: boolean, element: RefObject<HTMLElement | null>, close: () => void) {
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!element.current?.contains(event.target as Node)) close();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, element, close]);
}
