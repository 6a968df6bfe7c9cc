import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile as ReadZip } from 'yauzl';
import { AppError } from '../../../../kernel/app-error.js';
import { SYNC_ERRORS } from '../../errors.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_LIMITS,
  type BundleEntry,
  type BundleFiles,
  type BundleManifest,
  type BundleReader,
  type BundleWriteInput,
  MANIFEST,
  MANIFEST_HASH,
  entryProblem,
  NOT_OURS,
} from '../../application/bundle.port.js';
import { firstIssue, ManifestSchema, oneLine } from '../../application/bundle-schema.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file';
  if (e?.code === 'EISDIR') return 'is a folder';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  return e?.message ?? String(error);
}

/** Writes one bundle: entries in order, each hashed as it streams, the manifest last. */
async function writeBundle(file: string, input: BundleWriteInput): Promise<BundleManifest> {
  // CommonJS packages: the bundle exposes their exports as the default.
  const { ZipFile } = (await import('yazl')).default;
  const zip = new ZipFile();
  const listed: BundleEntry[] = [];
  const mtime = new Date(input.manifest.createdAt);
  const total = input.json.length + input.files.length;
  let done = 0;
  for (const json of input.json) {
    const bytes = Buffer.from(JSON.stringify(json.value));
    listed.push({ path: json.path, size: bytes.length, sha256: sha256(bytes) });
    zip.addBuffer(bytes, json.path, { mtime, compress: true });
    input.progress?.(++done, total);
  }
  // Evidence is read only when the zip reaches it: one file in memory at a time.
  for (const file of input.files) {
    zip.addReadStreamLazy(file.path, { mtime, compress: false }, (cb) => {
      file.read().then(
        (bytes) => {
          listed.push({ path: file.path, size: bytes.length, sha256: sha256(bytes) });
          input.progress?.(++done, total);
          cb(null, Readable.from([bytes]));
        },
        (error: unknown) => cb(error, Readable.from([])),
      );
    });
  }
  let manifest: BundleManifest | undefined;
  let manifestBytes = Buffer.alloc(0);
  zip.addReadStreamLazy(MANIFEST, { mtime }, (cb) => {
    manifest = { ...input.manifest, entries: listed };
    manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    cb(null, Readable.from([manifestBytes]));
  });
  zip.addReadStreamLazy(MANIFEST_HASH, { mtime }, (cb) => cb(null, Readable.from([`${sha256(manifestBytes)}\n`])));
  zip.end();
  const partial = `${file}.partial-${process.pid}`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof AppError) throw error;
    throw SYNC_ERRORS.unreadable({ action: 'write', file, reason: reasonOf(error) });
  }
  return manifest as BundleManifest;
}

async function openZip(file: string): Promise<ReadZip> {
  const yauzl = (await import('yauzl')).default;
  try {
    return await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES' || e.code === 'EPERM') {
      throw SYNC_ERRORS.unreadable({ action: 'read', file, reason: reasonOf(error) });
    }
    throw SYNC_ERRORS.notABundle({ file, problem: `not a zip archive (${oneLine(e.message)})` });
  }
}

/**
 * The archive's entries by name. A name that leaves the archive is refused at
 * once; one renfe never writes is refused once the listing shows the archive
 * has a manifest (without one it is simply not a bundle).
 */
async function listEntries(zip: ReadZip, file: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  let foreign: { name: string; problem: string } | null = null;
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
      const name = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
      const problem = entryProblem(name);
      if (problem && problem !== NOT_OURS) {
        return reject(SYNC_ERRORS.unsafeEntry({ file, entry: JSON.stringify(name), problem }));
      }
      if (problem) foreign ??= { name, problem };
      if (entries.has(name))
        return reject(SYNC_ERRORS.unsafeEntry({ file, entry: JSON.stringify(name), problem: 'appears twice' }));
      if (entries.size >= BUNDLE_LIMITS.entries) {
        return reject(SYNC_ERRORS.tooLarge({ file, problem: `more than ${BUNDLE_LIMITS.entries} entries` }));
      }
      const limit = name.startsWith('evidence/') ? BUNDLE_LIMITS.evidenceBytes : BUNDLE_LIMITS.dataBytes;
      if (entry.uncompressedSize > limit) {
        return reject(
          SYNC_ERRORS.tooLarge({
            file,
            problem: `entry ${name} holds ${entry.uncompressedSize} bytes (limit ${limit})`,
          }),
        );
      }
      total += entry.uncompressedSize;
      if (total > BUNDLE_LIMITS.totalBytes) {
        return reject(SYNC_ERRORS.tooLarge({ file, problem: `more than ${BUNDLE_LIMITS.totalBytes} bytes in all` }));
      }
      entries.set(name, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (error: Error) => reject(SYNC_ERRORS.notABundle({ file, problem: oneLine(error.message) })));
    zip.readEntry();
  });
  if (foreign && entries.has(MANIFEST)) {
    const { name, problem } = foreign as { name: string; problem: string };
    throw SYNC_ERRORS.unsafeEntry({ file, entry: JSON.stringify(name), problem });
  }
  return entries;
}

async function readWhole(zip: ReadZip, entry: Entry, file: string, name: string): Promise<Buffer> {
  try {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    throw SYNC_ERRORS.modified({ file, problem: `entry ${name} is corrupt (${oneLine((error as Error).message)})` });
  }
}

async function openBundle(file: string): Promise<BundleReader> {
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip, file);
    const manifestEntry = entries.get(MANIFEST);
    const hashEntry = entries.get(MANIFEST_HASH);
    if (!manifestEntry || !hashEntry) {
      throw SYNC_ERRORS.notABundle({ file, problem: `no ${manifestEntry ? MANIFEST_HASH : MANIFEST} inside` });
    }
    const manifestBytes = await readWhole(zip, manifestEntry, file, MANIFEST);
    const recorded = (await readWhole(zip, hashEntry, file, MANIFEST_HASH)).toString('utf8').trim();
    let manifest: BundleManifest;
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest;
    } catch {
      manifest = undefined as unknown as BundleManifest;
    }
    if (!manifest || manifest.format !== BUNDLE_FORMAT) {
      if (sha256(manifestBytes) !== recorded) {
        throw SYNC_ERRORS.modified({ file, problem: `${MANIFEST} does not match ${MANIFEST_HASH}` });
      }
      throw SYNC_ERRORS.notABundle({ file, problem: `${MANIFEST} is not a renfe manifest` });
    }
    if (sha256(manifestBytes) !== recorded) {
      throw SYNC_ERRORS.modified({ file, problem: `${MANIFEST} does not match ${MANIFEST_HASH}` });
    }
    if (manifest.formatVersion !== BUNDLE_FORMAT_VERSION) {
      throw SYNC_ERRORS.newerFormat({ file, format: String(manifest.formatVersion), supported: BUNDLE_FORMAT_VERSION });
    }
    const checked = ManifestSchema.safeParse(manifest);
    if (!checked.success) {
      throw SYNC_ERRORS.notABundle({ file, problem: `${MANIFEST}: ${firstIssue(checked.error)}` });
    }
    const listed = new Map((manifest.entries ?? []).map((e) => [e.path, e]));
    for (const [name, entry] of entries) {
      if (name === MANIFEST || name === MANIFEST_HASH) continue;
      const expected = listed.get(name);
      if (!expected) throw SYNC_ERRORS.modified({ file, problem: `entry ${name} is not in the manifest` });
      if (expected.size !== entry.uncompressedSize) {
        throw SYNC_ERRORS.modified({
          file,
          problem: `entry ${name} holds ${entry.uncompressedSize} bytes, not ${expected.size}`,
        });
      }
    }
    for (const name of listed.keys()) {
      if (!entries.has(name)) throw SYNC_ERRORS.modified({ file, problem: `entry ${name} is missing` });
    }
    const read = async (name: string): Promise<Buffer> => {
      const entry = entries.get(name);
      const expected = listed.get(name);
      if (!entry || !expected) throw SYNC_ERRORS.inconsistent({ file, problem: `entry ${name} is missing` });
      const bytes = await readWhole(zip, entry, file, name);
      if (bytes.length !== expected.size || sha256(bytes) !== expected.sha256) {
        throw SYNC_ERRORS.modified({ file, problem: `entry ${name} does not match its SHA-256 in the manifest` });
      }
      return bytes;
    };
    return {
      manifest,
      read,
      async json<T>(name: string): Promise<T> {
        const bytes = await read(name);
        try {
          return JSON.parse(bytes.toString('utf8')) as T;
        } catch (error) {
          throw SYNC_ERRORS.inconsistent({
            file,
            problem: `entry ${name} is not JSON (${oneLine((error as Error).message)})`,
          });
        }
      },
      async verifyAll(progress) {
        let done = 0;
        for (const name of listed.keys()) {
          const entry = entries.get(name) as Entry;
          const expected = listed.get(name) as BundleEntry;
          const hash = createHash('sha256');
          let size = 0;
          try {
            const stream = await zip.openReadStreamPromise(entry);
            for await (const chunk of stream) {
              hash.update(chunk as Buffer);
              size += (chunk as Buffer).length;
            }
          } catch (error) {
            throw SYNC_ERRORS.modified({
              file,
              problem: `entry ${name} is corrupt (${oneLine((error as Error).message)})`,
            });
          }
          if (size !== expected.size || hash.digest('hex') !== expected.sha256) {
            throw SYNC_ERRORS.modified({ file, problem: `entry ${name} does not match its SHA-256 in the manifest` });
          }
          progress?.(++done, listed.size);
        }
        return listed.size;
      },
      close: async () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

export const zipBundleFiles: BundleFiles = {
  write: writeBundle,
  open: openBundle,
  size: async (file) => (await stat(file)).size,
  remove: (file) => rm(file, { force: true }),
};
