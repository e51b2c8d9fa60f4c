// `oauth-workbench run --sandbox --browser follow --fault NAME`: each fault ends the flow the way
// that fault should, with the error or warning that names it (the sandbox is in-process, so this
// test needs no peer; it complements, never replaces, the oidc-provider tests).
// fixtures:

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { check, runWorkbench, scratchDir, stepsByKind, tokenRequests } from './lib/workbench.mjs';

const run = (...extra) =>
  runWorkbench(['run', '--sandbox', '--browser', 'follow', '--timeout', '30', '--json', ...extra],
    { label: `sandbox${extra.join('_').replace(/[^a-z_]/gi, '_')}` });

test('no fault: a full flow succeeds with tokens', async () => {
  const r = await run();
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.equal(r.doc.outcome, 'succeeded');
    assert.ok(r.doc.tokens.access_token && r.doc.tokens.refresh_token && r.doc.tokens.id_token);
    assert.equal(stepsByKind(r.doc, 'token_exchange')[0].status, 'succeeded');
  });
});

const failures = [
  { fault: 'code_replay', code: 'invalid_grant', tokenRequestSent: true },
  { fault: 'pkce_mismatch', code: 'invalid_grant', tokenRequestSent: true },
  { fault: 'state_tamper', code: 'state_mismatch', tokenRequestSent: false },
  { fault: 'wrong_iss', code: 'iss_mismatch', tokenRequestSent: false },
  { fault: 'deny_consent', code: 'access_denied', tokenRequestSent: false },
  // The ID token's iat is 10 minutes in the future, beyond the 60 s leeway (cli-idtoken tests more).
  { fault: 'clock_skew', code: 'id_token_iat_future', tokenRequestSent: true },
];
for (const { fault, code, tokenRequestSent } of failures) {
  test(`fault ${fault} fails with ${code}`, async () => {
    const r = await run('--fault', fault);
    await check(r, () => {
      assert.equal(r.code, 1, 'exit code 1: the flow failed for an OAuth reason');
      assert.equal(r.doc.outcome, 'failed');
      assert.equal(r.doc.error.code, code);
      assert.deepEqual(r.doc.profile.sandbox_faults, [fault], 'the session records the fault it ran under');
      assert.equal(tokenRequests(r.doc).length > 0, tokenRequestSent, 'token request sent or not');
    });
  });
}

const warnings = [
  { fault: 'missing_refresh_token', text: /offline_access was requested but the response has no refresh_token/ },
];
for (const { fault, text } of warnings) {
  test(`fault ${fault} succeeds with a warning`, async () => {
    const r = await run('--fault', fault);
    await check(r, () => {
      assert.equal(r.code, 0);
      const [step] = stepsByKind(r.doc, 'token_exchange');
      assert.equal(step.status, 'warning');
      assert.ok(step.warnings.some((w) => text.test(w)), `a warning matching ${text}`);
    });
  });
}

test('fault form_encoded_response: Accept: application/json still gets JSON (as GitHub does)', async () => {
  const r = await run('--fault', 'form_encoded_response');
  await check(r, () => {
    assert.equal(r.code, 0);
    const [x] = tokenRequests(r.doc);
    const ct = x.response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    assert.match(ct, /application\/json/);
    assert.ok(x.request.headers.some(([n, v]) => n === 'Accept' && v === 'application/json'));
  });
});

test('an unknown fault is a usage error', async () => {
  const r = await run('--fault', 'no_such_fault');
  await check(r, () => {
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown fault/);
  });
});

test('run --report --full-redaction: the report hides JWT claims too; standard keeps them readable', async () => {
  const dir = scratchDir('wb-sandbox-report-');
  const full = path.join(dir, 'full.md');
  const standard = path.join(dir, 'standard.md');
  const r1 = await run('--report', full, '--full-redaction');
  const r2 = await run('--report', standard);
  await check(r1, () => assert.equal(r1.code, 0));
  await check(r2, () => assert.equal(r2.code, 0));
  const fullText = readFileSync(full, 'utf8');
  const standardText = readFileSync(standard, 'utf8');
  assert.match(fullText, /Redaction: full\./);
  assert.match(standardText, /Redaction: standard\./);
  // Standard masks only the ID token's signature (header and claims stay decodable); full masks it whole.
  assert.match(standardText, /"id_token":"eyJ[\w-]+\.eyJ[\w-]+\.\[redacted/, 'standard: JWT header and claims kept');
  assert.doesNotMatch(fullText, /eyJ[\w-]{8,}\.eyJ/, 'full: no JWT header or claims');
  assert.match(fullText, /"id_token":"\[redacted \d+ chars/);
  const usage = await run('--full-redaction');
  await check(usage, () => {
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--full-redaction needs --report FILE/);
  });
});
