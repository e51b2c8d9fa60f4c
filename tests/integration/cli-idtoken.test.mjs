// ID token validation end to end: a real login at oidc-provider shows the JWKS fetched through
// the recording client and every check of the ID token passing, the signature with the provider's
// kid; the in-process sandbox's faults (bad_id_token_signature, wrong_iss, clock_skew) fail or
// warn with the code that names them, and --leeway changes the verdict on skew.
// fixtures: idp

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

import {
  browserCommand, check, env, exchangesByRole, idpArgs, runWorkbench, stepsByKind,
} from './lib/workbench.mjs';

const TIMEOUT = { timeout: 180_000 };
const row = (step, name) => step.details.checks.find((c) => c.name === name);

const sandbox = (label, ...extra) =>
  runWorkbench(['run', '--sandbox', '--browser', 'follow', '--timeout', '30', '--json', ...extra],
    { label: `idtoken-sandbox-${label}` });

test('oidc-provider: the ID token passes every check, signature verified with kid wb-test', TIMEOUT, async () => {
  const r = await runWorkbench(idpArgs('wb-public', '--auth-method', 'none', '--scope', 'openid profile',
    '--browser-command', browserCommand()), { label: 'idtoken-idp' });
  await check(r, () => {
    assert.equal(r.code, 0);
    const { doc } = r;
    assert.equal(doc.outcome, 'succeeded');

    const [jwks] = stepsByKind(doc, 'jwks');
    assert.ok(jwks, 'a jwks step');
    assert.equal(jwks.status, 'succeeded');
    assert.equal(jwks.details.refetched, false);
    assert.ok(jwks.details.keys.some((k) => /kid=wb-test/.test(k)), `keys listed: ${jwks.details.keys}`);
    const fetched = exchangesByRole(doc, 'discovery').filter((x) => jwks.exchange_ids.includes(x.id));
    assert.equal(fetched.length, 1, 'the JWK Set was fetched once, through the recording client');
    assert.equal(fetched[0].url, jwks.details.jwks_uri);
    assert.equal(fetched[0].response.status, 200);

    const [v] = stepsByKind(doc, 'id_token_validation');
    assert.ok(v, 'an id_token_validation step');
    assert.equal(v.status, 'succeeded', `warnings: ${v.warnings}`);
    assert.equal(v.details.kid, 'wb-test');
    assert.equal(v.details.alg, 'RS256');
    const sig = row(v, 'signature');
    assert.equal(sig.result, 'pass');
    assert.match(sig.actual, /RS256 verified with RSA kid=wb-test/);
    for (const name of ['iss', 'aud', 'exp', 'iat', 'sub', 'nonce']) {
      assert.equal(row(v, name).result, 'pass', `${name}: ${JSON.stringify(row(v, name))}`);
    }
    assert.equal(row(v, 'iss').actual, row(v, 'iss').expected);
    assert.equal(row(v, 'aud').expected, 'wb-public');
    assert.ok(Math.abs(v.details.clock.iat_offset_seconds) <= 60, 'same machine: no skew');
    assert.equal(v.details.leeway_seconds, 60);
    // oidc-provider issues opaque access tokens unless a resource indicator asks otherwise.
    assert.equal(v.details.access_token.format, 'opaque');
    assert.match(v.details.access_token.note, /introspection/);
    // The human-readable progress shows the check table.
    assert.match(r.stderr, /✓ signature\s+RS256 verified with RSA kid=wb-test/);
  });
});

test('sandbox bad_id_token_signature: fails with id_token_signature, no refetch for a known kid', async () => {
  const r = await sandbox('badsig', '--fault', 'bad_id_token_signature');
  await check(r, () => {
    assert.equal(r.code, 1);
    assert.equal(r.doc.outcome, 'failed');
    assert.equal(r.doc.error.code, 'id_token_signature');
    assert.equal(r.doc.error.kind, 'validation');
    const [v] = stepsByKind(r.doc, 'id_token_validation');
    assert.equal(v.status, 'failed');
    assert.equal(row(v, 'signature').result, 'fail');
    assert.match(row(v, 'signature').actual, /signature does not verify/);
    const [jwks] = stepsByKind(r.doc, 'jwks');
    assert.equal(jwks.exchange_ids.length, 1, 'the kid is known: the JWK Set is not refetched');
    assert.match(r.stderr, /✗ signature/);
    // The diagnosis names the failed check, with the step that proves it.
    const f = r.doc.findings.find((x) => x.code === 'id_token_invalid');
    assert.ok(f, JSON.stringify(r.doc.findings.map((x) => x.code)));
    assert.equal(f.evidence.check, 'signature');
    assert.equal(f.step_id, v.id);
  });
});

test('sandbox wrong_iss: the callback iss check stops the flow before the token request', async () => {
  const r = await sandbox('wrongiss', '--fault', 'wrong_iss');
  await check(r, () => {
    assert.equal(r.code, 1);
    assert.equal(r.doc.error.code, 'iss_mismatch');
    assert.equal(stepsByKind(r.doc, 'id_token_validation').length, 0);
  });
});

test('sandbox clock_skew: the ID token iat is 10 minutes ahead: id_token_iat_future with the offset', async () => {
  const r = await sandbox('skew', '--fault', 'clock_skew');
  await check(r, () => {
    assert.equal(r.code, 1);
    assert.equal(r.doc.error.code, 'id_token_iat_future');
    const [v] = stepsByKind(r.doc, 'id_token_validation');
    assert.equal(row(v, 'iat').result, 'fail');
    const offset = v.details.clock.iat_offset_seconds;
    assert.ok(offset >= 590 && offset <= 610, `iat offset ${offset} s`);
    assert.equal(v.details.clock.skew_beyond_leeway, true);
    assert.ok(v.warnings.some((w) => /iat .* is \d+ s ahead of this machine's clock/.test(w)), `${v.warnings}`);
    // The Date header of the token response says the same.
    const [tokenStep] = stepsByKind(r.doc, 'token_exchange');
    assert.ok(tokenStep.warnings.some((w) => /clock is \d+ s ahead of this machine/.test(w)));
    assert.ok(tokenStep.details.clock.offset_seconds >= 590);
  });
});

test('sandbox clock_skew with --leeway 900: succeeds, the measured offset still recorded', async () => {
  const r = await sandbox('skew-leeway', '--fault', 'clock_skew', '--leeway', '900');
  await check(r, () => {
    assert.equal(r.code, 0);
    const [v] = stepsByKind(r.doc, 'id_token_validation');
    assert.equal(row(v, 'iat').result, 'pass');
    assert.equal(v.details.leeway_seconds, 900);
    assert.ok(v.details.clock.iat_offset_seconds >= 590);
    assert.equal(v.details.clock.skew_beyond_leeway, false);
  });
});

test('sandbox without faults: every check passes with the sandbox key and at_hash', async () => {
  const r = await sandbox('ok');
  await check(r, () => {
    assert.equal(r.code, 0);
    const [v] = stepsByKind(r.doc, 'id_token_validation');
    assert.equal(v.status, 'succeeded', `${v.warnings}`);
    assert.equal(row(v, 'signature').result, 'pass');
    assert.equal(row(v, 'at_hash').result, 'pass');
    assert.equal(row(v, 'nonce').result, 'pass');
  });
});

// A standalone `oauth-workbench sandbox` process, resolved with its issuer once it listens.
async function startSandboxProcess() {
  const child = spawn(env.workbench, ['sandbox', '--port', '0', '--auto-approve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    text += chunk;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (m) return { child, issuer: m[1] };
  }
  throw new Error(`the sandbox did not start: ${text}`);
}

test('explicit endpoints, no discovery: no jwks_uri, so the signature is skipped with a warning, never passed', async () => {
  const { child, issuer } = await startSandboxProcess();
  try {
    const r = await runWorkbench(['run', '--authorization-endpoint', `${issuer}/authorize`,
      '--token-endpoint', `${issuer}/token`, '--client-id', 'sandbox-public', '--auth-method', 'none',
      '--scope', 'openid', '--browser', 'follow', '--timeout', '30', '--json'], { label: 'idtoken-no-jwks' });
    await check(r, () => {
      assert.equal(r.code, 0);
      const [jwks] = stepsByKind(r.doc, 'jwks');
      assert.equal(jwks.status, 'skipped');
      assert.equal(jwks.exchange_ids.length, 0);
      assert.ok(jwks.warnings.some((w) => /No jwks_uri/.test(w)));
      const [v] = stepsByKind(r.doc, 'id_token_validation');
      assert.equal(v.status, 'warning');
      assert.equal(row(v, 'signature').result, 'skipped');
      assert.ok(v.warnings.some((w) => /signature was NOT checked/.test(w)), `${v.warnings}`);
      assert.equal(row(v, 'iss').result, 'skipped', 'no issuer configured to compare with');
      assert.equal(row(v, 'nonce').result, 'pass');
    });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'close');
  }
});

test('--leeway must be a number of seconds', async () => {
  const r = await runWorkbench(['run', '--sandbox', '--leeway', 'soon'], { label: 'idtoken-bad-leeway' });
  await check(r, () => {
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--leeway must be 0-86400 seconds/);
  });
});
