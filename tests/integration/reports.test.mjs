// Reports from real flows against oidc-provider: `run --save --no-redact` keeps the raw
// session, `oauth-workbench report` turns it into all five formats, and none of the raw
// secrets (client secret, code, verifier, access/refresh/ID tokens) survives redaction. The HAR
// is validated against the HAR 1.2 schema (har-validator), the Mermaid diagram is checked
// structurally, the HTML fetches nothing, and the cURL commands run as is against the IdP.
// fixtures: idp

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

import {
  CLIENT_SECRET, browserCommand, check, decodeBody, env, exchangesByRole, formParams, header, idpArgs,
  runWorkbench, scratchDir, secretSpellings, tokenRequests,
} from './lib/workbench.mjs';

const TIMEOUT = { timeout: 400_000 };
const FORMATS = { md: 'md', html: 'html', har: 'har', json: 'json', curl: 'sh' };
const dir = scratchDir('wb-reports-');
const harValidator = createRequire(path.join(env.peersDir, 'package.json'))('har-validator');

// Every raw secret of an unredacted session document, with a label for the failure message.
function rawSecrets(doc, clientId) {
  const secrets = new Map();
  const add = (label, v) => { if (v) secrets.set(label, v); };
  const [callback] = exchangesByRole(doc, 'callback');
  add('code', new URL(callback.url).searchParams.get('code'));
  const [tokenX] = tokenRequests(doc);
  add('code_verifier', formParams(tokenX).get('code_verifier'));
  add('access_token', doc.tokens.access_token);
  add('refresh_token', doc.tokens.refresh_token);
  add('id_token', doc.tokens.id_token);
  if (doc.tokens.id_token) add('id_token signature', doc.tokens.id_token.split('.')[2]);
  const auth = header(tokenX.request.headers, 'Authorization');
  if (auth) add('Authorization credentials', auth.split(' ')[1]);
  secretSpellings(clientId).forEach((s, i) => add(`client secret spelling ${i}`, s));
  return secrets;
}

function assertNoSecrets(text, secrets, what) {
  for (const [label, value] of secrets) {
    assert.equal(text.includes(value), false, `${what}: the raw ${label} leaked`);
    assert.equal(text.includes(encodeURIComponent(value)), false, `${what}: the percent-encoded ${label} leaked`);
  }
}

async function report(session, format, ...extra) {
  const out = path.join(dir, `${path.basename(session, '.json')}-${extra.join('') || 'std'}.${FORMATS[format]}`);
  const r = await runWorkbench(['report', session, '--format', format, '-o', out, ...extra], { label: `report-${format}` });
  await check(r, () => assert.equal(r.code, 0, 'report exit code'));
  return { text: readFileSync(out, 'utf8'), stderr: r.stderr };
}

// The ```mermaid block: participants declared, every arrow between declared participants.
function checkMermaid(md, { failing }) {
  const m = md.match(/\n```mermaid\n([\s\S]*?)\n```\n/);
  assert.ok(m, 'a mermaid block');
  const lines = m[1].split('\n');
  assert.equal(lines[0], 'sequenceDiagram');
  const declared = new Map();
  let arrows = 0;
  let failedNote = false;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let x;
    if ((x = line.match(/^participant (\w+) as (.+)$/))) {
      declared.set(x[1], x[2]);
    } else if ((x = line.match(/^(\w+)(->>|-->>|--x)(\w+): ([^;#\n]+)$/))) {
      assert.ok(declared.has(x[1]) && declared.has(x[3]), `arrow between declared participants: ${line}`);
      arrows += 1;
    } else if ((x = line.match(/^Note over (\w+)(?:,(\w+))?: (.+)$/))) {
      assert.ok(declared.has(x[1]) && (!x[2] || declared.has(x[2])), `note over declared participants: ${line}`);
      failedNote ||= x[3].startsWith('FAILED at');
    } else {
      assert.ok(/^rect rgb\(\d+, \d+, \d+\)$/.test(line) || line === 'end', `unexpected diagram line: ${line}`);
    }
  }
  assert.deepEqual([...declared.values()].sort(),
    ['Authorization server', 'Browser', 'Loopback listener', 'OAuth Workbench', 'Token endpoint']);
  assert.ok(arrows >= 6, `arrows for discovery, callback and token (${arrows})`);
  assert.equal(failedNote, failing, failing ? 'the failing step is marked' : 'nothing marked as failed');
  assert.equal(/--x/.test(m[1]), failing, 'a cross on the failing answer');
}

function checkHtml(html) {
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /<style>/);
  assert.doesNotMatch(html, /<script|<link|@import|url\(/i, 'no scripts, links, imports or CSS URLs');
  for (const [, attr, value] of html.matchAll(/\b(src|href)\s*=\s*["']?([^"'\s>]*)/gi)) {
    assert.ok(value.startsWith('#'), `${attr}="${value}" stays inside the page`);
  }
}

// The commands of a cURL report, one string each (comments dropped, continuations kept).
function curlCommands(script) {
  return script.split('\n\n').map((block) => block.split('\n').filter((l) => !l.startsWith('#')).join('\n'))
    .filter((c) => c.startsWith('curl '));
}

function runShell(command) {
  return spawnSync('bash', ['-c', `${command} --silent --show-error`], { encoding: 'utf8', timeout: 60_000 });
}

test('reports of a successful login: all formats, redacted, valid', TIMEOUT, async () => {
  const rawPath = path.join(dir, 'raw.json');
  const r = await runWorkbench(idpArgs('wb-post',
    '--client-secret-env', 'WB_TEST_CLIENT_SECRET', '--auth-method', 'client_secret_post',
    '--scope', 'openid profile offline_access', '--param', 'prompt=consent',
    '--browser-command', browserCommand(), '--no-redact', '--save', rawPath),
  { env: { WB_TEST_CLIENT_SECRET: CLIENT_SECRET }, label: 'raw-login' });
  await check(r, () => assert.equal(r.code, 0, 'the login succeeded'));
  const raw = JSON.parse(readFileSync(rawPath, 'utf8'));
  assert.equal(raw.redacted, false);
  const secrets = rawSecrets(raw, 'wb-post');
  for (const label of ['code', 'code_verifier', 'access_token', 'refresh_token', 'id_token']) {
    assert.ok(secrets.get(label), `the raw session has a ${label}`);
  }
  assert.equal(formParams(tokenRequests(raw)[0]).get('client_secret'), CLIENT_SECRET);
  // The raw file is really raw: the checks below would prove nothing otherwise.
  assert.ok(readFileSync(rawPath, 'utf8').includes(secrets.get('refresh_token')));

  const outputs = {};
  for (const format of Object.keys(FORMATS)) {
    const { text, stderr } = await report(rawPath, format);
    outputs[format] = text;
    assertNoSecrets(text, secrets, `${format} report`);
    assert.doesNotMatch(stderr, /WARNING/);
    assert.ok(/Redaction: standard/.test(text) || /"redaction": "standard"/.test(text), `${format} names its redaction`);
  }
  // Standard mode keeps the ID token's header and claims readable, full mode does not.
  const idTokenClear = secrets.get('id_token').split('.').slice(0, 2).join('.');
  assert.ok(outputs.json.includes(idTokenClear), 'standard: JWT header and claims readable');
  for (const format of Object.keys(FORMATS)) {
    const { text } = await report(rawPath, format, '--full-redaction');
    assertNoSecrets(text, secrets, `${format} report (full)`);
    assert.equal(text.includes(idTokenClear), false, `${format} (full): JWT header and claims hidden`);
  }

  // Markdown: findings first, a well-formed diagram, nothing failed.
  checkMermaid(outputs.md, { failing: false });
  assert.ok(outputs.md.indexOf('## Findings') < outputs.md.indexOf('## Sequence'));
  assert.match(outputs.md, /\| Client ID \| `wb-post` \|/);

  checkHtml(outputs.html);

  // HAR 1.2: valid against the schema, every exchange present, the callback included.
  const har = JSON.parse(outputs.har);
  await assert.doesNotReject(harValidator.har(har), 'valid HAR 1.2');
  assert.equal(har.log.entries.length, raw.exchanges.length, 'one entry per exchange');
  const cb = har.log.entries.find((e) => e._role === 'callback');
  assert.ok(cb, 'the loopback callback is an entry');
  assert.match(cb.request.queryString.find((q) => q.name === 'code').value, /^\[redacted \d+ chars/);
  const tokenEntry = har.log.entries.find((e) => e.request.method === 'POST' && e.request.url.endsWith('/token'));
  assert.ok(tokenEntry.request.postData.params.some((p) => p.name === 'grant_type' && p.value === 'authorization_code'));
  assert.equal(tokenEntry.response.status, 200);

  // JSON: the session file, reopenable (reporting it again works) and marked redacted.
  const json = JSON.parse(outputs.json);
  assert.equal(json.format, 'oauth-workbench-session');
  assert.equal(json.redacted, true);
  assert.equal(json.redaction, 'standard');
  const again = await report(path.join(dir, 'raw-std.json'), 'md');
  assertNoSecrets(again.text, secrets, 'report of the JSON report');

  // cURL: parses; the discovery command gets the live document; the token request is replayed
  // and the server answers it (the masked code is refused).
  const syntax = spawnSync('bash', ['-n'], { input: outputs.curl, encoding: 'utf8' });
  assert.equal(syntax.status, 0, `bash -n: ${syntax.stderr}`);
  const commands = curlCommands(outputs.curl);
  assert.ok(commands.length >= 2, 'discovery and token commands');
  const disco = runShell(commands.find((c) => c.includes('/.well-known/openid-configuration')));
  assert.equal(disco.status, 0, disco.stderr);
  assert.equal(JSON.parse(disco.stdout).issuer, env.issuer, 'the discovery command returns the live document');
  const token = runShell(commands.find((c) => /\/token'?(\s+\\)?$/.test(c.split('\n')[1].trim())));
  assert.equal(token.status, 0, token.stderr);
  assert.match(JSON.parse(token.stdout).error, /^invalid_(grant|request|client)$/, token.stdout);

  // --no-redact: an explicit opt-in, warned about, and the secrets are there.
  const open = await report(rawPath, 'md', '--no-redact');
  assert.match(open.stderr, /WARNING: --no-redact/);
  assert.ok(open.text.includes(secrets.get('refresh_token')));
  assert.match(open.text, /Redaction: NONE/);
});

test('run --report on a failing login: the failing step marked, the wrong secret redacted', TIMEOUT, async () => {
  const wrong = 'wrong-s3cret/+%value';
  const mdPath = path.join(dir, 'failed.md');
  const savedPath = path.join(dir, 'failed.json');
  const r = await runWorkbench(idpArgs('wb-basic',
    '--client-secret-env', 'WB_TEST_CLIENT_SECRET', '--auth-method', 'client_secret_basic',
    '--scope', 'openid', '--browser-command', browserCommand(), '--save', savedPath, '--report', mdPath),
  { env: { WB_TEST_CLIENT_SECRET: wrong }, label: 'failing-login' });
  await check(r, () => {
    assert.equal(r.code, 1, 'the flow failed at the token endpoint');
    assert.match(r.stdout + r.stderr, /Report \(md, redaction standard\) written to/);
  });
  const md = readFileSync(mdPath, 'utf8');
  checkMermaid(md, { failing: true });
  assert.match(md, /FAILED at s\d+ Token exchange: invalid_client/);
  assert.match(md, /^# OAuth Workbench report: .+ — FAILED$/m);
  assert.ok(md.indexOf('invalid') < md.indexOf('## Sequence'), 'the failure is among the findings, first');
  for (const s of [wrong, encodeURIComponent(wrong), Buffer.from(`wb-basic:${encodeURIComponent(wrong)}`).toString('base64')]) {
    assert.equal(md.includes(s), false, `the wrong secret (${s}) is redacted`);
  }
  const saved = JSON.parse(readFileSync(savedPath, 'utf8'));
  const code = new URL(exchangesByRole(saved, 'callback')[0].url).searchParams.get('code');
  assert.match(code, /^\[redacted/, 'the saved session is redacted too');
  assert.ok(decodeBody(tokenRequests(saved)[0].request).includes('code_verifier=%5Bredacted') ||
    decodeBody(tokenRequests(saved)[0].request).includes('code_verifier=[redacted'));

  // A report of the (already redacted) saved file, in HAR: valid, the 401 recorded.
  const { text } = await report(savedPath, 'har');
  const har = JSON.parse(text);
  await assert.doesNotReject(harValidator.har(har), 'valid HAR 1.2');
  assert.ok(har.log.entries.some((e) => e.response.status === 401 && e.request.url.endsWith('/token')));

  // Bad input gives a clear message, not a crash.
  const bad = await runWorkbench(['report', path.join(dir, 'failed.md')], { label: 'report-not-json' });
  await check(bad, () => {
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not JSON/);
  });
  const badFormat = await runWorkbench(['report', savedPath, '--format', 'pdf'], { label: 'report-bad-format' });
  await check(badFormat, () => {
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /unknown report format 'pdf'/);
  });
});
