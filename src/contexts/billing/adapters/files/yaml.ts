// The YAML parser behind a module of its own, imported with `import()` only where plans are read.
export { parse as parseYaml } from 'yaml';
