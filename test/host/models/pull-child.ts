// Runs one pull in its own process, for the test that kills it mid-download.
// Usage: node --import tsx pull-child.ts <models-root> <hub-endpoint>
import { pullModel } from '../../../host/models/index.js';
import { tinyCatalog, tinyFiles, tinyId } from '../../support/tiny-catalog.js';

const [root, endpoint] = process.argv.slice(2);
if (!root || !endpoint) throw new Error('usage: pull-child.ts <models-root> <hub-endpoint>');
const files = await tinyFiles();
await pullModel({ root, id: tinyId, dtype: 'fp32', catalog: tinyCatalog(files), hub: { endpoint } });
process.stdout.write('installed\n');
