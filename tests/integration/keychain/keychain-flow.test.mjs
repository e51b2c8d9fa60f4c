// After a real login against oidc-provider (fixture idp) with `run --profile`, the token set is
// in the Secret Service, a new process reads it back, and no token or secret value is in clear
// under the config, data and cache dirs. Runs under run-with-keyring.sh; skipped (and says so)
// while `run` has no --profile option.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import process from 'node:process';
import { test } from 'node:test';

import { CLIENT_SECRET, browserCommand } from '../lib/workbench.mjs';
import { cli, describe, filesContaining, lookup, profileId } from './lib.mjs';

const app = () => process.env.OAUTH_WORKBENCH;
const issuer = () => process.env.WB_IDP_ISSUER;
const ok = (r, code = 0) => assert.equal(r.code, code, describe(r));

function runApp(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(app(), args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ args, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

const runHasProfile = () => /--profile/.test(spawnSync(app(), ['run', '--help'], { encoding: 'utf8' }).stdout ?? '');

test('tokens from a real login are stored in the keychain and read back by a new process', { timeout: 300_000 }, async (t) => {
  if (!runHasProfile()) {
    t.skip('`oauth-workbench run --profile` is not available yet');
    return;
  }
  const add = cli(['profile', 'add', 'idp-login', '--issuer', issuer(), '--client-id', 'wb-basic',
    '--auth-method', 'client_secret_basic', '--client-secret-env', 'WB_TEST_CLIENT_SECRET',
    '--scope', 'openid offline_access', '--param', 'prompt=consent', '--timeout', '90',
    '--browser-command', browserCommand()], { env: { WB_TEST_CLIENT_SECRET: CLIENT_SECRET } });
  ok(add);
  const id = profileId('idp-login');

  // No --client-secret-env here: wb-basic can only log in with the secret from the keychain.
  const run = await runApp(['run', '--profile', 'idp-login', '--json', '--no-redact']);
  ok(run);
  const doc = JSON.parse(run.stdout);
  assert.equal(doc.outcome, 'succeeded');
  const { access_token: at, refresh_token: rt, id_token: idt } = doc.tokens;
  assert.ok(at && rt && idt, 'access, refresh and ID token granted');

  const item = lookup(`profile/${id}/tokens`);
  assert.ok(item?.includes(rt), 'the token set is in the Secret Service');

  const shown = cli(['tokens', '--profile', 'idp-login', '--no-redact', '--json']);
  ok(shown);
  const stored = JSON.parse(shown.stdout);
  assert.equal(stored.access_token, at);
  assert.equal(stored.refresh_token, rt);
  assert.equal(stored.id_token, idt);
  const redacted = cli(['tokens', '--profile', 'idp-login']);
  ok(redacted);
  assert.ok(![at, rt, idt].some((v) => redacted.stdout.includes(v)), 'redacted by default');

  assert.deepEqual(filesContaining([CLIENT_SECRET, at, rt, idt]), [], 'no secret or token in clear on disk');

  // Forgetting the secret really takes it away: the next run cannot authenticate the client.
  ok(cli(['forget', '--profile', 'idp-login', '--secret']));
  const again = await runApp(['run', '--profile', 'idp-login', '--json']);
  assert.notEqual(again.code, 0, describe(again));
  assert.equal(lookup(`profile/${id}/client_secret`), null);
});
