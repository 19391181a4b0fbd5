// What the settings need from the chat: which model to load (one was chosen,
// a download finished, the device changed), and the status line fed while a
// first model downloads. Declared here, on the settings' side, so the
// dependency runs one way, host/chat → host/settings: the chat's status line
// (host/chat/status-line.ts) fits this shape without naming it.
import type { ChatStatus } from '../../common/chat-contract.js';
import type { DeviceSetting } from '../../common/engine-protocol.js';

/** The model the chat loads. */
export interface ChatModel {
  dir: string;
  /** What the status line calls it ("SmolVLM 256M Instruct"). */
  name: string;
  device: DeviceSetting;
}

/** What the downloader reports (host/models' PullProgress has these fields). */
export interface DownloadProgress {
  phase: 'listing' | 'downloading' | 'installing' | 'done';
  bytesDone: number;
  bytesTotal: number;
  etaSeconds: number | undefined;
}

export interface ChatControl {
  /** The status line's state: a download feeds it only while no model is set up. */
  readonly status: ChatStatus;
  /** Loads this model from now on. */
  setModel(model: ChatModel): void;
  /** Shows a download's progress on the status line. */
  reportDownload(modelName: string, progress: DownloadProgress): void;
  /** Loads the current model again (after a download ended without a new one, the status says so). */
  loadModel(): void;
}
