import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { Prompter } from '../../src/cli/prompter.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly stdin?: string;
  readonly tty?: boolean;
  readonly env?: Record<string, string | undefined>;
  /** Scripted answers for interactive commands (implies a terminal). */
  readonly prompter?: Prompter;
}

/**
 * Runs the real program in-process with fake streams. A workspace gives each
 * test its own config directory and database.
 */
export class CliWorkspace {
  readonly configDir: string;
  constructor(
    readonly databaseUrl: string,
    readonly baseEnv: Record<string, string | undefined> = {},
  ) {
    this.configDir = mkdtempSync(join(tmpdir(), 'renfe-cfg-'));
  }

  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
      RENFE_CONFIG_DIR: this.configDir,
      RENFE_DATABASE_URL: this.databaseUrl,
      NO_COLOR: '1',
      RENFE_BILLING_PLANS: fileURLToPath(new URL('./fixtures/plans-unlimited.yaml', import.meta.url)),
      ...this.baseEnv,
      ...extra,
    };
  }

  run(argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
    return runCli(argv, { ...options, env: this.env(options.env) });
  }
}

export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const tty = options.tty ?? options.prompter !== undefined;
  const code = await main(
    argv,
    {
      stdout,
      stderr,
      stdin: Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []),
      stdinIsTTY: tty,
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
    },
    options.env ?? {},
    options.prompter,
  );
  return { code, stdout: out, stderr: err };
}
