// Self-test of the test rig, without oauth-workbench: proves that the peers behave as the CLI
// tests assume (a code flow against oidc-provider through Chromium works and can be exchanged,
// --deny and --tamper-state do what they say, PKCE is enforced, loopback ports are ignored,
// redirect-hops needs its cookie and checks PKCE). When a CLI test fails and this passes, look at
// the CLI first.
// fixtures: idp hops

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import path from 'node:path';
import process from 'node:process';
import { after, before, test } from 'node:test';

import { CLIENT_SECRET, env, formEncode } from './lib/workbench.mjs';

const TIMEOUT = { timeout: 120_000 };

// A minimal loopback "client": records every request it receives on an ephemeral port.
let catcher;
let catcherPort;
const caught = [];
before(async () => {
  catcher = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      caught.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('caught\n');
    });
  });
  catcher.listen(0, '127.0.0.1');
  await once(catcher, 'listening');
  catcherPort = catcher.address().port;
});
after(() => catcher?.close());

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizationUrl(clientId, { pkce, state = randomBytes(12).toString('base64url'), extra = {} } = {}) {
  const u = new URL(`${env.issuer}/auth`);
  const redirectUri = `http://127.0.0.1:${catcherPort}/callback`;
  u.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid offline_access',
    prompt: 'consent',
    state,
    ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  });
  return { url: u.href, redirectUri, state };
}

function runBrowser(url, ...options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(env.peersDir, 'browser-login.mjs'), ...options, url],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// Drives Chromium through the login; returns the callback's query parameters.
async function login(url, ...options) {
  const before = caught.length;
  const b = await runBrowser(url, ...options);
  assert.equal(b.code, 0, `browser-login.mjs failed:\n${b.stderr}`);
  const hits = caught.slice(before).filter((c) => c.url.startsWith('/callback'));
  assert.equal(hits.length, 1, `one callback hit, got ${JSON.stringify(caught.slice(before))}`);
  return new URL(hits[0].url, 'http://x').searchParams;
}

async function tokenRequest(form, headers = {}) {
  const res = await fetch(`${env.issuer}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

test('discovery advertises RFC 9207 iss and S256', async () => {
  const meta = await (await fetch(`${env.issuer}/.well-known/openid-configuration`)).json();
  assert.equal(meta.issuer, env.issuer);
  assert.equal(meta.authorization_response_iss_parameter_supported, true);
  assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
  assert.equal(meta.token_endpoint, `${env.issuer}/token`);
});

test('wb-public: Chromium login, code + iss on the callback, PKCE exchange, rotation', TIMEOUT, async () => {
  const pkce = pkcePair();
  const { url, redirectUri, state } = authorizationUrl('wb-public', { pkce });
  const cb = await login(url);
  assert.equal(cb.get('state'), state);
  assert.equal(cb.get('iss'), env.issuer);
  assert.ok(cb.get('code'));

  const wrong = await tokenRequest({ grant_type: 'authorization_code', code: cb.get('code'), client_id: 'wb-public',
    redirect_uri: redirectUri, code_verifier: pkcePair().verifier });
  assert.equal(wrong.status, 400, 'a wrong verifier is refused');
  assert.equal(wrong.body.error, 'invalid_grant');

  // A fresh code for the happy path (the failed attempt may have consumed the first one).
  const { url: url2, redirectUri: r2 } = authorizationUrl('wb-public', { pkce });
  const cb2 = await login(url2);
  const ok = await tokenRequest({ grant_type: 'authorization_code', code: cb2.get('code'), client_id: 'wb-public',
    redirect_uri: r2, code_verifier: pkce.verifier });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.ok(ok.body.access_token && ok.body.refresh_token && ok.body.id_token);

  const refreshed = await tokenRequest({ grant_type: 'refresh_token', client_id: 'wb-public', refresh_token: ok.body.refresh_token });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.notEqual(refreshed.body.refresh_token, ok.body.refresh_token, 'refresh token rotated');
  const reused = await tokenRequest({ grant_type: 'refresh_token', client_id: 'wb-public', refresh_token: ok.body.refresh_token });
  assert.equal(reused.status, 400);
  assert.equal(reused.body.error, 'invalid_grant', 'a rotated-out refresh token is refused');
});

test('wb-basic: RFC 6749 form-encoded Basic credentials work, raw ones do not', TIMEOUT, async () => {
  const pkce = pkcePair();
  const { url, redirectUri } = authorizationUrl('wb-basic', { pkce });
  const cb = await login(url);
  const form = { grant_type: 'authorization_code', code: cb.get('code'), redirect_uri: redirectUri, code_verifier: pkce.verifier };
  const raw = await tokenRequest(form, { Authorization: `Basic ${Buffer.from(`wb-basic:${CLIENT_SECRET}`).toString('base64')}` });
  assert.equal(raw.status, 400);
  assert.equal(raw.body.error, 'invalid_request', 'unencoded % in Basic credentials is refused');
  const encoded = await tokenRequest(form, { Authorization: `Basic ${Buffer.from(`wb-basic:${formEncode(CLIENT_SECRET)}`).toString('base64')}` });
  assert.equal(encoded.status, 200, JSON.stringify(encoded.body));
});

test('wb-post: client_secret_post; the loopback port is ignored (RFC 8252)', TIMEOUT, async () => {
  const { url, redirectUri } = authorizationUrl('wb-post');
  assert.notEqual(new URL(redirectUri).port, '', 'redirect_uri has a port the client did not register');
  const cb = await login(url);
  const res = await tokenRequest({ grant_type: 'authorization_code', code: cb.get('code'), redirect_uri: redirectUri,
    client_id: 'wb-post', client_secret: CLIENT_SECRET });
  assert.equal(res.status, 200, JSON.stringify(res.body));
});

test('PKCE is required for wb-public', TIMEOUT, async () => {
  const { url, state } = authorizationUrl('wb-public');
  const cb = await login(url);
  assert.equal(cb.get('error'), 'invalid_request');
  assert.match(cb.get('error_description'), /PKCE/);
  assert.equal(cb.get('state'), state);
});

test('--deny yields access_denied; --tamper-state changes the state', TIMEOUT, async () => {
  const denied = authorizationUrl('wb-public', { pkce: pkcePair() });
  const cb = await login(denied.url, '--deny');
  assert.equal(cb.get('error'), 'access_denied');
  assert.equal(cb.get('state'), denied.state);

  const tampered = authorizationUrl('wb-public', { pkce: pkcePair() });
  const cb2 = await login(tampered.url, '--tamper-state');
  assert.ok(cb2.get('code'));
  assert.ok(cb2.get('state'));
  assert.notEqual(cb2.get('state'), tampered.state);
});

test('form_post response mode reaches the loopback listener as a POST', TIMEOUT, async () => {
  const { url, state } = authorizationUrl('wb-public', { pkce: pkcePair(), extra: { response_mode: 'form_post' } });
  const before = caught.length;
  const b = await runBrowser(url);
  assert.equal(b.code, 0, b.stderr);
  const post = caught.slice(before).find((c) => c.method === 'POST' && c.url === '/callback');
  assert.ok(post, 'POST /callback received');
  const form = new URLSearchParams(post.body);
  assert.ok(form.get('code'));
  assert.equal(form.get('state'), state);
});

test('browser-login.mjs fails (non-zero) on an IdP error page', TIMEOUT, async () => {
  const { url } = authorizationUrl('wb-public', { pkce: pkcePair(), extra: { redirect_uri: 'http://127.0.0.1:9/not-registered' } });
  const b = await runBrowser(url, '--timeout', '30');
  assert.notEqual(b.code, 0);
  assert.match(b.stderr, /redirect_uri/);
});

test('redirect-hops: cookie needed at /hop2, PKCE and redirect_uri checked at /token', async () => {
  const pkce = pkcePair();
  const redirectUri = 'http://127.0.0.1:9/callback';
  const authorize = new URL(`${env.hopsUrl}/authorize`);
  authorize.search = new URLSearchParams({ response_type: 'code', client_id: 'c', redirect_uri: redirectUri, state: 'st-1',
    code_challenge: pkce.challenge, code_challenge_method: 'S256' });
  const get = (u, headers = {}) => fetch(u, { redirect: 'manual', headers });

  const a = await get(authorize);
  assert.equal(a.status, 302);
  const hop1 = new URL(a.headers.get('location'), env.hopsUrl);
  assert.equal(hop1.pathname, '/hop1');
  const h1 = await get(hop1);
  assert.equal(h1.status, 302);
  const cookie = h1.headers.get('set-cookie').split(';')[0];
  const hop2 = new URL(h1.headers.get('location'), env.hopsUrl);
  assert.equal((await get(hop2)).status, 400, '/hop2 without the cookie is refused');
  const h2 = await get(hop2, { Cookie: cookie });
  assert.equal(h2.status, 302);
  const back = new URL(h2.headers.get('location'));
  assert.equal(`${back.origin}${back.pathname}`, redirectUri);
  assert.equal(back.searchParams.get('state'), 'st-1');
  const code = back.searchParams.get('code');

  const token = (form) => fetch(`${env.hopsUrl}/token`, { method: 'POST', body: new URLSearchParams(form) });
  const mismatch = await token({ grant_type: 'authorization_code', code, redirect_uri: `${redirectUri}/`, code_verifier: pkce.verifier });
  assert.equal(mismatch.status, 400);
  assert.equal((await mismatch.json()).error, 'invalid_grant');

  // That attempt consumed the code; a new one for the happy path.
  const again = await get(authorize);
  const t1 = await get(new URL(again.headers.get('location'), env.hopsUrl));
  const t2 = await get(new URL(t1.headers.get('location'), env.hopsUrl), { Cookie: t1.headers.get('set-cookie').split(';')[0] });
  const code2 = new URL(t2.headers.get('location')).searchParams.get('code');
  const badVerifier = await token({ grant_type: 'authorization_code', code: code2, redirect_uri: redirectUri, code_verifier: pkcePair().verifier });
  assert.equal(badVerifier.status, 400);

  const again3 = await get(authorize);
  const u1 = await get(new URL(again3.headers.get('location'), env.hopsUrl));
  const u2 = await get(new URL(u1.headers.get('location'), env.hopsUrl), { Cookie: u1.headers.get('set-cookie').split(';')[0] });
  const code3 = new URL(u2.headers.get('location')).searchParams.get('code');
  const good = await token({ grant_type: 'authorization_code', code: code3, redirect_uri: redirectUri, code_verifier: pkce.verifier });
  assert.equal(good.status, 200);
  const body = await good.json();
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.expires_in, 3600);
  assert.ok(body.access_token && body.refresh_token);
  const reuse = await token({ grant_type: 'authorization_code', code: code3, redirect_uri: redirectUri, code_verifier: pkce.verifier });
  assert.equal(reuse.status, 400, 'codes are single-use');
});
