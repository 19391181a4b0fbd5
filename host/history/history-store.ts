// Conversations and their captures, on disk in the user-data folder (each
// host passes the folder in: host/chat-runtime.ts). Node only. Over 300
// lines: the layout below and its atomic writes are one job, kept together
// so that no write path can skip the rules.
//
//   <root>/<id>/conversation.json   the conversation (chat-contract's Conversation)
//   <root>/<id>/capture.png         the capture it is about
//   <root>/<id>/capture-<n>.png     its later captures, n ≥ 1 (later-captures.ts)
//   <root>/<id>/sent-<n>.png        capture n as it went to the model, secrets filled (sent-images.ts)
//   <root>/<id>/answer-in-progress.json
//                                   what has streamed of the answer being written (see saveProgress)
//   <root>/<id>/thumbnail.jpg|.png  a small image of the capture, for the history's listing (SideFile)
//   <root>/<id>/capture-text.txt    the capture's text as the text layer read it (SideFile)
//   <root>/.staging/<id>/           a new conversation being written; renamed into place
//   <root>/.trash/                  conversations being deleted (renamed away first)
//
// Every write is atomic: a new conversation appears whole (its folder is
// renamed into place), a changed one is replaced by a rename (temp file +
// rename), a deleted one disappears in one rename. A file that does not parse
// is left alone and skipped, never deleted.
//
// With keeping off ("keep none"), conversations live in memory only, for as
// long as this process runs, and nothing is written.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chatRefusals } from '../../common/chat-refusals.js';
import { type StorageNotice } from '../../common/chat-contract.js';
import {
  AnswerProgress,
  Conversation,
  ConversationId,
  summarize,
  type ConversationSummary,
} from '../../common/conversation.js';
import { messageOf } from '../../common/message-of.js';
import { pngSize } from '../../common/png-size.js';
import { describeIssues } from '../../common/schema.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { KeyedQueue, readIfPresent } from './keyed-queue.js';
import { keepLaterCaptures, laterCaptureFiles, type LaterCaptureFile } from './later-capture-files.js';

const conversationFile = 'conversation.json';
const captureFile = 'capture.png';
const progressFile = 'answer-in-progress.json';

/** Small files kept beside a conversation for its listing; remade or done without if lost. */
export const sideFiles = ['thumbnail.jpg', 'thumbnail.png', 'capture-text.txt'] as const;
export type SideFile = (typeof sideFiles)[number];
/** The files kept beside a conversation through saveSide: its side files, its later captures, the images sent (sent-images.ts). */
export type KeptFile = SideFile | LaterCaptureFile | `sent-${number}.png`;

export interface HistoryStoreOptions {
  /** false: keep none (memory only). Default true. */
  keep?: boolean;
  now?: () => number;
  /** Where to say that a file was skipped; default console.warn. */
  warn?: (message: string) => void;
}

export class HistoryError extends Error {
  override name = 'HistoryError';
}

interface InMemory {
  conversation: Conversation;
  png: Uint8Array<ArrayBuffer>;
  side: Map<KeptFile, Uint8Array>;
}

export class HistoryStore {
  private keep: boolean;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  /** Conversations not written to disk (keeping off). */
  private readonly memory = new Map<string, InMemory>();
  /** Writes per conversation, in order: a save never overtakes an earlier one. */
  private readonly writes = new KeyedQueue();
  /** Conversations this process created or opened: kept in memory when keeping is switched off. */
  private readonly touched = new Set<string>();
  /** Conversation files that did not parse when last read, by id: left alone, and told to the user. */
  private readonly unreadableFiles = new Map<string, { file: string; reason: string }>();

  constructor(
    readonly root: string,
    options: HistoryStoreOptions = {},
  ) {
    this.keep = options.keep ?? true;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message) => console.warn(`Sightline history: ${message}`));
  }

  get keeping(): boolean {
    return this.keep;
  }

  /**
   * Switches keeping on or off. Off deletes every saved conversation; those
   * this process created or opened stay, in memory, so an open conversation
   * can still be followed up. On writes the in-memory ones to disk.
   */
  async setKeeping(keep: boolean): Promise<void> {
    if (keep === this.keep) return;
    if (!keep) {
      for (const id of this.touched) {
        if (this.memory.has(id)) continue;
        const conversation = await this.readConversation(id);
        const png = conversation && (await this.readCapture(id));
        const side = conversation && (await this.readSideFiles(id, conversation));
        if (conversation && png && side) this.memory.set(id, { conversation, png, side });
      }
      const saved = await this.diskIds();
      this.keep = false;
      for (const id of saved) await this.writes.run(id, () => this.deleteFromDisk(id));
      return;
    }
    this.keep = true;
    for (const [id, { conversation, png, side }] of this.memory) {
      await this.writeNew(conversation, png, side);
      this.memory.delete(id);
    }
  }

  /** A new conversation about a capture (a PNG). */
  async create(png: Uint8Array): Promise<Conversation> {
    const size = pngSize(png);
    if (!size || size.width === 0 || size.height === 0) throw new HistoryError(chatRefusals.captureNotPng);
    const now = this.now();
    const conversation: Conversation = {
      version: 1,
      id: newConversationId(now),
      title: '',
      createdAt: now,
      updatedAt: now,
      capture: { width: size.width, height: size.height, bytes: png.byteLength },
      turns: [],
    };
    this.touched.add(conversation.id);
    if (!this.keep) this.memory.set(conversation.id, { conversation, png: new Uint8Array(png), side: new Map() });
    else await this.writeNew(conversation, png);
    return conversation;
  }

  async get(id: string): Promise<Conversation | undefined> {
    if (!ConversationId.safeParse(id).success) return undefined;
    const inMemory = this.memory.get(id);
    if (inMemory) return inMemory.conversation;
    await this.writes.idle(id);
    const conversation = await this.readConversation(id);
    if (conversation) this.touched.add(id);
    return conversation;
  }

  /** Replaces a conversation (it must exist). */
  async save(conversation: Conversation): Promise<void> {
    const parsed = Conversation.safeParse(conversation);
    if (!parsed.success) throw new HistoryError(`Conversation not saved: ${describeIssues(parsed.error)}`);
    const id = parsed.data.id;
    const inMemory = this.memory.get(id);
    if (inMemory) {
      inMemory.conversation = keepLaterCaptures(parsed.data, inMemory.conversation);
      return;
    }
    await this.writes.run(id, async () => {
      const folder = this.folderOf(id);
      try {
        const conversation = keepLaterCaptures(parsed.data, await this.readConversation(id));
        await writeFileAtomic(path.join(folder, conversationFile), `${JSON.stringify(conversation)}\n`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new HistoryError(chatRefusals.conversationDeleted);
        throw error;
      }
      // The conversation file is the truth from here on. A kill before this line leaves progress
      // behind whose question is answered already: settleUnanswered ignores it.
      await rm(path.join(folder, progressFile), { force: true });
    });
  }

  /**
   * Saves what has streamed of the answer being written, beside the conversation and in one
   * atomic write, so that a hard kill loses only what came since (the chat service calls this
   * about once a second, not per token, and never rewrites the conversation for it). The next
   * save() of the conversation removes it. Nothing is written for a conversation kept in memory.
   */
  async saveProgress(id: string, progress: AnswerProgress): Promise<void> {
    if (this.memory.has(id) || !ConversationId.safeParse(id).success) return;
    await this.writes.run(id, async () => {
      try {
        await writeFileAtomic(path.join(this.folderOf(id), progressFile), JSON.stringify(progress));
      } catch (error) {
        // Deleted while answering: there is nothing to keep progress for.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    });
  }

  /** What was saved of an answer that never ended (see saveProgress), if anything. */
  async answerInProgress(id: string): Promise<AnswerProgress | undefined> {
    if (!this.keep || this.memory.has(id) || !ConversationId.safeParse(id).success) return undefined;
    await this.writes.idle(id);
    const text = await readIfPresent(path.join(this.folderOf(id), progressFile), 'utf8');
    if (text === undefined) return undefined;
    try {
      const parsed = AnswerProgress.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.warn(`ignored the unfinished answer of ${id}: ${describeIssues(parsed.error)}`);
    } catch (error) {
      this.warn(`ignored the unfinished answer of ${id}: not valid JSON (${messageOf(error)})`);
    }
    return undefined;
  }

  /** The capture's PNG bytes. */
  async image(id: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    if (!ConversationId.safeParse(id).success) return undefined;
    const inMemory = this.memory.get(id);
    if (inMemory) return inMemory.png;
    return this.readCapture(id);
  }

  /** The capture's file on disk (undefined for a conversation kept in memory only). */
  imageFile(id: string): string | undefined {
    if (!ConversationId.safeParse(id).success || this.memory.has(id)) return undefined;
    return path.join(this.folderOf(id), captureFile);
  }

  /** Every conversation, most recently used first. */
  async list(): Promise<ConversationSummary[]> {
    return (await this.conversations()).map(summarize);
  }

  /** Every conversation with its turns, most recently used first (the history's listing reads them). */
  async conversations(): Promise<Conversation[]> {
    const conversations = [...this.memory.values()].map(({ conversation }) => conversation);
    for (const id of await this.diskIds()) {
      if (this.memory.has(id)) continue;
      const conversation = await this.readConversation(id);
      if (conversation) conversations.push(conversation);
    }
    return conversations.sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt);
  }

  /** Keeps a side file beside a conversation (one write, atomic); false if the conversation is gone. */
  async saveSide(id: string, name: KeptFile, bytes: Uint8Array): Promise<boolean> {
    if (!ConversationId.safeParse(id).success) return false;
    const inMemory = this.memory.get(id);
    if (inMemory) {
      inMemory.side.set(name, new Uint8Array(bytes));
      return true;
    }
    if (!this.keep) return false;
    return this.writes.run(id, async () => {
      try {
        await writeFileAtomic(path.join(this.folderOf(id), name), bytes);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    });
  }

  /** A side file of a conversation, if it has one. */
  async readSide(id: string, name: KeptFile): Promise<Uint8Array | undefined> {
    if (!ConversationId.safeParse(id).success) return undefined;
    const inMemory = this.memory.get(id);
    if (inMemory) return inMemory.side.get(name);
    if (!this.keep) return undefined;
    return readIfPresent(path.join(this.folderOf(id), name));
  }

  /** A kept file's path on disk (undefined for a conversation kept in memory only). */
  sideFile(id: string, name: KeptFile): string | undefined {
    if (!ConversationId.safeParse(id).success || this.memory.has(id) || !this.keep) return undefined;
    return path.join(this.folderOf(id), name);
  }

  /** Conversation files that could not be read (as of the last list() or get()), for the page to tell. */
  unreadable(): StorageNotice[] {
    return [...this.unreadableFiles.values()].map(({ file, reason }) => ({
      kind: 'conversation-unreadable',
      file,
      reason,
    }));
  }

  /** Deletes a conversation and its capture; false if there was none. */
  async delete(id: string): Promise<boolean> {
    if (!ConversationId.safeParse(id).success) return false;
    this.touched.delete(id);
    this.unreadableFiles.delete(id);
    if (this.memory.delete(id)) return true;
    return this.writes.run(id, () => this.deleteFromDisk(id));
  }

  /** Deletes conversations not used for `days` days. */
  async prune(days: number): Promise<number> {
    const cutoff = this.now() - days * 86_400_000;
    let deleted = 0;
    for (const summary of await this.list()) {
      if (summary.updatedAt < cutoff && (await this.delete(summary.id))) deleted += 1;
    }
    return deleted;
  }

  // --- disk -----------------------------------------------------------------

  private folderOf(id: string): string {
    return path.join(this.root, id);
  }

  private async writeNew(
    conversation: Conversation,
    png: Uint8Array,
    side: ReadonlyMap<KeptFile, Uint8Array> = new Map(),
  ): Promise<void> {
    const staging = path.join(this.root, '.staging', conversation.id);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, captureFile), png);
    for (const [name, bytes] of side) await writeFile(path.join(staging, name), bytes);
    await writeFileAtomic(path.join(staging, conversationFile), `${JSON.stringify(conversation)}\n`);
    await rename(staging, this.folderOf(conversation.id));
  }

  private async deleteFromDisk(id: string): Promise<boolean> {
    const trash = path.join(this.root, '.trash');
    await mkdir(trash, { recursive: true });
    const away = path.join(trash, `${id}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(this.folderOf(id), away);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    await rm(away, { recursive: true, force: true });
    return true;
  }

  private async diskIds(): Promise<string[]> {
    if (!this.keep) return [];
    try {
      const entries = await readdir(this.root, { withFileTypes: true });
      return entries
        .filter((entry) => entry.isDirectory() && ConversationId.safeParse(entry.name).success)
        .map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async readConversation(id: string): Promise<Conversation | undefined> {
    if (!this.keep) return undefined;
    const file = path.join(this.folderOf(id), conversationFile);
    const text = await readIfPresent(file, 'utf8');
    if (text === undefined) {
      this.unreadableFiles.delete(id);
      return undefined;
    }
    let reason: string;
    try {
      const parsed = Conversation.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.id === id) {
        this.unreadableFiles.delete(id);
        return parsed.data;
      }
      reason = parsed.success ? 'its id does not match its folder' : describeIssues(parsed.error);
    } catch (error) {
      reason = `not valid JSON (${messageOf(error)})`;
    }
    // Said once per file and reason, not at every listing.
    if (this.unreadableFiles.get(id)?.reason !== reason) this.warn(`skipped ${id}: ${reason}`);
    this.unreadableFiles.set(id, { file, reason });
    return undefined;
  }

  private async readCapture(id: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    if (!this.keep) return undefined;
    const bytes = await readIfPresent(path.join(this.folderOf(id), captureFile));
    return bytes && new Uint8Array(bytes);
  }

  private async readSideFiles(id: string, conversation: Conversation): Promise<Map<KeptFile, Uint8Array>> {
    const side = new Map<KeptFile, Uint8Array>();
    for (const name of [...sideFiles, ...laterCaptureFiles(conversation)]) {
      const bytes = await readIfPresent(path.join(this.folderOf(id), name));
      if (bytes) side.set(name, bytes);
    }
    return side;
  }
}

/** Sortable by creation time, unguessable enough, and a safe folder name. */
export function newConversationId(now: number): string {
  return `${Math.max(0, Math.floor(now)).toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}
