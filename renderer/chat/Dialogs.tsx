// In-page dialogs: the link confirmation (showing the full URL), deletion,
// removing a model, turning history off, and the capture at full size
// (CaptureZoom.tsx). Native <dialog>s: they trap focus, and Esc closes them.
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CaptureZoom } from './CaptureZoom.js';
import { useSettingsStore } from './settings/store.js';
import { formatBytes } from './StatusBar.js';
import { useChatStore } from './store.js';

function Modal({
  open,
  labelledBy,
  className,
  children,
}: {
  open: boolean;
  labelledBy: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeDialog = useChatStore((state) => state.closeDialog);
  // Before paint, so that the page's dialog state and what is on screen never disagree for a frame
  // (the Esc handler in App reads the DOM to know whether a dialog is open).
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={labelledBy}
      onClose={() => {
        if (useChatStore.getState().dialog) closeDialog();
      }}
    >
      {open && children}
    </dialog>
  );
}

export function Dialogs() {
  const { t, i18n } = useTranslation();
  const dialog = useChatStore((state) => state.dialog);
  const removeModel = useSettingsStore((state) => state.removeModel);
  const conversation = useChatStore((state) => state.conversation);
  const closeDialog = useChatStore((state) => state.closeDialog);
  const confirmLink = useChatStore((state) => state.confirmLink);
  const deleteConversation = useChatStore((state) => state.deleteConversation);
  const confirmKeepOff = useChatStore((state) => state.confirmKeepOff);

  return (
    <>
      <Modal open={dialog?.kind === 'link'} labelledBy="link-title">
        {dialog?.kind === 'link' && (
          <form
            method="dialog"
            onSubmit={(event) => {
              event.preventDefault();
              void confirmLink();
            }}
          >
            <h2 id="link-title">{t('link.title')}</h2>
            <p>{t('link.body')}</p>
            <p className="dialog-url">
              <code>{dialog.url}</code>
            </p>
            <div className="dialog-buttons">
              <button type="button" onClick={closeDialog} autoFocus>
                {t('dialog.cancel')}
              </button>
              <button type="submit" className="primary">
                {t('link.open')}
              </button>
            </div>
          </form>
        )}
      </Modal>
      <Modal open={dialog?.kind === 'delete-conversation'} labelledBy="delete-title">
        <h2 id="delete-title">{t('history.deleteConfirm')}</h2>
        {dialog?.kind === 'delete-conversation' && (
          <>
            <p>{dialog.title}</p>
            <div className="dialog-buttons">
              <button type="button" onClick={closeDialog} autoFocus>
                {t('dialog.cancel')}
              </button>
              <button type="button" className="danger" onClick={() => void deleteConversation(dialog.conversationId)}>
                {t('history.delete')}
              </button>
            </div>
          </>
        )}
      </Modal>
      <Modal open={dialog?.kind === 'remove-model'} labelledBy="remove-model-title">
        {dialog?.kind === 'remove-model' && (
          <>
            <h2 id="remove-model-title">{t('settings.model.removeConfirm', { name: dialog.name })}</h2>
            <p>
              {t(dialog.partial ? 'settings.model.removePartial' : 'settings.model.removeInstalled', {
                size: formatBytes(dialog.bytes, i18n.language),
              })}
            </p>
            <div className="dialog-buttons">
              <button type="button" onClick={closeDialog} autoFocus>
                {t('dialog.cancel')}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  closeDialog();
                  void removeModel(dialog.id);
                }}
              >
                {t('settings.model.remove')}
              </button>
            </div>
          </>
        )}
      </Modal>
      <Modal open={dialog?.kind === 'keep-off'} labelledBy="keep-off-title">
        <h2 id="keep-off-title">{t('history.keepOffConfirm')}</h2>
        <div className="dialog-buttons">
          <button type="button" onClick={closeDialog} autoFocus>
            {t('dialog.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => void confirmKeepOff()}>
            {t('history.keepOffAction')}
          </button>
        </div>
      </Modal>
      <Modal open={dialog?.kind === 'zoom'} labelledBy="zoom-title" className="zoom-dialog">
        {conversation && (
          <CaptureZoom conversation={conversation} index={dialog?.kind === 'zoom' ? (dialog.capture ?? 0) : 0} />
        )}
      </Modal>
    </>
  );
}
