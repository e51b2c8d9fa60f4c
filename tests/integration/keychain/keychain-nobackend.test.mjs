// The verbs with no keychain reachable (run under run-without-keychain.sh): a clear error naming
// the cause and the fix, exit code 4, nothing saved half-way, nothing in clear on disk — and the
// explicit memory-only mode (--memory-secrets / OAUTH_WORKBENCH_SECRETS=memory) still works.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { allFiles, cli, describe, drive, filesContaining, profileDir, profileId } from './lib.mjs';

const SECRET = 'nb-Secret-value-4e8d2b91';
const ENV = { WB_TEST_SECRET: SECRET };
const ok = (r, code = 0) => assert.equal(r.code, code, describe(r));
const CAUSE = /No Secret Service is running on the session D-Bus/;
const FIX = /Start gnome-keyring or KWallet/;

function add(name, ...extra) {
  return cli(['profile', 'add', name, '--issuer', 'http://127.0.0.1:39555', '--client-id', 'wb-basic',
    '--auth-method', 'client_secret_basic', '--client-secret-env', 'WB_TEST_SECRET', ...extra], { env: ENV });
}
const profileFiles = () => (existsSync(profileDir()) ? readdirSync(profileDir()) : []);

test('profile add with a secret fails clearly and saves nothing', () => {
  const r = add('NoKeychain');
  ok(r, 4);
  assert.match(r.stderr, CAUSE);
  assert.match(r.stderr, FIX);
  assert.match(r.stderr, /--memory-secrets/);
  assert.deepEqual(profileFiles(), [], 'no half-made profile');
});

test('memory-only mode saves the profile without its secret, and says so', () => {
  const r = add('MemoryOnly', '--memory-secrets');
  ok(r);
  assert.match(r.stderr, /client secret was NOT saved/);
  const id = profileId('MemoryOnly');
  const text = readFileSync(path.join(profileDir(), `${id}.json`), 'utf8');
  assert.ok(!text.includes(SECRET));

  const show = cli(['profile', 'show', 'MemoryOnly', '--memory-secrets']);
  ok(show);
  assert.match(show.stdout, /^Secrets kept in:\s+memory only \(this session\)$/m);
  assert.match(show.stdout, /^Client secret:\s+not stored$/m);

  const viaEnv = cli(['profile', 'show', 'MemoryOnly'], { env: { OAUTH_WORKBENCH_SECRETS: 'memory' } });
  ok(viaEnv);
  assert.match(viaEnv.stdout, /memory only \(this session\)/);

  // run --profile in memory mode: the profile loads; the secret must come from --client-secret-env.
  const load = drive(['load-for-run', 'MemoryOnly'], { env: { OAUTH_WORKBENCH_SECRETS: 'memory' } });
  ok(load);
  assert.match(load.stdout, /^client_secret=$/m);
  const stored = drive(['store-tokens', 'MemoryOnly'], {
    env: { OAUTH_WORKBENCH_SECRETS: 'memory' }, input: JSON.stringify({ access_token: 'at-memory-only-1234567' }),
  });
  ok(stored);
  assert.match(stored.stderr, /Tokens kept in memory only/);
});

test('keychain verbs exit 4 with the cause; the profile file survives a failed remove', () => {
  ok(add('Kept', '--memory-secrets'));
  for (const args of [['tokens', '--profile', 'Kept'], ['forget', '--profile', 'Kept'], ['profile', 'show', 'Kept']]) {
    const r = cli(args);
    ok(r, 4);
    assert.match(r.stderr, CAUSE, args.join(' '));
  }
  const load = drive(['load-for-run', 'Kept']);
  ok(load, 4);
  assert.match(load.stderr, CAUSE);
  assert.match(load.stderr, /OAUTH_WORKBENCH_SECRETS=memory/);

  const id = profileId('Kept');
  const rm = cli(['profile', 'remove', 'Kept']);
  ok(rm, 4);
  assert.match(rm.stderr, /profile was kept/);
  assert.ok(profileFiles().includes(`${id}.json`));
  ok(cli(['profile', 'remove', 'Kept', '--memory-secrets']));
  assert.ok(!profileFiles().includes(`${id}.json`));
});

test('profile list needs no keychain', () => {
  ok(add('Listed', '--memory-secrets'));
  const r = cli(['profile', 'list']);
  ok(r);
  assert.match(r.stdout, /^Listed\t/m);
});

test('no silent plaintext fallback: the secret is in no file', () => {
  add('Scan');
  add('Scan2', '--memory-secrets');
  assert.deepEqual(filesContaining([SECRET]), []);
  assert.ok(allFiles().every((f) => !f.endsWith('.conf') && !f.includes('keyring')), allFiles().join('\n'));
});
