// Validates ORUK API responses saved by api_test.cc against the published
// HSDS 3.0 UK-profile JSON schemas (ajv, JSON Schema draft-07 semantics;
// the schemas' tabular-data keywords are ignored, `format`s are checked).
//   node oruk_schema_check.mjs MANIFEST.json SCHEMA_DIR
// MANIFEST: [{"file": "...", "schema": "compiled/service.json", "page": bool}]
// A page is checked for the HSDS envelope and each item of `contents`.
// Exits 0 when every response is valid, 1 with the errors otherwise.
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [manifestPath, schemaDir] = process.argv.slice(2);
if (!manifestPath || !schemaDir) {
  console.error('usage: node oruk_schema_check.mjs MANIFEST.json SCHEMA_DIR');
  process.exit(2);
}
const ajv = new Ajv({strict: false, allErrors: true});
addFormats(ajv);
ajv.addFormat('csv', true);       // datapackage metadata, not a string format
ajv.addFormat('datetime', true);  // a typo of date-time in one schema; date-time itself is checked
const load = (rel) => JSON.parse(fs.readFileSync(path.join(schemaDir, rel), 'utf8'));
ajv.addSchema(load('taxonomy_term.json'), 'taxonomy_term.json');
const validators = new Map();
const validatorFor = (rel) => {
  if (!validators.has(rel)) validators.set(rel, rel === 'taxonomy_term.json' ? ajv.getSchema(rel) : ajv.compile(load(rel)));
  return validators.get(rel);
};
const envelope = {
  type: 'object',
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: {
    total_items: {type: 'integer'}, total_pages: {type: 'integer'}, page_number: {type: 'integer'},
    size: {type: 'integer'}, first_page: {type: 'boolean'}, last_page: {type: 'boolean'},
    empty: {type: 'boolean'}, contents: {type: 'array'},
  },
};
const checkEnvelope = ajv.compile(envelope);
const hasNull = (v) => v === null || (typeof v === 'object' && Object.values(v).some(hasNull));

let failures = 0, checked = 0;
for (const entry of JSON.parse(fs.readFileSync(manifestPath, 'utf8'))) {
  const body = JSON.parse(fs.readFileSync(entry.file, 'utf8'));
  const fail = (what, errors) => {
    failures++;
    console.error(`${entry.file} (${entry.schema}): ${what}`, errors ? JSON.stringify(errors, null, 1) : '');
  };
  if (hasNull(body)) fail('has a null (ORUK: omit optional fields)');
  const items = [];
  if (entry.page) {
    if (!checkEnvelope(body)) { fail('page envelope', checkEnvelope.errors); continue; }
    items.push(...body.contents);
  } else {
    items.push(body);
  }
  const validate = validatorFor(entry.schema);
  for (const item of items) {
    checked++;
    if (!validate(item)) fail('schema', validate.errors);
  }
}
console.log(`${checked} objects checked, ${failures} failures`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
