// Settings on disk, in the user-data folder. Saved atomically; validated on
// load. A file that is not valid JSON or does not fit the schema is moved
// aside (never deleted: the user may want it back) and defaults are used, and
// the caller is told so it can say it.
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../../common/message-of.js';
import { describeIssues } from '../../common/schema.js';
import { Settings } from '../../common/settings.js';
import { writeFileAtomic } from '../storage/atomic-write.js';

export type SettingsLoad =
  | { settings: Settings; source: 'file' | 'defaults' }
  | { settings: Settings; source: 'recovered'; keptAside: string; reason: string };

export class SettingsStore {
  private readonly file: string;
  private recovered: { keptAside: string; reason: string } | undefined;

  constructor(
    folder: string,
    private readonly defaults: Settings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(folder, 'settings.json');
  }

  get path(): string {
    return this.file;
  }

  /** Set once a load moved an unreadable file aside: the app tells the user for as long as it runs. */
  get recovery(): { keptAside: string; reason: string } | undefined {
    return this.recovered;
  }

  async load(): Promise<SettingsLoad> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: this.defaults, source: 'defaults' };
      throw error;
    }
    let reason: string;
    try {
      // Fields added in later versions start at their defaults.
      const parsed = Settings.safeParse({ ...this.defaults, ...(JSON.parse(text) as object) });
      if (parsed.success) return { settings: parsed.data, source: 'file' };
      reason = describeIssues(parsed.error);
    } catch (error) {
      reason = `not valid JSON (${messageOf(error)})`;
    }
    const keptAside = path.join(
      path.dirname(this.file),
      `settings.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await rename(this.file, keptAside);
    this.recovered = { keptAside, reason };
    return { settings: this.defaults, source: 'recovered', keptAside, reason };
  }

  /** Validates and saves; throws with the reasons if `settings` does not fit the schema. */
  async save(settings: Settings): Promise<Settings> {
    const parsed = Settings.safeParse(settings);
    if (!parsed.success) throw new Error(`Settings not saved: ${describeIssues(parsed.error)}`);
    await writeFileAtomic(this.file, `${JSON.stringify(parsed.data, null, 2)}\n`);
    return parsed.data;
  }
}
