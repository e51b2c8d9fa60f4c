// The sandbox's refresh faults through the real verbs: a standalone `oauth-workbench sandbox`
// (auto-approve, one fault), a profile pointing at it, `run --profile` in follow mode (tokens land
// in the real Secret Service), then `refresh`: each fault must fail the refresh the way that fault
// should, with the diagnosis naming it. Then a refresh whose token endpoint (tests/peers/bad-server.mjs)
// answers 5 MB: response_too_large and the same exit code as `run` against that endpoint. Runs
// under run-with-keyring.sh.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import process from 'node:process';
import { after, test } from 'node:test';

import { startBadServer } from '../lib/workbench.mjs';
import { cli, describe } from './lib.mjs';

const app = () => process.env.OAUTH_WORKBENCH;
const sandboxes = [];
after(() => sandboxes.forEach((p) => p.kill('SIGTERM')));

// Starts `oauth-workbench sandbox` (with `fault` when given) and resolves with its issuer once it
// prints it.
function startSandbox(fault) {
  return new Promise((resolve, reject) => {
    const faultArgs = fault ? ['--fault', fault] : [];
    const child = spawn(app(), ['sandbox', '--auto-approve', ...faultArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    sandboxes.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Issuer:\s+(\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}:\n${out}`)));
  });
}

async function loggedInProfile(name, fault) {
  const issuer = await startSandbox(fault);
  const add = cli(['profile', 'add', name, '--issuer', issuer, '--client-id', 'sandbox-public',
    '--scope', 'openid offline_access', '--browser', 'follow', '--timeout', '60']);
  assert.equal(add.code, 0, describe(add));
  const login = cli(['run', '--profile', name]);
  assert.equal(login.code, 0, describe(login));
  return issuer;
}

function refresh(name, ...extra) {
  const r = cli(['refresh', '--profile', name, '--json', ...extra]);
  let doc;
  assert.doesNotThrow(() => { doc = JSON.parse(r.stdout); }, describe(r));
  return { r, doc };
}

test('refresh_expired: the refresh fails with invalid_grant and the grant is called dead', async () => {
  await loggedInProfile('sbx-expired', 'refresh_expired');
  const { r, doc } = refresh('sbx-expired');
  assert.equal(r.code, 1, describe(r));
  assert.equal(doc.error.protocol.error, 'invalid_grant', describe(r));
  assert.match(doc.error.protocol.error_description, /expired/i);
  const f = doc.findings.find((x) => x.code === 'invalid_grant_refresh_revoked_or_expired');
  assert.ok(f, JSON.stringify(doc.findings.map((x) => x.code)));
  assert.equal(f.triage, 'reauth');
});

test('refresh_rotation_reuse: reuse is detected, invalid_grant, and re-authorization is advised', async () => {
  await loggedInProfile('sbx-reuse', 'refresh_rotation_reuse');
  const { r, doc } = refresh('sbx-reuse');
  assert.equal(r.code, 1, describe(r));
  assert.equal(doc.error.protocol.error, 'invalid_grant', describe(r));
  const codes = doc.findings.map((x) => x.code);
  assert.match(doc.error.protocol.error_description, /already used/);
  assert.ok(codes.includes('invalid_grant_refresh_rotated'), JSON.stringify(codes));
  assert.ok(doc.findings.every((x) => x.severity !== 'error' || x.triage === 'reauth'), JSON.stringify(doc.findings));
});

test('a refresh answered with 5 MB: response_too_large, and the same exit code as run', async () => {
  const { child, httpBase: badBase } = await startBadServer();
  sandboxes.push(child);
  await loggedInProfile('sbx-oversized');
  const { r, doc } = refresh('sbx-oversized', '--endpoint', `${badBase}/huge/token`);
  assert.equal(doc.outcome, 'failed', describe(r));
  assert.equal(doc.error.code, 'response_too_large', describe(r));
  const [x] = doc.exchanges.filter((e) => e.role === 'back_channel');
  assert.equal(x.transport_error, 'too_large', JSON.stringify(x.transport_error));
  assert.equal(x.response.truncated, true, 'marked as cut');
  const codes = doc.findings.map((f) => f.code);
  assert.ok(codes.includes('response_too_large'), JSON.stringify(codes));
  assert.ok(!codes.includes('network_error'), JSON.stringify(codes));

  // The same oversized token answer at the end of a login.
  const run = cli(['run', '--issuer', `${badBase}/huge`, '--client-id', 'wb-bad', '--auth-method', 'none',
    '--scope', 'profile', '--browser', 'follow', '--json', '--timeout', '60']);
  let runDoc;
  assert.doesNotThrow(() => { runDoc = JSON.parse(run.stdout); }, describe(run));
  assert.equal(runDoc.error.code, 'response_too_large', describe(run));
  assert.equal(r.code, run.code, `refresh exits ${r.code}, run exits ${run.code}`);
  assert.equal(r.code, 1, 'an HTTP failure, not a network one (3)');
});
