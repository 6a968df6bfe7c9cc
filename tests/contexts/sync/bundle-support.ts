import { readFileSync, writeFileSync } from 'node:fs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { CliResult, CliWorkspace } from '../../support/cli.js';
import { testApp } from '../../support/app.js';
import type { TestDatabase } from '../../support/databases.js';
import { rowCounts } from '../../fuzz/fuzz-support.js';

export const PASSWORD = 'correct horse battery staple';

/** The error object `--json` prints on stderr. */
export const jsonError = (r: CliResult) => (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;

/** Every table's row count in a database, through a second connection. */
export async function countsOf(database: TestDatabase): Promise<Record<string, number>> {
  const { app } = await testApp(database);
  try {
    return await rowCounts(app);
  } finally {
    await app.close();
  }
}

/** Every entry of a zip, name to bytes. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const out = new Map<string, Buffer>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
}

/** Writes a zip of the given entries, in order (names as given: yazl refuses unsafe ones, so callers patch them). */
export async function writeZip(file: string, entries: readonly { name: string; data: Buffer }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { mtime: new Date('2026-01-01T00:00:00Z') });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  writeFileSync(file, Buffer.concat(chunks));
}

/** Replaces every occurrence of `from` with `to` (same length) in a file: names sit in both the local and central headers. */
export function patchBytes(file: string, from: string, to: string): number {
  if (from.length !== to.length) throw new Error('patches keep the length');
  const bytes = readFileSync(file);
  const needle = Buffer.from(from);
  let n = 0;
  for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + 1)) {
    Buffer.from(to).copy(bytes, i);
    n++;
  }
  writeFileSync(file, bytes);
  return n;
}

/**
 * A real bundle with one more entry named `name` (which yazl would refuse to
 * write: it is written under a placeholder of the same length, then patched).
 */
export async function withExtraEntry(bundle: string, out: string, name: string): Promise<void> {
  const placeholder = name.replace(/[^A-Za-z0-9]/g, 'Q');
  const entries = [...(await readZip(bundle))].map(([n, data]) => ({ name: n, data }));
  entries.unshift({ name: placeholder, data: Buffer.from('#!/bin/sh\necho owned\n') });
  await writeZip(out, entries);
  if (patchBytes(out, placeholder, name) !== 2) throw new Error(`placeholder ${placeholder} not found twice`);
}

export type Ok = (argv: string[], options?: Parameters<CliWorkspace['run']>[1]) => Promise<CliResult>;
