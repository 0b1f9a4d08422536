// Reads a FullSpectrum mask-set Arrow IPC file with apache-arrow (JS) and prints it as JSON:
// {metadata: {...}, layers: [{layer, shape, weights, mask}]}. Used by the Java tests as an independent reader.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const path = process.argv[2];
if (!path) {
  console.error('usage: node read-mask-set.mjs FILE.arrow');
  process.exit(2);
}
const table = tableFromIPC(readFileSync(path));
const metadata = Object.fromEntries(table.schema.metadata);
const layers = [];
for (let i = 0; i < table.numRows; i++) {
  const row = table.get(i);
  const weights = row.weights == null ? null : Array.from(row.weights.toArray(), Number);
  layers.push({
    layer: row.layer,
    shape: Array.from(row.shape.toArray(), Number),
    weights,
    mask: Array.from(row.mask.toArray(), (b) => (b ? 1 : 0)),
  });
}
process.stdout.write(JSON.stringify({ metadata, fields: table.schema.fields.map((f) => f.name), layers }));
