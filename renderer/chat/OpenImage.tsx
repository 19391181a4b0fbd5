// "Open an image…" where the page has nothing to show: a PNG, JPEG, WebP or
// GIF file opens as a capture (open-image.ts). In a browser there is no
// capture shortcut, so it is the way in; in the app, a second one beside the
// shortcut. A paste or a drop does the same anywhere (ImageInput.tsx).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { openedImageTypes } from '../../common/open-image.js';
import { chatBridge } from './bridge-for-page.js';
import { canOpenImages, openImageFile, useOpeningImage } from './open-image.js';
import { useChatStore } from './store.js';
import './open-image.css';

export function OpenImage() {
  const { t } = useTranslation();
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const opening = useOpeningImage((state) => state.opening);
  const paste = useChatStore((state) =>
    state.connection.state === 'connected' && state.connection.info.platform === 'darwin' ? '⌘V' : 'Ctrl+V',
  );
  const input = useRef<HTMLInputElement>(null);
  if (!connected || !canOpenImages()) return null;
  return (
    <div className="open-image">
      <button
        type="button"
        className="open-image-button"
        onClick={() => input.current?.click()}
        disabled={opening}
        aria-describedby="open-image-hint"
      >
        {opening ? t('images.opening') : t('images.open')}
      </button>
      <p id="open-image-hint" className="open-image-hint">
        {t(chatBridge().kind === 'web' ? 'images.hintBrowser' : 'images.hintApp', { paste })}
      </p>
      <input
        ref={input}
        type="file"
        accept={openedImageTypes}
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void openImageFile(file);
          event.target.value = '';
        }}
      />
    </div>
  );
}
