// Helpers for the keychain CLI tests: run the profile/tokens/forget verbs in a new process each
// time, ask secret-tool what the Secret Service holds, and search files for values in clear.
//
// Environment (set by tests/integration/keychain/CMakeLists.txt):
//   OAUTH_WORKBENCH      the app; used for the verbs once Cli.cpp dispatches them
//   WB_KEYCHAIN_DRIVER   wb-keychain-cli: same verbs, plus store-tokens / load-for-run
//   WB_APP_ID            the keychain service name (kAppId)
//   WB_KEYRING_SANDBOX   set by run-with-keyring.sh / run-without-keychain.sh

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run through ctest (tests/integration/keychain/CMakeLists.txt)`);
  return v;
}

export const appId = () => required('WB_APP_ID');
export const driver = () => required('WB_KEYCHAIN_DRIVER');

let verbBinary;
// The real executable when it already dispatches `profile`, else the driver (same code).
export function verbBinaryPath() {
  if (verbBinary === undefined) {
    const app = process.env.OAUTH_WORKBENCH;
    const probe = app ? spawnSync(app, ['profile', '--help'], { encoding: 'utf8' }) : null;
    verbBinary = probe && probe.status === 0 ? app : driver();
    console.log(`# verbs run through ${verbBinary}`);
  }
  return verbBinary;
}

function run(bin, args, { env = {}, input } = {}) {
  const r = spawnSync(bin, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    input,
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024, // a --json session can hold a body cut at 1 MiB and more
  });
  return { args, code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

// `oauth-workbench <args>` in a fresh process.
export const cli = (args, opts) => run(verbBinaryPath(), args, opts);
// The driver's store-tokens / load-for-run, i.e. what `run --profile` calls.
export const drive = (args, opts) => run(driver(), args, opts);

export function describe(r) {
  return `$ ${r.args.join(' ')}\nexit ${r.code}${r.signal ? ` signal ${r.signal}` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

// secret-tool asks the Secret Service directly: what QtKeychain stored under our service name.
export function lookup(key) {
  const r = spawnSync('secret-tool', ['lookup', 'server', appId(), 'user', key], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}

export function searchAll() {
  const r = spawnSync('secret-tool', ['search', '--all', 'server', appId()], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

// Files under the XDG config/data/cache dirs whose bytes contain any of `needles`.
export function filesContaining(needles) {
  const roots = ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME'].map(required);
  const hits = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const bytes = readFileSync(p);
        for (const n of needles) if (bytes.includes(Buffer.from(n))) hits.push(`${p}: ${n.slice(0, 6)}…`);
      }
    }
  };
  roots.forEach(walk);
  return hits;
}

export function allFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st) out.push(p);
    }
  };
  ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME'].map(required).forEach(walk);
  return out;
}

export const profileDir = () => path.join(required('XDG_CONFIG_HOME'), required('WB_APP_ID'), 'profiles');

// The id `profile show` prints.
export function profileId(name) {
  const r = cli(['profile', 'show', name]);
  const m = /^Id:\s+(\S+)$/m.exec(r.stdout);
  if (!m) throw new Error(`no id for ${name}\n${describe(r)}`);
  return m[1];
}
