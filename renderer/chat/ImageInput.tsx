// An image pasted (Ctrl+V, Cmd+V) or dropped anywhere in the chat window
// opens as a new capture (open-image.ts). A text field keeps what is text:
// pasting there opens an image only when the clipboard holds no text, so a
// paste of text in the composer stays text and a screenshot pasted there
// opens. While files are dragged over the window, it says where they go.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canOpenImages, openImageFile } from './open-image.js';
import { useChatStore } from './store.js';
import './open-image.css';

export function ImageInput() {
  const { t } = useTranslation();
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (!connected || !canOpenImages()) return;
    const onPaste = (event: ClipboardEvent) => {
      const data = event.clipboardData;
      const file = data && firstFile(data);
      if (!file || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      if (isTextField(event.target) && data.types.includes('text/plain')) return;
      event.preventDefault();
      void openImageFile(file);
    };
    // dragenter and dragleave come for every element crossed: counted, the window is left when they even out.
    let depth = 0;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer && firstFile(event.dataTransfer);
      if (!file) return;
      // Never navigate to the file: it opens as a capture.
      event.preventDefault();
      void openImageFile(file);
    };
    const listeners = [
      ['paste', onPaste],
      ['dragenter', onDragEnter],
      ['dragleave', onDragLeave],
      ['dragover', onDragOver],
      ['drop', onDrop],
    ] as const;
    for (const [type, listener] of listeners) window.addEventListener(type, listener as EventListener);
    return () => {
      for (const [type, listener] of listeners) window.removeEventListener(type, listener as EventListener);
    };
  }, [connected]);

  if (!dragging) return null;
  return (
    <div className="image-drop" aria-hidden="true">
      <p>{t('images.drop')}</p>
    </div>
  );
}

function firstFile(data: DataTransfer): File | undefined {
  for (const item of data.items) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (file) return file;
  }
  return undefined;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'file'].includes(target.type);
}
