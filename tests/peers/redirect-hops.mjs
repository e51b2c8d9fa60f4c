#!/usr/bin/env node
// A deliberately small authorization server for the CLI's follow mode (--browser follow): the
// authorization request goes through two redirect hops, the second of which needs a cookie set by
// the first, before landing on the client's redirect_uri. Its token endpoint checks the code, the
// PKCE S256 verifier and that redirect_uri is identical to the one sent to /authorize.
//
//   GET  /authorize?...   302 -> /hop1?tx=<id>
//   GET  /hop1?tx=<id>    Set-Cookie: wb_hop=<secret>; 302 -> /hop2?tx=<id>
//   GET  /hop2?tx=<id>    400 unless Cookie wb_hop=<secret>; else 302 -> redirect_uri?code=..&state=..
//   POST /token           authorization_code grant -> 200 JSON tokens, or 400 {"error":"invalid_grant"}
//
// A login inside a cross-site iframe (http://localhost:PORT inside http://127.0.0.1:PORT, so
// Chromium runs it out of process), for the captured browser mode:
//   GET  /authorize-framed?...       200 page with <iframe src="http://localhost:PORT/frame/start?tx=..">
//   GET  /frame/start?tx=<id>        302 -> /frame/login?tx=<id>                       (in the iframe)
//   GET  /frame/login?tx=<id>        200 a login form that submits itself              (in the iframe)
//   POST /frame/login?tx=<id>        302 -> /frame/welcome?tx=<id>                     (in the iframe)
//   GET  /frame/welcome?tx=<id>      200, posts "wb-frame-done" to the parent page     (in the iframe)
//   GET  /frame/done?tx=<id>         the parent navigates here: 302 -> redirect_uri?code=..&state=..
//   GET  /.well-known/oauth-authorization-server   RFC 8414 metadata (issuer = the base URL)
//
// Usage: node redirect-hops.mjs [port]    (or WB_HOPS_PORT; default 39556)
// Prints "READY <base url>" on stdout once listening; exits cleanly on SIGTERM / SIGINT.

import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import process from 'node:process';

const port = Number(process.argv[2] ?? process.env.WB_HOPS_PORT ?? 39556);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`redirect-hops.mjs: invalid port ${JSON.stringify(process.argv[2] ?? process.env.WB_HOPS_PORT)}`);
  process.exit(2);
}
const host = '127.0.0.1';
const base = `http://${host}:${port}`;
const CODE_TTL_MS = 60_000;

const transactions = new Map(); // tx id -> authorization request state
const codes = new Map(); // code -> { tx, issuedAt }
const token = () => randomBytes(24).toString('base64url');

function send(res, status, headers, body = '') {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}
function json(res, status, obj) {
  send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(obj));
}
function text(res, status, msg) {
  send(res, status, { 'Content-Type': 'text/plain; charset=utf-8' }, `${msg}\n`);
}
function redirect(res, location, extra = {}) {
  send(res, 302, { Location: location, ...extra });
}
function cookies(req) {
  const out = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

// Validates an authorization request and opens a transaction; undefined when it answered an error.
function openTransaction(res, q) {
  const redirectUri = q.get('redirect_uri');
  let target;
  try {
    target = new URL(redirectUri ?? '');
  } catch {
    return text(res, 400, 'invalid_request: redirect_uri missing or not a URL');
  }
  if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    return text(res, 400, 'invalid_request: redirect_uri must be a loopback http URL');
  }
  if (q.get('response_type') !== 'code') return text(res, 400, 'unsupported_response_type');
  if (!q.get('client_id')) return text(res, 400, 'invalid_request: client_id missing');
  const tx = token();
  transactions.set(tx, {
    clientId: q.get('client_id'),
    redirectUri,
    state: q.get('state'),
    codeChallenge: q.get('code_challenge'),
    codeChallengeMethod: q.get('code_challenge_method') ?? (q.get('code_challenge') ? 'plain' : null),
    cookie: token(),
    used: false,
  });
  return tx;
}

function authorize(res, q) {
  const tx = openTransaction(res, q);
  if (tx) redirect(res, `/hop1?tx=${tx}`);
}

function html(res, body) {
  send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, `<!doctype html><html><body>${body}</body></html>`);
}

function authorizeFramed(res, q) {
  const tx = openTransaction(res, q);
  if (!tx) return;
  html(res, `<h1>Sign in</h1><iframe src="http://localhost:${port}/frame/start?tx=${tx}"></iframe>
<script>addEventListener('message', (e) => {
  if (e.data === 'wb-frame-done') location.href = '/frame/done?tx=${tx}';
});</script>`);
}

function frame(res, q, method, pathname) {
  const tx = q.get('tx');
  const t = transactions.get(tx);
  if (!t) return text(res, 400, 'unknown transaction');
  if (pathname === '/frame/start') return redirect(res, `/frame/login?tx=${tx}`);
  if (pathname === '/frame/login' && method === 'GET') {
    return html(res, `<form method="post" action="/frame/login?tx=${tx}">
<input name="login" value="alice"><input type="password" name="password" value="frame-secret">
</form><script>document.forms[0].submit();</script>`);
  }
  if (pathname === '/frame/login' && method === 'POST') return redirect(res, `/frame/welcome?tx=${tx}`);
  if (pathname === '/frame/welcome') return html(res, `<p>Signed in.</p><script>parent.postMessage('wb-frame-done', '*');</script>`);
  if (pathname === '/frame/done') {
    const code = token();
    codes.set(code, { tx: t, issuedAt: Date.now() });
    const target = new URL(t.redirectUri);
    target.searchParams.set('code', code);
    if (t.state !== null) target.searchParams.set('state', t.state);
    return redirect(res, target.href);
  }
  return text(res, 404, 'not found');
}

function hop1(res, q) {
  const t = transactions.get(q.get('tx'));
  if (!t) return text(res, 400, 'unknown transaction');
  return redirect(res, `/hop2?tx=${q.get('tx')}`, {
    'Set-Cookie': `wb_hop=${t.cookie}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

function hop2(res, q, req) {
  const t = transactions.get(q.get('tx'));
  if (!t) return text(res, 400, 'unknown transaction');
  if (cookies(req).wb_hop !== t.cookie) return text(res, 400, 'cookie wb_hop missing or wrong: the client did not keep the cookie set by /hop1');
  const code = token();
  codes.set(code, { tx: t, issuedAt: Date.now() });
  const target = new URL(t.redirectUri);
  target.searchParams.set('code', code);
  if (t.state !== null) target.searchParams.set('state', t.state);
  return redirect(res, target.href);
}

function tokenEndpoint(res, form) {
  const fail = (description) => json(res, 400, { error: 'invalid_grant', error_description: description });
  if (form.get('grant_type') !== 'authorization_code') {
    return json(res, 400, { error: 'unsupported_grant_type' });
  }
  const entry = codes.get(form.get('code') ?? '');
  if (!entry) return fail('unknown authorization code');
  const t = entry.tx;
  if (t.used) return fail('authorization code already used');
  t.used = true;
  if (Date.now() - entry.issuedAt > CODE_TTL_MS) return fail('authorization code expired');
  if (form.get('redirect_uri') !== t.redirectUri) return fail('redirect_uri differs from the authorization request');
  const clientId = form.get('client_id');
  if (clientId !== null && clientId !== t.clientId) return fail('client_id differs from the authorization request');
  if (t.codeChallenge) {
    const verifier = form.get('code_verifier');
    if (!verifier) return fail('code_verifier missing');
    let expected;
    if (t.codeChallengeMethod === 'S256') expected = createHash('sha256').update(verifier).digest('base64url');
    else if (t.codeChallengeMethod === 'plain') expected = verifier;
    else return fail(`unsupported code_challenge_method ${t.codeChallengeMethod}`);
    if (expected !== t.codeChallenge) return fail('code_verifier does not match code_challenge');
  }
  return json(res, 200, {
    access_token: token(),
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: token(),
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, base);
  const chunks = [];
  let size = 0;
  req.on('data', (d) => {
    size += d.length;
    if (size > 64 * 1024) req.destroy();
    else chunks.push(d);
  });
  req.on('end', () => {
    try {
      if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
        return json(res, 200, {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          code_challenge_methods_supported: ['S256', 'plain'],
          token_endpoint_auth_methods_supported: ['none'],
        });
      }
      if (req.method === 'GET' && url.pathname === '/authorize') return authorize(res, url.searchParams);
      if (req.method === 'GET' && url.pathname === '/authorize-framed') return authorizeFramed(res, url.searchParams);
      if (url.pathname.startsWith('/frame/')) return frame(res, url.searchParams, req.method, url.pathname);
      if (req.method === 'GET' && url.pathname === '/hop1') return hop1(res, url.searchParams);
      if (req.method === 'GET' && url.pathname === '/hop2') return hop2(res, url.searchParams, req);
      if (url.pathname === '/token') {
        if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request', error_description: 'use POST' });
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/x-www-form-urlencoded') {
          return json(res, 400, { error: 'invalid_request', error_description: 'form-encoded body expected' });
        }
        return tokenEndpoint(res, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      }
      return text(res, 404, 'not found');
    } catch (err) {
      console.error('redirect-hops:', err);
      return text(res, 500, 'server error');
    }
  });
});

server.on('error', (err) => {
  console.error(`redirect-hops.mjs: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, host);
await once(server, 'listening');
console.log(`READY ${base}`);

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`redirect-hops.mjs: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
