// The YAML parser behind a module of its own, imported with `import()` only by commands that read files.
export { LineCounter, parseDocument } from 'yaml';
