// `oauth-workbench run` completing real logins against oidc-provider, one per client
// authentication method, plus --save and --no-redact.
// fixtures: idp

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  CLIENT_SECRET, CLIENT_SECRET_FORM, browserCommand, check, decodeBody, exchangesByRole, formParams,
  header, idpArgs, runWorkbench, scratchDir, secretSpellings, stepsByKind, tokenRequests,
} from './lib/workbench.mjs';

const TIMEOUT = { timeout: 180_000 };
const SECRET_ENV = { WB_TEST_CLIENT_SECRET: CLIENT_SECRET };

// What every successful login must show, whatever the client authentication.
function assertSucceeded(r) {
  assert.equal(r.code, 0, 'exit code');
  assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
  const { doc } = r;
  assert.equal(doc.format, 'oauth-workbench-session');
  assert.equal(doc.version, 1);
  assert.equal(doc.outcome, 'succeeded');
  assert.equal(doc.error, null);
  assert.match(doc.redirect_uri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);

  const [discovery] = stepsByKind(doc, 'discovery');
  assert.ok(discovery, 'a discovery step');
  assert.ok(exchangesByRole(doc, 'discovery').some((x) => x.url.endsWith('/.well-known/openid-configuration') && x.response?.status === 200),
    'the discovery document was fetched');

  const callbacks = exchangesByRole(doc, 'callback');
  assert.equal(callbacks.length, 1, 'exactly one callback exchange');
  const [callback] = callbacks;
  assert.equal(callback.method, 'GET');
  assert.ok(callback.url.startsWith(`${doc.redirect_uri}?`), `callback URL ${callback.url} is on the redirect_uri`);
  const cbParams = new URL(callback.url).searchParams;
  assert.ok(cbParams.has('code') && cbParams.has('state') && cbParams.has('iss'), 'callback carries code, state and iss');
  assert.ok(callback.response.status >= 200 && callback.response.status < 400, `listener answered the browser (${callback.response.status})`);

  const [tokenStep] = stepsByKind(doc, 'token_exchange');
  assert.ok(tokenStep, 'a token_exchange step');
  assert.equal(tokenStep.status, 'succeeded');
  const tokenXs = tokenRequests(doc);
  assert.equal(tokenXs.length, 1, 'exactly one token request');
  const [tokenX] = tokenXs;
  assert.ok(tokenStep.exchange_ids.includes(tokenX.id), 'the token step owns the token exchange');
  assert.equal(tokenX.method, 'POST');
  assert.equal(tokenX.response.status, 200);
  assert.equal(tokenX.transport_error, 'none');
  assert.match(header(tokenX.request.headers, 'Content-Type') ?? '', /^application\/x-www-form-urlencoded/);
  const form = formParams(tokenX);
  assert.equal(form.get('grant_type'), 'authorization_code');
  assert.equal(form.get('redirect_uri'), doc.redirect_uri, 'token request repeats the redirect_uri');
  assert.ok(form.get('code'), 'token request has the code');

  assert.ok(doc.tokens, 'tokens recorded');
  assert.equal(typeof doc.tokens.access_token, 'string');
  assert.ok(doc.tokens.access_token.length > 0, 'access token present');
  assert.match(doc.tokens.token_type, /^bearer$/i);
  assert.ok(doc.tokens.refresh_token, 'refresh token present (offline_access + prompt=consent)');
  assert.ok(doc.tokens.id_token, 'id token present');
  assert.match(doc.tokens.scope, /\boffline_access\b/);
  return { doc, tokenX, form };
}

test('wb-public: auth method none with PKCE S256 logs in', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public',
    '--auth-method', 'none', '--pkce', 'S256',
    '--scope', 'openid profile offline_access', '--param', 'prompt=consent',
    '--browser-command', browserCommand()), { label: 'public' });
  await check(r, () => {
    const { doc, tokenX, form } = assertSucceeded(r);
    assert.equal(doc.redacted, true);
    assert.ok(form.get('code_verifier'), 'token request body has code_verifier');
    assert.equal(form.get('client_id'), 'wb-public', 'public client identifies itself in the body');
    assert.equal(form.has('client_secret'), false, 'no client_secret in the body');
    assert.equal(header(tokenX.request.headers, 'Authorization'), undefined, 'no Authorization header');
  });
});

test('wb-basic: client_secret_basic from an env var, secret never in the output', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-basic',
    '--client-secret-env', 'WB_TEST_CLIENT_SECRET', '--auth-method', 'client_secret_basic',
    '--scope', 'openid offline_access', '--param', 'prompt=consent',
    '--browser-command', browserCommand()), { env: SECRET_ENV, label: 'basic' });
  await check(r, () => {
    const { doc, tokenX, form } = assertSucceeded(r);
    assert.equal(doc.redacted, true);
    const auth = header(tokenX.request.headers, 'Authorization');
    assert.ok(auth, 'Authorization header recorded');
    assert.equal(form.has('client_secret'), false, 'no client_secret in the body');
    for (const s of secretSpellings('wb-basic')) {
      assert.equal(r.stdout.includes(s), false, `secret spelling ${JSON.stringify(s)} absent from the JSON output`);
    }
  });
});

test('wb-post: client_secret_post puts the (redacted) secret in the body', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-post',
    '--client-secret-env', 'WB_TEST_CLIENT_SECRET', '--auth-method', 'client_secret_post',
    '--scope', 'openid offline_access', '--param', 'prompt=consent',
    '--browser-command', browserCommand()), { env: SECRET_ENV, label: 'post' });
  await check(r, () => {
    const { tokenX, form } = assertSucceeded(r);
    assert.equal(header(tokenX.request.headers, 'Authorization'), undefined, 'no Authorization header');
    assert.equal(form.get('client_id'), 'wb-post');
    assert.ok(form.has('client_secret'), 'client_secret parameter in the body');
    assert.notEqual(form.get('client_secret'), CLIENT_SECRET, 'client_secret value is redacted');
    for (const s of secretSpellings('wb-post')) {
      assert.equal(r.stdout.includes(s), false, `secret spelling ${JSON.stringify(s)} absent from the JSON output`);
    }
  });
});

test('--save writes the printed document; --no-redact shows the secret, redaction hides it', TIMEOUT, async () => {
  const dir = scratchDir('wb-save-');
  const commonArgs = ['--client-secret-env', 'WB_TEST_CLIENT_SECRET', '--auth-method', 'client_secret_post',
    '--scope', 'openid offline_access', '--param', 'prompt=consent', '--browser-command', browserCommand()];

  const savedPath = path.join(dir, 'redacted.json');
  const redacted = await runWorkbench(idpArgs('wb-post', ...commonArgs, '--save', savedPath),
    { env: SECRET_ENV, label: 'save-redacted' });
  await check(redacted, () => {
    assertSucceeded(redacted);
    const saved = JSON.parse(readFileSync(savedPath, 'utf8'));
    assert.deepEqual(saved, redacted.doc, '--save wrote the same document --json printed');
    assert.equal(saved.redacted, true);
    assert.equal(readFileSync(savedPath, 'utf8').includes(CLIENT_SECRET_FORM), false, 'saved file is redacted');
  });

  const rawPath = path.join(dir, 'raw.json');
  const raw = await runWorkbench(idpArgs('wb-post', ...commonArgs, '--no-redact', '--save', rawPath),
    { env: SECRET_ENV, label: 'save-no-redact' });
  await check(raw, () => {
    const { doc, form } = assertSucceeded(raw);
    assert.equal(doc.redacted, false);
    assert.equal(form.get('client_secret'), CLIENT_SECRET, 'unredacted body carries the real secret');
    const [tokenX] = tokenRequests(doc);
    assert.ok(decodeBody(tokenX.request).includes(`client_secret=${CLIENT_SECRET_FORM}`),
      'secret form-encoded on the wire');
    // The raw access token shows in the token response body exactly as in tokens.access_token.
    const tokenResponse = JSON.parse(decodeBody(tokenX.response));
    assert.equal(tokenResponse.access_token, doc.tokens.access_token);
    assert.deepEqual(JSON.parse(readFileSync(rawPath, 'utf8')), doc, '--save with --no-redact matches stdout');
  });
});
