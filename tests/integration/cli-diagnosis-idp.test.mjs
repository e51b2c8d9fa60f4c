// Findings produced by a real authorization server (oidc-provider, driven through Chromium): the
// server only says "grant request is invalid", so the diagnosis must name the cause from what the
// flow itself sent — a changed redirect_uri, a wrong code_verifier, a code replayed from an
// earlier run — plus a wrong client secret and a denied consent.
// fixtures: idp

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { browserCommand, check, idpArgs, runWorkbench } from './lib/workbench.mjs';

const TIMEOUT = { timeout: 240_000 };

function finding(r, code) {
  assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
  assert.ok(Array.isArray(r.doc.findings), 'findings array');
  const f = r.doc.findings.find((x) => x.code === code);
  assert.ok(f, `finding ${code} among ${r.doc.findings.map((x) => x.code).join(', ')}`);
  assert.equal(r.code, 1, 'exit code 1');
  assert.equal(r.doc.findings[0].severity, 'error', 'most severe first');
  const step = r.doc.steps.find((s) => s.id === f.step_id);
  assert.ok(step, 'points at a recorded step');
  return { f, step };
}

test('redirect_uri changed at the token endpoint: invalid_grant_redirect_uri_changed', TIMEOUT, async () => {
  const elsewhere = 'http://127.0.0.1:1/elsewhere';
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--token-param', `redirect_uri=${elsewhere}`, '--browser-command', browserCommand()),
  { label: 'diag-redirect-changed' });
  await check(r, () => {
    const { f, step } = finding(r, 'invalid_grant_redirect_uri_changed');
    assert.equal(step.kind, 'token_exchange');
    assert.equal(f.evidence.token_request_redirect_uri, elsewhere);
    assert.equal(f.evidence.authorization_request_redirect_uri, r.doc.redirect_uri);
    assert.equal(f.evidence.error_description, 'grant request is invalid', 'the server said nothing more');
    assert.equal(f.triage, 'fix_config');
  });
});

test('PKCE verifier changed at the token endpoint: invalid_grant_pkce_mismatch', TIMEOUT, async () => {
  const verifier = 'x'.repeat(43);
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--token-param', `code_verifier=${verifier}`, '--browser-command', browserCommand()),
  { label: 'diag-pkce' });
  await check(r, () => {
    const { f } = finding(r, 'invalid_grant_pkce_mismatch');
    assert.notEqual(f.evidence.challenge_sent, f.evidence.challenge_of_verifier_sent);
    assert.equal(f.evidence.code_verifier_sent, true);
  });
});

test('a code from an earlier run replayed: invalid_grant_code_reused', TIMEOUT, async () => {
  // Run 1 redeems its code; --no-redact shows it. Run 2 sends that code instead of its own.
  const first = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none', '--no-redact',
    '--browser-command', browserCommand()), { label: 'diag-replay-first' });
  let code;
  await check(first, () => {
    assert.equal(first.code, 0, 'the first run succeeds');
    const cb = first.doc.steps.find((s) => s.kind === 'callback');
    code = cb.details.params.find((p) => p.name === 'code').value;
    assert.ok(code.length > 10, 'the first code');
  });
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--token-param', `code=${code}`, '--browser-command', browserCommand()), { label: 'diag-replay-second' });
  await check(r, () => {
    const { f } = finding(r, 'invalid_grant_code_reused');
    assert.equal(f.evidence.code_matches_callback, false);
    assert.equal(f.triage, 'reauth');
  });
});

test('wrong client secret: invalid_client with how the credentials were sent', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-basic', '--client-secret-env', 'WB_WRONG_SECRET',
    '--auth-method', 'client_secret_basic', '--browser-command', browserCommand()),
  { env: { WB_WRONG_SECRET: 'not-the-secret' }, label: 'diag-wrong-secret' });
  await check(r, () => {
    const { f, step } = finding(r, 'invalid_client');
    assert.equal(step.kind, 'token_exchange');
    assert.equal(f.evidence.credentials_sent_as, 'client_secret_basic');
    assert.ok(Array.isArray(f.evidence.server_auth_methods), 'server methods from discovery');
    assert.equal(f.triage, 'fix_config');
    assert.equal(r.stdout.includes('not-the-secret'), false, 'the secret is not in the output');
  });
});

test('denied consent: access_denied from the callback', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none',
    '--browser-command', browserCommand('--deny')), { label: 'diag-deny' });
  await check(r, () => {
    const { f, step } = finding(r, 'access_denied');
    assert.equal(step.kind, 'callback');
    assert.equal(f.evidence.error, 'access_denied');
  });
});
