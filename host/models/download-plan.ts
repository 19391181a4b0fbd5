// Which files of a revision one dtype needs: the ones the catalog lists (the
// engine's requiredFiles), each checked against the hub's listing, the
// optional config files the repo has (chat template, processor config), plus the
// external-data files of any graph too large for one protobuf (onnxruntime
// reads "<graph>.onnx_data", "<graph>.onnx_data_1", ... next to the graph).
// Files the catalog pins must be listed with the pinned hash and size.
import type { Dtype } from '../../common/engine-protocol.js';
import { optionalConfigFiles } from '../../common/model-files.js';
import type { CatalogEntry } from '../../common/catalog-schema.js';
import { hubHost, type HubOptions } from './hub-config.js';
import type { HubFile } from './hub-listing.js';
import { ModelError } from './model-error.js';

/** Whether `candidate` is an external-data file of the ONNX graph `graph`. */
export function isExternalDataOf(candidate: string, graph: string): boolean {
  if (!graph.endsWith('.onnx') || !candidate.startsWith(graph)) return false;
  return /^(_data(_\d+)?|\.data)$/.test(candidate.slice(graph.length));
}

export function planFiles(entry: CatalogEntry, dtype: Dtype, listing: readonly HubFile[], hub: HubOptions): HubFile[] {
  const offered = entry.dtypes[dtype];
  if (!offered) throw new ModelError('unknown-model', `${entry.displayName} is not offered as ${dtype}.`);
  const byPath = new Map(listing.map((file) => [file.path, file]));
  const planned: HubFile[] = [];
  for (const name of offered.files) {
    const file = byPath.get(name);
    if (!file) {
      throw new ModelError(
        'not-found',
        `${hubHost(hub)} lists no ${name} in ${entry.repo} at revision ${entry.revision.slice(0, 12)}, ` +
          `but the catalog needs it for ${dtype}. The catalog entry is out of date: update Sightline.`,
      );
    }
    planned.push(file);
    if (name.endsWith('.onnx')) {
      planned.push(...listing.filter((candidate) => isExternalDataOf(candidate.path, name)));
    }
  }
  for (const name of optionalConfigFiles) {
    const file = byPath.get(name);
    if (file && !planned.includes(file)) planned.push(file);
  }
  for (const file of planned) checkPin(entry, file, hub);
  return planned;
}

/** The catalog's pin is the trust root: a listing that disagrees with it is refused before any download. */
function checkPin(entry: CatalogEntry, file: HubFile, hub: HubOptions): void {
  const pin = entry.pins?.[file.path];
  if (!pin) return;
  const listed = file.sha256?.toLowerCase();
  const sizeDiffers = pin.bytes !== undefined && pin.bytes !== file.size;
  if (listed === pin.sha256 && !sizeDiffers) return;
  const what =
    listed !== pin.sha256
      ? `SHA-256 ${listed ? `${listed.slice(0, 12)}…` : '(none)'} where Sightline pins ${pin.sha256.slice(0, 12)}…`
      : `${file.size} bytes where Sightline pins ${pin.bytes}`;
  throw new ModelError(
    'pin-mismatch',
    `${hubHost(hub)} lists ${file.path} of ${entry.repo} at revision ${entry.revision.slice(0, 12)} with ${what}: ` +
      'it is not the file Sightline verified, so nothing was downloaded. If you use a mirror (HF_ENDPOINT), ' +
      'check that it serves this revision unchanged; otherwise update Sightline.',
  );
}
