// The YAML parser behind a module of its own, imported with `import()` where
// it is needed, so commands that read no YAML do not load it.
export { parse as parseYaml } from 'yaml';
