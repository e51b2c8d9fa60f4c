// Diagnosis from the in-process sandbox's faults: `oauth-workbench run --sandbox --fault NAME
// --json` must end with the finding that names the cause, tied to the step that proves it, and
// exit 1 exactly when an error finding exists (the sandbox is ours; cli-diagnosis-idp.test.mjs
// produces findings from oidc-provider).
// fixtures:

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { check, runWorkbench } from './lib/workbench.mjs';

const run = (...extra) =>
  runWorkbench(['run', '--sandbox', '--browser', 'follow', '--timeout', '30', '--json', ...extra],
    { label: `diagnosis${extra.join('_').replace(/[^a-z_]/gi, '_')}` });

function finding(doc, code) {
  assert.ok(Array.isArray(doc.findings), 'the session has a findings array');
  const f = doc.findings.find((x) => x.code === code);
  assert.ok(f, `finding ${code} among ${doc.findings.map((x) => x.code).join(', ')}`);
  assert.ok(f.title.length > 0 && f.explanation.length > 0, 'title and explanation');
  assert.ok(f.fix_steps.length > 0, 'fix steps');
  if (f.step_id) assert.ok(doc.steps.some((s) => s.id === f.step_id), `step ${f.step_id} exists`);
  if (f.exchange_id) assert.ok(doc.exchanges.some((x) => x.id === f.exchange_id), `exchange ${f.exchange_id} exists`);
  return f;
}

function assertSorted(doc) {
  const rank = { error: 0, warning: 1, info: 2 };
  const ranks = doc.findings.map((f) => rank[f.severity]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'most severe first');
}

const cases = [
  { fault: 'expired_code', code: 'invalid_grant_code_expired', severity: 'error', triage: 'reauth', step: 'token_exchange' },
  { fault: 'code_replay', code: 'invalid_grant_code_reused', severity: 'error', triage: 'reauth', step: 'token_exchange' },
  { fault: 'pkce_mismatch', code: 'invalid_grant_pkce_mismatch', severity: 'error', triage: 'reauth', step: 'token_exchange' },
  { fault: 'redirect_uri_mismatch', code: 'redirect_uri_mismatch', severity: 'error', triage: 'fix_config' },
  { fault: 'invalid_client', code: 'invalid_client', severity: 'error', triage: 'fix_config', step: 'token_exchange' },
  { fault: 'server_error', code: 'server_error', severity: 'error', triage: 'retry', step: 'token_exchange' },
  { fault: 'html_error_page', code: 'html_instead_of_json', severity: 'error', triage: 'retry', step: 'token_exchange' },
  { fault: 'nonstandard_200_error', code: 'nonstandard_error_encoding', severity: 'warning', step: 'token_exchange' },
  { fault: 'aadsts_errors', code: 'invalid_grant_code_expired', severity: 'error', triage: 'reauth', step: 'token_exchange' },
  { fault: 'state_tamper', code: 'state_mismatch', severity: 'error', step: 'callback' },
  { fault: 'wrong_iss', code: 'iss_mismatch', severity: 'error', step: 'callback' },
  { fault: 'deny_consent', code: 'access_denied', severity: 'error', step: 'callback' },
];
for (const c of cases) {
  test(`fault ${c.fault}: finding ${c.code}`, async () => {
    const r = await run('--fault', c.fault);
    await check(r, () => {
      assert.equal(r.code, 1, 'exit code 1: an error finding exists');
      const f = finding(r.doc, c.code);
      assert.equal(f.severity, c.severity);
      if (c.triage) assert.equal(f.triage, c.triage);
      if (c.step) {
        const step = r.doc.steps.find((s) => s.id === f.step_id);
        assert.equal(step?.kind, c.step, 'points at the step that proves it');
      }
      assert.ok(r.doc.findings.some((x) => x.severity === 'error'));
      assertSorted(r.doc);
      assert.match(r.stderr, new RegExp(`Findings \\(\\d+, most severe first\\)`), 'printed after the steps');
      assert.ok(r.stderr.includes(c.code), 'the code is printed');
    });
  });
}

test('aadsts_errors: the Entra code, trace and correlation ids are evidence', async () => {
  const r = await run('--fault', 'aadsts_errors');
  await check(r, () => {
    const f = finding(r.doc, 'invalid_grant_code_expired');
    assert.deepEqual(f.evidence.provider_codes, ['AADSTS70008']);
    assert.ok(f.evidence.trace_id, 'trace_id');
    assert.ok(f.evidence.correlation_id, 'correlation_id');
    assert.equal(f.evidence.provider, 'entra');
    assert.match(f.explanation, /Microsoft Entra ID/);
  });
});

test('nonstandard_200_error: Slack shape normalized, raw body kept', async () => {
  const r = await run('--fault', 'nonstandard_200_error');
  await check(r, () => {
    const enc = finding(r.doc, 'nonstandard_error_encoding');
    assert.equal(enc.evidence.http_status, 200);
    const grant = finding(r.doc, 'invalid_grant');
    assert.equal(grant.evidence.error, 'invalid_code');
    const x = r.doc.exchanges.find((e) => e.id === grant.exchange_id);
    assert.match(x.response.body, /"ok":\s*false/, 'the raw response is unchanged');
  });
});

test('slow_token with --http-timeout 1: timeout, retry', async () => {
  const r = await run('--fault', 'slow_token', '--http-timeout', '1');
  await check(r, () => {
    assert.equal(r.code, 3, 'exit code 3: timeout');
    const f = finding(r.doc, 'timeout');
    assert.equal(f.triage, 'retry');
    assert.equal(f.evidence.http_timeout_seconds, 1);
  });
});

test('form_encoded_response: the flow asks for JSON (Accept), so no form_encoded_token_response', async () => {
  // The sandbox, like GitHub, answers form-encoded only without Accept: application/json; the
  // finding itself is covered from a GitHub payload in tests/unit/tst_diagnosis.cpp.
  const r = await run('--fault', 'form_encoded_response');
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.equal(r.doc.outcome, 'succeeded');
    assert.ok(!r.doc.findings.some((f) => f.code === 'form_encoded_token_response'));
  });
});

test('missing_refresh_token: no_refresh_token warning with advice, exit 0', async () => {
  const r = await run('--fault', 'missing_refresh_token');
  await check(r, () => {
    assert.equal(r.code, 0);
    const f = finding(r.doc, 'no_refresh_token');
    assert.equal(f.severity, 'warning');
    assert.ok(f.fix_steps.some((s) => /prompt=consent/.test(s)), 'advises prompt=consent');
    assert.ok(f.fix_steps.some((s) => /access_type=offline/.test(s)), 'mentions Google access_type=offline');
  });
});

test('no fault: no error finding, exit 0', async () => {
  const r = await run();
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.ok(Array.isArray(r.doc.findings));
    assert.equal(r.doc.findings.filter((f) => f.severity === 'error').length, 0);
  });
});

test('presets: listed as data, and profile add --preset fills a profile', async () => {
  const list = await runWorkbench(['presets', '--json'], { label: 'presets' });
  await check(list, () => {
    assert.equal(list.code, 0);
    const ids = list.doc.map((p) => p.id);
    for (const id of ['google', 'entra', 'github', 'gitlab', 'okta', 'auth0', 'keycloak', 'salesforce', 'slack', 'generic-oidc']) {
      assert.ok(ids.includes(id), `preset ${id}`);
    }
    assert.match(list.doc.find((p) => p.id === 'entra').issuer, /\{tenant\}/);
  });
  const added = await runWorkbench(['profile', 'add', 'work', '--preset', 'entra', '--preset-param',
    'tenant=contoso.onmicrosoft.com', '--client-id', 'app-1', '--memory-secrets'], { label: 'preset-add' });
  await check(added, () => {
    assert.equal(added.code, 0, 'saved');
    assert.match(added.stderr, /note \(Microsoft Entra ID\)/, 'the quirks are shown');
  });
  const unknown = await runWorkbench(['profile', 'add', 'x', '--preset', 'nope', '--client-id', 'a',
    '--memory-secrets'], { label: 'preset-unknown' });
  await check(unknown, () => {
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown preset 'nope'/);
  });
});

test('redirect_uri_mismatch with --registered-redirect-uri names the exact difference', async () => {
  const r = await run('--fault', 'redirect_uri_mismatch', '--registered-redirect-uri', 'http://localhost/callback/');
  await check(r, () => {
    assert.equal(r.code, 1);
    const f = finding(r.doc, 'redirect_uri_mismatch');
    assert.equal(f.evidence.sent, r.doc.redirect_uri);
    assert.equal(f.evidence.registered, 'http://localhost/callback/');
    for (const d of ['trailing_slash', 'loopback_host', 'port']) {
      assert.ok(f.evidence.differences.includes(d), `difference ${d} in ${f.evidence.differences}`);
    }
    assert.match(f.explanation, /registered URI ends with a slash/);
  });
});
