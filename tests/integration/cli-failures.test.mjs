// `oauth-workbench run` failing for real reasons against oidc-provider: each check must stop the
// flow with the right exit code and error, and the token endpoint must only be called when the
// flow legitimately got that far.
// fixtures: idp

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  browserCommand, check, exchangesByRole, formParams, idpArgs, runWorkbench, stepsByKind, tokenRequests,
} from './lib/workbench.mjs';

const TIMEOUT = { timeout: 180_000 };

function assertFailedDoc(r) {
  assert.equal(r.code, 1, 'exit code 1 (flow failed)');
  assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
  assert.equal(r.doc.format, 'oauth-workbench-session');
  assert.equal(r.doc.outcome, 'failed');
  assert.ok(r.doc.error, 'error recorded');
  assert.equal(typeof r.doc.error.message, 'string');
  assert.ok(r.doc.error.message.length > 0, 'error has a message');
  return r.doc;
}

function assertNoTokenRequest(doc) {
  assert.deepEqual(tokenRequests(doc).map((x) => x.url), [], 'no request to the token endpoint');
  for (const step of stepsByKind(doc, 'token_exchange')) {
    assert.notEqual(step.status, 'succeeded', 'token exchange did not run');
    assert.deepEqual(step.exchange_ids, [], 'token exchange step owns no exchange');
  }
}

function callbackParams(doc) {
  const callbacks = exchangesByRole(doc, 'callback');
  assert.equal(callbacks.length, 1, 'exactly one callback exchange');
  return new URL(callbacks[0].url).searchParams;
}

test('PKCE enforced: wb-public with --pkce off fails at the callback', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none', '--pkce', 'off',
    '--browser-command', browserCommand()), { label: 'pkce-off' });
  await check(r, () => {
    const doc = assertFailedDoc(r);
    assert.equal(doc.error.kind, 'protocol');
    assert.equal(doc.error.code, 'invalid_request');
    assert.ok(doc.error.protocol, 'protocol error details');
    assert.equal(doc.error.protocol.error, 'invalid_request');
    assert.match(doc.error.protocol.error_description ?? '', /PKCE/);
    const params = callbackParams(doc);
    assert.equal(params.get('error'), 'invalid_request', 'the IdP answered on the callback');
    assert.equal(params.has('code'), false);
    const [callbackStep] = stepsByKind(doc, 'callback');
    assert.equal(callbackStep?.status, 'failed');
    assertNoTokenRequest(doc);
  });
});

test('state mismatch: a callback with a state the flow never sent stops the flow', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--browser-command', browserCommand('--tamper-state')), { label: 'tamper-state' });
  await check(r, () => {
    const doc = assertFailedDoc(r);
    assert.equal(doc.error.code, 'state_mismatch');
    const params = callbackParams(doc);
    assert.ok(params.has('code'), 'the IdP did issue a code (login succeeded)');
    assert.ok(params.has('state'), 'the callback carried a state');
    assertNoTokenRequest(doc);
    assert.deepEqual(exchangesByRole(doc, 'back_channel').map((x) => x.url), [],
      'no back-channel request at all after the state check failed');
  });
});

test('user denies consent: access_denied from the IdP', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--browser-command', browserCommand('--deny')), { label: 'deny' });
  await check(r, () => {
    const doc = assertFailedDoc(r);
    assert.equal(doc.error.code, 'access_denied');
    assert.equal(doc.error.kind, 'protocol');
    assert.equal(doc.error.protocol?.error, 'access_denied');
    assert.equal(callbackParams(doc).get('error'), 'access_denied');
    assertNoTokenRequest(doc);
  });
});

test('redirect_uri changed at the token endpoint: invalid_grant, recorded with HTTP 400', TIMEOUT, async () => {
  const elsewhere = 'http://127.0.0.1:1/elsewhere';
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--token-param', `redirect_uri=${elsewhere}`,
    '--browser-command', browserCommand()), { label: 'redirect-mismatch' });
  await check(r, () => {
    const doc = assertFailedDoc(r);
    assert.equal(doc.error.protocol?.error, 'invalid_grant');
    assert.equal(doc.error.protocol?.http_status, 400);
    assert.equal(doc.error.code, 'invalid_grant');
    const tokenXs = tokenRequests(doc);
    assert.equal(tokenXs.length, 1, 'the token request was sent once');
    const [tokenX] = tokenXs;
    assert.equal(tokenX.response.status, 400);
    const form = formParams(tokenX);
    assert.deepEqual(form.getAll('redirect_uri'), [elsewhere], 'the overridden redirect_uri was sent, once');
    assert.notEqual(doc.redirect_uri, elsewhere, 'the authorization request used the real one');
    assert.ok(callbackParams(doc).has('code'));
    const [tokenStep] = stepsByKind(doc, 'token_exchange');
    assert.equal(tokenStep?.status, 'failed');
    assert.ok(!doc.tokens?.access_token, "no access token");
  });
});

test('usage error: missing --client-id exits 2 without starting a flow', TIMEOUT, async () => {
  const r = await runWorkbench(['run', '--issuer', 'http://127.0.0.1:1', '--json',
    '--browser-command', browserCommand()], { timeoutMs: 30_000, label: 'no-client-id' });
  await check(r, () => {
    assert.equal(r.code, 2, 'exit code 2 (usage)');
    assert.match(r.stderr, /client-id/, 'stderr names the missing option');
    if (r.doc) assert.notEqual(r.doc.outcome, 'succeeded');
  });
});

test('usage error: unknown --auth-method exits 2', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'client_secret_carrier_pigeon',
    '--browser-command', browserCommand()), { timeoutMs: 30_000, label: 'bad-auth-method' });
  await check(r, () => {
    assert.equal(r.code, 2, 'exit code 2 (usage)');
    assert.match(r.stderr, /auth-method/);
  });
});
