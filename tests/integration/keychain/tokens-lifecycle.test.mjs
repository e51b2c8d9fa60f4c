// fixtures: idp
// The token lifecycle verbs against oidc-provider with tokens from a real login (`run --profile`
// through Chromium) kept in the real Secret Service: refresh with rotation and with merge on
// omission, scope change, single-flight across two processes, the race probe's family_revoked
// and all_succeeded verdicts, revocation then a refused refresh, introspection active/inactive,
// userinfo success and 401 with WWW-Authenticate. Runs under run-with-keyring.sh.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import process from 'node:process';
import { test } from 'node:test';

import { CLIENT_SECRET, browserCommand } from '../lib/workbench.mjs';
import { cli, describe, lookup, profileId } from './lib.mjs';

const app = () => process.env.OAUTH_WORKBENCH;
const issuer = () => process.env.WB_IDP_ISSUER;

// `oauth-workbench <args>` in a new process, asynchronously (several may run at once).
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

// Runs a verb with --json --no-redact; asserts the exit code and returns the session document.
async function verb(args, code = 0) {
  const r = await runApp([...args, '--json', '--no-redact']);
  assert.equal(r.code, code, describe(r));
  let doc;
  assert.doesNotThrow(() => { doc = JSON.parse(r.stdout); }, describe(r));
  return { doc, r };
}

const stepOf = (doc, kind) => {
  const s = doc.steps.find((st) => st.kind === kind);
  assert.ok(s, `a ${kind} step in ${JSON.stringify(doc.steps.map((st) => st.kind))}`);
  return s;
};
const storedTokens = (name) => {
  const r = cli(['tokens', '--profile', name, '--json', '--no-redact']);
  assert.equal(r.code, 0, describe(r));
  return JSON.parse(r.stdout);
};

// Adds a profile for `clientId` and logs in once; returns the token set the login stored.
async function loginProfile(name, clientId) {
  const add = cli(['profile', 'add', name, '--issuer', issuer(), '--client-id', clientId,
    '--auth-method', 'client_secret_basic', '--client-secret-env', 'WB_TEST_CLIENT_SECRET',
    '--scope', 'openid profile offline_access', '--param', 'prompt=consent', '--timeout', '90',
    '--browser-command', browserCommand()], { env: { WB_TEST_CLIENT_SECRET: CLIENT_SECRET } });
  assert.equal(add.code, 0, describe(add));
  const run = await runApp(['run', '--profile', name, '--json', '--no-redact']);
  assert.equal(run.code, 0, describe(run));
  const tokens = storedTokens(name);
  assert.ok(tokens.access_token && tokens.refresh_token, 'access and refresh token stored');
  return tokens;
}

test('rotation, introspection, userinfo and revocation with a rotating client', { timeout: 600_000 }, async () => {
  const first = await loginProfile('life-rot', 'wb-basic');
  const id = profileId('life-rot');

  // Introspection of the fresh access token: active.
  const active = await verb(['introspect', '--profile', 'life-rot']);
  assert.equal(stepOf(active.doc, 'introspection').details.active, true);

  // Userinfo with the Bearer token.
  const ui = await verb(['userinfo', '--profile', 'life-rot']);
  const claims = stepOf(ui.doc, 'userinfo').details.claims;
  assert.ok(claims.sub, 'userinfo has sub');
  const uiX = ui.doc.exchanges.at(-1);
  assert.ok(uiX.request.headers.some(([n, v]) => /^authorization$/i.test(n) && v === `Bearer ${first.access_token}`)
    || JSON.stringify(uiX.request.headers).includes(`Bearer ${first.access_token}`), 'Bearer access token sent');

  // Refresh: the server rotates, the workbench says so and stores the new refresh token.
  const refreshed = await verb(['refresh', '--profile', 'life-rot']);
  const rs = stepOf(refreshed.doc, 'refresh');
  assert.equal(rs.details.merge.refresh_token, 'rotated');
  assert.ok(rs.warnings.some((w) => w.includes('refresh token rotated')), JSON.stringify(rs.warnings));
  assert.match(refreshed.r.stderr, /refresh token rotated/);
  const afterRefresh = storedTokens('life-rot');
  assert.notEqual(afterRefresh.refresh_token, first.refresh_token);
  assert.equal(afterRefresh.refresh_token, refreshed.doc.tokens.refresh_token);
  assert.ok(lookup(`profile/${id}/tokens`).includes(afterRefresh.refresh_token), 'new set in the Secret Service');
  const form = new URLSearchParams(refreshed.doc.exchanges.at(-1).request.body);
  assert.equal(form.get('grant_type'), 'refresh_token');
  assert.equal(form.get('refresh_token'), first.refresh_token);

  // Revoke the access token: introspection says inactive, userinfo answers 401 + WWW-Authenticate.
  const revA = await verb(['revoke', '--profile', 'life-rot', '--token', 'access']);
  const revForm = new URLSearchParams(revA.doc.exchanges.at(-1).request.body);
  assert.equal(revForm.get('token_type_hint'), 'access_token');
  assert.equal(revForm.get('token'), afterRefresh.access_token);
  const inactive = await verb(['introspect', '--profile', 'life-rot']);
  assert.equal(stepOf(inactive.doc, 'introspection').details.active, false);
  const denied = await verb(['userinfo', '--profile', 'life-rot'], 1);
  assert.equal(denied.doc.exchanges.at(-1).response.status, 401);
  const challenge = stepOf(denied.doc, 'userinfo').details.www_authenticate;
  assert.ok(challenge?.bearer, JSON.stringify(challenge));
  assert.equal(denied.doc.error.protocol.error, 'invalid_token');
  assert.equal(denied.doc.error.protocol.http_status, 401);
  assert.match(denied.r.stderr, /invalid_token/);

  // Revoke the refresh token: the next refresh is refused with invalid_grant (exit 1).
  await verb(['revoke', '--profile', 'life-rot', '--token', 'refresh']);
  const refused = await verb(['refresh', '--profile', 'life-rot'], 1);
  assert.equal(refused.doc.error.protocol.error, 'invalid_grant');
  assert.equal(storedTokens('life-rot').refresh_token, afterRefresh.refresh_token, 'a failed refresh stores nothing');
});

test('single-flight across processes, then the race probe finds the family revoked', { timeout: 600_000 }, async () => {
  await loginProfile('life-race', 'wb-basic');

  // Two processes refresh at once. Under rotation with reuse detection, a second refresh with the
  // same token would revoke the grant; the lock makes the second use the first one's result.
  const [a, b] = await Promise.all([
    runApp(['refresh', '--profile', 'life-race', '--json', '--no-redact']),
    runApp(['refresh', '--profile', 'life-race', '--json', '--no-redact']),
  ]);
  assert.equal(a.code, 0, describe(a));
  assert.equal(b.code, 0, describe(b));
  const docs = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
  const stored = storedTokens('life-race');
  assert.ok(docs.some((d) => d.tokens.refresh_token === stored.refresh_token), 'one of them stored the final set');
  // The grant survived: a third refresh works.
  await verb(['refresh', '--profile', 'life-race']);

  const race = await verb(['race-refresh', '--profile', 'life-race', '--parallel', '3']);
  const probe = stepOf(race.doc, 'race_probe');
  assert.equal(probe.details.outcome, 'family_revoked', JSON.stringify(probe.details, null, 1));
  assert.equal(probe.details.requests.length, 3);
  assert.equal(probe.details.follow_up.result, 'invalid_grant');
  assert.equal(probe.exchange_ids.length, 4, 'three racers and the follow-up are recorded');
  assert.match(race.r.stderr, /family_revoked/);
  // Nothing usable is left: the next refresh fails.
  const after = await verb(['refresh', '--profile', 'life-race'], 1);
  assert.equal(after.doc.error.protocol.error, 'invalid_grant');
  // The diagnosis names the dead grant and says to re-authorize rather than retry.
  const dead = after.doc.findings.find((f) => f.code === 'invalid_grant_refresh_revoked_or_expired');
  assert.ok(dead, JSON.stringify(after.doc.findings.map((f) => f.code)));
  assert.equal(dead.triage, 'reauth');
  assert.match(after.r.stderr, /invalid_grant_refresh_revoked_or_expired/);
});

test('a non-rotating client: merge on omission, scope change, all_succeeded race', { timeout: 600_000 }, async () => {
  const first = await loginProfile('life-keep', 'wb-norotate');

  const refreshed = await verb(['refresh', '--profile', 'life-keep']);
  const rs = stepOf(refreshed.doc, 'refresh');
  assert.equal(rs.details.response.refresh_token, undefined, 'the server omitted refresh_token');
  assert.match(rs.details.merge.refresh_token, /^kept/);
  const stored = storedTokens('life-keep');
  assert.equal(stored.refresh_token, first.refresh_token, 'the stored refresh token is kept');
  assert.notEqual(stored.access_token, first.access_token, 'the new access token is stored');

  // Down-scoping on refresh is reported as a scope change.
  const narrowed = await verb(['refresh', '--profile', 'life-keep', '--scope', 'openid offline_access']);
  const ns = stepOf(narrowed.doc, 'refresh');
  assert.deepEqual(ns.details.merge.scope_removed, ['profile'], JSON.stringify(ns.details.merge));
  assert.ok(ns.warnings.some((w) => w.includes('scope changed')));
  assert.equal(new URLSearchParams(narrowed.doc.exchanges.at(-1).request.body).get('scope'), 'openid offline_access');

  const race = await verb(['race-refresh', '--profile', 'life-keep', '--parallel', '3']);
  const probe = stepOf(race.doc, 'race_probe');
  assert.equal(probe.details.outcome, 'all_succeeded', JSON.stringify(probe.details, null, 1));
  assert.equal(probe.details.follow_up, undefined, 'no rotation: no follow-up needed');
  await verb(['refresh', '--profile', 'life-keep']);
});

test('usage and configuration errors exit 2 with a message, before any request', async () => {
  const add = cli(['profile', 'add', 'life-empty', '--issuer', issuer(), '--client-id', 'wb-public']);
  assert.equal(add.code, 0, describe(add));
  for (const args of [['refresh', '--profile', 'life-empty'], ['userinfo', '--profile', 'life-empty'],
    ['race-refresh', '--profile', 'life-empty', '--parallel', '3']]) {
    const r = await runApp(args);
    assert.equal(r.code, 2, describe(r));
    assert.match(r.stderr, /no tokens are stored for profile 'life-empty'/, describe(r));
  }
  const missing = await runApp(['introspect', '--profile', 'no-such-profile']);
  assert.equal(missing.code, 2, describe(missing));
  assert.match(missing.stderr, /No profile named 'no-such-profile'/);
  const noProfile = await runApp(['revoke']);
  assert.equal(noProfile.code, 2, describe(noProfile));
  assert.match(noProfile.stderr, /--profile NAME is required/);
  const badToken = await runApp(['revoke', '--profile', 'life-empty', '--token', 'id']);
  assert.equal(badToken.code, 2, describe(badToken));
});
