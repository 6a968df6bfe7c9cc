// Parsers behind a module of their own, imported with `import()` only by commands that read files.
export { LineCounter, parseDocument } from 'yaml';
export { parse as parseCsv } from 'csv-parse/sync';
