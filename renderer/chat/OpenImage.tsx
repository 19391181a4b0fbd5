// Where there is no capture shortcut (the web host in a browser): a PNG opens as a capture.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { chatBridge } from './bridge-for-page.js';
import { useChatStore } from './store.js';

export function OpenImage() {
  const { t } = useTranslation();
  const openImage = useChatStore((state) => state.openImage);
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const input = useRef<HTMLInputElement>(null);
  if (!connected || chatBridge().openImage === undefined) return null;
  return (
    <p className="chat-empty-open">
      <span>{t('empty.openImageHint')}</span>{' '}
      <button type="button" onClick={() => input.current?.click()}>
        {t('empty.openImage')}
      </button>
      <input
        ref={input}
        type="file"
        accept="image/png"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void openImage(file);
          event.target.value = '';
        }}
      />
    </p>
  );
}
