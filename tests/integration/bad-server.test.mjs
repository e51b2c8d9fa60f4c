// `oauth-workbench run --browser follow` against tests/peers/bad-server.mjs, whose discovery and
// authorize endpoint are sane but whose token endpoint answers badly: HTML, truncated JSON, 5 MB of
// JSON, never, a TCP reset, JSON as text/plain, and TLS with a self-signed certificate (without a
// pin, with the right pin, with a wrong pin). Every case must end with a clear step error and a
// finding in --json, within the profile's HTTP timeout, without a crash or a hang.
// fixtures:

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';

import { check, runWorkbench, startBadServer, tokenRequests } from './lib/workbench.mjs';

let peer;
let httpBase;
let fingerprint;

before(async () => {
  ({ child: peer, httpBase, fingerprint } = await startBadServer());
});

after(async () => {
  if (peer && peer.exitCode === null) {
    peer.kill('SIGTERM');
    await once(peer, 'exit');
  }
});

const HTTP_TIMEOUT_S = 8;

function runCase(name, ...extra) {
  return runWorkbench(['run', '--issuer', `${httpBase}/${name}`, '--client-id', 'wb-bad', '--auth-method', 'none',
    '--scope', 'profile', '--browser', 'follow', '--json', '--timeout', '60',
    '--http-timeout', String(HTTP_TIMEOUT_S), ...extra], { label: `bad-${name}`, timeoutMs: 120_000 });
}

const findingCodes = (doc) => doc.findings.map((f) => f.code);
const tokenStep = (doc) => doc.steps.find((s) => s.kind === 'token_exchange' || s.kind === 'token');

// Asserts the common shape of a failed case and returns the token step.
// Exit codes: 1 the flow failed for an HTTP/OAuth reason, 3 a timeout, network or TLS failure.
function assertFailed(r, { finding, stepError, exit = 1 }) {
  assert.equal(r.signal, null, 'no crash');
  assert.equal(r.timedOut, false, 'no hang');
  assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
  assert.equal(r.code, exit, 'exit code');
  assert.equal(r.doc.outcome, 'failed');
  assert.ok(findingCodes(r.doc).includes(finding), `finding ${finding} in ${findingCodes(r.doc)}`);
  const step = tokenStep(r.doc);
  assert.ok(step, `a token step in ${r.doc.steps.map((s) => s.kind)}`);
  assert.equal(step.status, 'failed');
  if (stepError) assert.equal(step.error?.code, stepError, JSON.stringify(step.error));
  assert.ok(step.error?.message?.length > 10, 'the step error has a message');
  return step;
}

test('control: the sane case succeeds', { timeout: 150_000 }, async () => {
  const r = await runCase('ok');
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.equal(r.doc.outcome, 'succeeded');
    assert.ok(r.doc.tokens.access_token);
  });
});

test('token endpoint answers an HTML page', { timeout: 150_000 }, async () => {
  const r = await runCase('html');
  await check(r, () => {
    assertFailed(r, { finding: 'html_instead_of_json' });
    const f = r.doc.findings.find((x) => x.code === 'html_instead_of_json');
    assert.equal(f.evidence.page_title, 'Sign in - Corporate Portal');
  });
});

test('token endpoint answers truncated JSON', { timeout: 150_000 }, async () => {
  const r = await runCase('truncated');
  await check(r, () => {
    const step = assertFailed(r, { finding: 'invalid_json', stepError: 'invalid_json' });
    assert.match(step.error.message, /truncated/);
  });
});

test('token endpoint answers 5 MB of JSON: recorded cut at 1 MiB', { timeout: 150_000 }, async () => {
  const r = await runCase('huge', '--no-redact'); // byte-exact body (redaction changes lengths)
  await check(r, () => {
    assertFailed(r, { finding: 'response_too_large', stepError: 'response_too_large' });
    const [x] = tokenRequests(r.doc, '/huge/token');
    assert.equal(x.transport_error, 'too_large');
    assert.equal(x.response.truncated, true, 'marked as cut');
    assert.ok(x.response.size > 1024 * 1024, `size received past the limit (${x.response.size})`);
    const bodyBytes = x.response.body_encoding === 'base64'
      ? Buffer.from(x.response.body, 'base64').length : Buffer.byteLength(x.response.body, 'utf8');
    assert.equal(bodyBytes, 1024 * 1024, 'the body is kept up to the limit only');
    const f = r.doc.findings.find((y) => y.code === 'response_too_large');
    assert.equal(f.evidence.limit_bytes, 1024 * 1024);
  });
});

test('token endpoint never answers: timeout within the profile HTTP timeout', { timeout: 150_000 }, async () => {
  const r = await runCase('hang');
  await check(r, () => {
    const step = assertFailed(r, { finding: 'timeout', stepError: 'timeout', exit: 3 });
    assert.match(step.error.message, new RegExp(`within ${HTTP_TIMEOUT_S} s`));
  });
});

test('token endpoint resets the connection', { timeout: 150_000 }, async () => {
  const r = await runCase('reset');
  await check(r, () => {
    const step = assertFailed(r, { finding: 'network_error', stepError: 'network_error', exit: 3 });
    assert.match(step.error.message, /closed the connection|reset|failed/i);
  });
});

test('token endpoint answers JSON as text/plain: succeeds with a warning', { timeout: 150_000 }, async () => {
  const r = await runCase('text-plain');
  await check(r, () => {
    assert.equal(r.code, 0, 'a warning does not fail the run');
    assert.equal(r.doc.outcome, 'succeeded');
    const f = r.doc.findings.find((x) => x.code === 'token_response_content_type');
    assert.ok(f, `finding token_response_content_type in ${findingCodes(r.doc)}`);
    assert.equal(f.severity, 'warning');
    assert.match(f.evidence.content_type, /^text\/plain/);
  });
});

test('self-signed token endpoint without a pin: tls_error showing the certificate', { timeout: 150_000 }, async () => {
  const r = await runCase('tls');
  await check(r, () => {
    const step = assertFailed(r, { finding: 'tls_error', stepError: 'tls_error', exit: 3 });
    assert.ok(step.error.message.includes(fingerprint), 'the step error names the presented SHA-256');
    const f = r.doc.findings.find((x) => x.code === 'tls_error');
    assert.equal(f.evidence.certificate_sha256, fingerprint);
    assert.ok(f.evidence.certificate.some((l) => l.startsWith('Subject: ') && l.includes('CN=bad-server.test')));
    assert.ok(f.fix_steps.some((s) => s.includes('--pin-cert')), 'the fix says how to pin');
    const [x] = tokenRequests(r.doc, '/tls/token');
    assert.equal(x.transport_error, 'tls');
    assert.ok(x.tls_certificate.includes(`SHA-256: ${fingerprint}`));
    assert.equal(x.tls_trusted_by_pin, undefined);
  });
});

test('self-signed token endpoint with the right pin: succeeds, trust recorded', { timeout: 150_000 }, async () => {
  const r = await runCase('tls', '--pin-cert', fingerprint.replaceAll(':', '').toLowerCase());
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.equal(r.doc.outcome, 'succeeded');
    assert.ok(r.doc.tokens.access_token);
    const [x] = tokenRequests(r.doc, '/tls/token');
    assert.equal(x.response.status, 200);
    assert.equal(x.tls_trusted_by_pin, fingerprint, 'the exchange records the trust by pin');
    assert.deepEqual(r.doc.profile.pinned_cert_sha256, [fingerprint.replaceAll(':', '').toLowerCase()],
      'the session snapshot records the pin');
    assert.ok(r.doc.checks_disabled.includes('tls_chain_pinned'), 'the opt-in is listed with the relaxed checks');
  });
});

test('self-signed token endpoint with a wrong pin: tls_error', { timeout: 150_000 }, async () => {
  const wrong = `${fingerprint.slice(0, -2)}${fingerprint.endsWith('00') ? '11' : '00'}`;
  const r = await runCase('tls', '--pin-cert', wrong);
  await check(r, () => {
    assertFailed(r, { finding: 'tls_error', stepError: 'tls_error', exit: 3 });
    const [x] = tokenRequests(r.doc, '/tls/token');
    assert.ok(x.tls_errors.some((e) => /matches none of the 1 pinned/.test(e)), JSON.stringify(x.tls_errors));
    const f = r.doc.findings.find((y) => y.code === 'tls_error');
    assert.equal(f.evidence.certificate_sha256, fingerprint);
    assert.equal(f.evidence.pinned_cert_sha256.length, 1);
  });
});

test('a malformed --pin-cert is a usage error', { timeout: 60_000 }, async () => {
  const r = await runCase('ok', '--pin-cert', 'AB:CD');
  await check(r, () => {
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--pin-cert: .*4 hex digits instead of 64/);
  });
});
