import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, run exactly as users run it: `node bin/renfe.js`. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENFE_BIN = fileURLToPath(new URL('../../bin/renfe.js', import.meta.url));

export type Env = Record<string, string>;

export interface SpawnResult {
  readonly args: readonly string[];
  /** Exit code, or null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  readonly ms: number;
}

export interface SpawnOptions {
  /** The complete environment of the child (nothing is inherited implicitly). */
  readonly env: Env;
  /** Working directory; a temp dir so relative paths never touch the repository. */
  readonly cwd: string;
  /** Written to the child's stdin, which is then closed. stdin is always a pipe, never a TTY. */
  readonly input?: string;
  /** Killed with SIGKILL after this long; the result then has signal set. */
  readonly timeoutMs?: number;
}

/**
 * Spawns `node bin/renfe.js ...args` asynchronously with piped stdio (so no
 * stream is a TTY) and resolves when it exits. Never rejects on a non-zero exit:
 * the exit code is the thing under test.
 */
export function spawnRenfe(args: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RENFE_BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A child that exits before reading stdin makes the write fail with EPIPE: harmless.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');

    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ args, code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * The parent's environment minus everything that could leak into the CLI under
 * test: every RENFE_* variable, HOME and the XDG directories. Callers add their own.
 */
export function baseEnv(): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      key.startsWith('RENFE_') ||
      key.startsWith('XDG_') ||
      key === 'HOME' ||
      key === 'NO_COLOR' ||
      key === 'FORCE_COLOR'
    )
      continue;
    env[key] = value;
  }
  return env;
}
