// How long a failed login takes for a locked account and for an unknown
// email: both must run the same password hash work, so neither reveals that
// an account exists. Prints the figures; asserts nothing.
//
//   node build.mjs && node bench/login-timing.mjs [runs]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CLI, createWorkspace, PASSWORD, renfeSync, ROOT, tempDir } from './lib.mjs';

const RUNS = Number(process.argv[2] ?? 10);

function login(env, email, password) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'login', '--email', email, '--password-stdin'], {
    cwd: ROOT,
    env,
    input: password,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 6) throw new Error(`login ${email} exited ${r.status}: ${r.stderr.trim()}`);
  return { ms, stderr: r.stderr };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9) };
};

const dir = tempDir('login');
try {
  const env = createWorkspace(dir);
  renfeSync(env, ['user', 'add', '--email', 'locked@bench.test', '--role', 'viewer', '--password-stdin'], PASSWORD);
  for (let i = 0; i < 5; i++) login(env, 'locked@bench.test', `wrong password ${i}\n`);
  const locked = [];
  const unknown = [];
  const messages = new Set();
  for (let i = 0; i < RUNS; i++) {
    const a = login(env, 'locked@bench.test', PASSWORD);
    const b = login(env, `nobody${i}@bench.test`, PASSWORD);
    locked.push(a.ms);
    unknown.push(b.ms);
    messages.add(a.stderr).add(b.stderr);
  }
  const l = stats(locked);
  const u = stats(unknown);
  const fmt = (x) => `${(x / 1000).toFixed(3)} s`;
  console.log(`login timing, ${RUNS} runs each (spawned CLI, SQLite, scrypt N=2^17)`);
  console.log(`  locked account  median ${fmt(l.median)}  p10 ${fmt(l.p10)}  p90 ${fmt(l.p90)}`);
  console.log(`  unknown email   median ${fmt(u.median)}  p10 ${fmt(u.p10)}  p90 ${fmt(u.p90)}`);
  console.log(`  locked / unknown median: ${(l.median / u.median).toFixed(3)}`);
  console.log(`  distinct answers: ${messages.size} (1 means the message is the same)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
