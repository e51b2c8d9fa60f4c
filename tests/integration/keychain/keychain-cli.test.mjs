// The profile/tokens/forget verbs against a real Secret Service (run under run-with-keyring.sh):
// every step is a new process, so what one stores another must find in the keychain.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { cli, describe, drive, filesContaining, lookup, profileDir, profileId, searchAll } from './lib.mjs';

const SECRET = 'kc-Secret:/+%=value-7d1f3a';
const TOKENS = {
  access_token: 'at-7f3a9c2e1b4d5e6f7a8b9c0d1e2f3a4b5c6dWXYZ',
  refresh_token: 'rt-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5dQRST',
  id_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyMSJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmUx',
  token_type: 'Bearer',
  scope: 'openid offline_access',
  expires_in: 3600,
};
const ENV = { WB_TEST_SECRET: SECRET };
const ok = (r, code = 0) => assert.equal(r.code, code, describe(r));

function addProfile(name, ...extra) {
  return cli(['profile', 'add', name, '--issuer', 'http://127.0.0.1:39555', '--client-id', 'wb-basic',
    '--auth-method', 'client_secret_basic', '--client-secret-env', 'WB_TEST_SECRET', ...extra], { env: ENV });
}

test('profile add stores the secret in the Secret Service and only there', () => {
  const r = addProfile('Stored', '--scope', 'openid offline_access', '--param', 'prompt=consent');
  ok(r);
  assert.match(r.stdout, /Client secret stored in the OS keychain \(Secret Service\)/);
  const id = profileId('Stored');
  assert.equal(lookup(`profile/${id}/client_secret`), SECRET, 'secret-tool finds it under our service');

  const file = path.join(profileDir(), `${id}.json`);
  const text = readFileSync(file, 'utf8');
  assert.equal(JSON.parse(text).client_id, 'wb-basic');
  assert.ok(!text.includes(SECRET) && !text.includes('client_secret"'), 'no secret in the profile file');
  assert.equal(statSync(file).mode & 0o777, 0o600, 'profile file is 0600');

  const list = cli(['profile', 'list']);
  ok(list);
  assert.match(list.stdout, /^Stored\twb-basic\thttp:\/\/127\.0\.0\.1:39555$/m);
});

test('a new process reads the secret back (profile show, run --profile hook)', () => {
  ok(addProfile('Reader'));
  const show = cli(['profile', 'show', 'reader']); // names match case-insensitively
  ok(show);
  assert.match(show.stdout, new RegExp(`^Client secret:\\s+stored, …${SECRET.slice(-4)} \\(${SECRET.length} chars\\)$`, 'm'));
  assert.ok(!show.stdout.includes(SECRET), 'redacted by default');
  const full = cli(['profile', 'show', 'Reader', '--no-redact']);
  ok(full);
  assert.match(full.stdout, new RegExp(`^Client secret:\\s+stored, ${SECRET.replace(/[+%=/]/g, '\\$&')}$`, 'm'));

  const load = drive(['load-for-run', 'Reader']);
  ok(load);
  assert.match(load.stdout, new RegExp(`^client_secret=${SECRET.replace(/[+%=/]/g, '\\$&')}$`, 'm'));
});

test('tokens stored by one process are shown, redacted, by another', () => {
  ok(addProfile('Tok'));
  const store = drive(['store-tokens', 'Tok'], { input: JSON.stringify(TOKENS) });
  ok(store);
  assert.match(store.stderr, /Tokens stored in the OS keychain \(Secret Service\) for profile 'Tok'/);
  const id = profileId('Tok');
  assert.ok(lookup(`profile/${id}/tokens`)?.includes(TOKENS.refresh_token), 'the token set is in the Secret Service');

  const shown = cli(['tokens', '--profile', 'Tok']);
  ok(shown);
  assert.match(shown.stdout, new RegExp(`^Access token:\\s+…WXYZ \\(${TOKENS.access_token.length} chars\\)$`, 'm'));
  assert.match(shown.stdout, new RegExp(`^Refresh token:\\s+…QRST \\(${TOKENS.refresh_token.length} chars\\)$`, 'm'));
  assert.match(shown.stdout, /^Scope:\s+openid offline_access$/m);
  assert.match(shown.stdout, /^Expires:\s+\S+ \(in 5\d min\)$/m);
  for (const v of [TOKENS.access_token, TOKENS.refresh_token, TOKENS.id_token]) assert.ok(!shown.stdout.includes(v), 'redacted');

  const full = cli(['tokens', '--profile', 'Tok', '--no-redact', '--json']);
  ok(full);
  const doc = JSON.parse(full.stdout);
  assert.equal(doc.access_token, TOKENS.access_token);
  assert.equal(doc.refresh_token, TOKENS.refresh_token);
  assert.equal(doc.id_token, TOKENS.id_token);
  assert.equal(doc.expires_in, 3600);
  assert.equal(doc.redacted, false);

  const redactedJson = JSON.parse(cli(['tokens', '--profile', 'Tok', '--json']).stdout);
  assert.equal(redactedJson.access_token, `…WXYZ (${TOKENS.access_token.length} chars)`);
  assert.equal(redactedJson.redacted, true);
});

test('forget --tokens, then forget everything', () => {
  ok(addProfile('Forget'));
  ok(drive(['store-tokens', 'Forget'], { input: JSON.stringify(TOKENS) }));
  const id = profileId('Forget');

  const tokensOnly = cli(['forget', '--profile', 'Forget', '--tokens']);
  ok(tokensOnly);
  assert.match(tokensOnly.stdout, /Forgot the tokens of profile 'Forget'/);
  assert.equal(lookup(`profile/${id}/tokens`), null, 'tokens gone from the Secret Service');
  assert.equal(lookup(`profile/${id}/client_secret`), SECRET, 'secret kept');
  const none = cli(['tokens', '--profile', 'Forget']);
  ok(none, 1);
  assert.match(none.stderr, /no tokens are stored for profile 'Forget'/);

  ok(drive(['store-tokens', 'Forget'], { input: JSON.stringify(TOKENS) }));
  ok(cli(['forget', '--profile', 'Forget']));
  assert.equal(lookup(`profile/${id}/tokens`), null);
  assert.equal(lookup(`profile/${id}/client_secret`), null);
  assert.match(cli(['profile', 'show', 'Forget']).stdout, /^Client secret:\s+not stored$/m);

  ok(addProfile('Forget2'));
  const id2 = profileId('Forget2');
  ok(cli(['forget', '--profile', 'Forget2', '--secret']));
  assert.equal(lookup(`profile/${id2}/client_secret`), null);
});

test('profile remove deletes the file and its keychain items, and nothing else', () => {
  ok(addProfile('Doomed'));
  ok(addProfile('Survivor'));
  ok(drive(['store-tokens', 'Doomed'], { input: JSON.stringify(TOKENS) }));
  const doomed = profileId('Doomed');
  const survivor = profileId('Survivor');

  const r = cli(['profile', 'remove', 'Doomed']);
  ok(r);
  assert.match(r.stdout, /Removed profile 'Doomed' and its items in the OS keychain/);
  assert.ok(!searchAll().includes(`profile/${doomed}/`), 'secret-tool search finds no item of the removed profile');
  assert.ok(!readdirSync(profileDir()).includes(`${doomed}.json`));
  assert.equal(lookup(`profile/${survivor}/client_secret`), SECRET, 'other profiles keep theirs');
  ok(cli(['profile', 'show', 'Doomed']), 1);
});

test('usage errors and missing profiles have their exit codes', () => {
  ok(addProfile('Twice'));
  const dup = addProfile('TWICE');
  ok(dup, 2);
  assert.match(dup.stderr, /already exists/);
  ok(cli(['tokens', '--profile', 'nobody']), 1);
  ok(cli(['forget', '--profile', 'nobody']), 1);
  ok(cli(['profile', 'remove', 'nobody']), 1);
  ok(cli(['tokens']), 2);
  ok(cli(['profile', 'add', 'NoClient', '--issuer', 'http://127.0.0.1:1']), 2);
  const badEnv = cli(['profile', 'add', 'BadEnv', '--issuer', 'http://127.0.0.1:1', '--client-id', 'x',
    '--client-secret-env', 'WB_TEST_UNSET_VARIABLE']);
  ok(badEnv, 2);
  assert.match(badEnv.stderr, /WB_TEST_UNSET_VARIABLE' is not set/);
  ok(cli(['profile', 'frobnicate']), 2);
});

test('no secret or token value appears in clear under the config, data and cache dirs', () => {
  ok(addProfile('Scan'));
  ok(drive(['store-tokens', 'Scan'], { input: JSON.stringify(TOKENS) }));
  ok(cli(['tokens', '--profile', 'Scan', '--no-redact']));
  // The keyring file itself lives under XDG_DATA_HOME/keyrings and is part of the scan: encrypted.
  const hits = filesContaining([SECRET, TOKENS.access_token, TOKENS.refresh_token, TOKENS.id_token]);
  assert.deepEqual(hits, []);
  assert.ok(lookup(`profile/${profileId('Scan')}/client_secret`), 'the values do exist, in the keychain');
});
