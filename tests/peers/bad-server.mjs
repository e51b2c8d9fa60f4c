#!/usr/bin/env node
// A misbehaving authorization server: sane discovery and an auto-approving authorize endpoint
// (for the CLI's --browser follow mode), but a token endpoint that answers badly, one way per
// "case". Each case is its own issuer under a path prefix, so one process serves them all:
//
//   issuer http://127.0.0.1:P/<case>
//   GET  /<case>/.well-known/openid-configuration   metadata (token_endpoint per case)
//   GET  /<case>/authorize?...                      302 -> redirect_uri?code=..&state=..&iss=..
//   POST /<case>/token                              the bad answer:
//     html        200 text/html login page
//     truncated   200 application/json, a JSON document cut in the middle (Content-Length matches)
//     huge        200 application/json, 5 MB of JSON (a valid token response padded)
//     hang        reads the request and never answers (the socket stays open)
//     reset       resets the TCP connection (RST) as soon as the request arrives
//     text-plain  200 text/plain carrying a valid JSON token response
//     tls         token_endpoint is https://127.0.0.1:P2/tls/token with a self-signed
//                 certificate generated at start (openssl, in a temporary directory); answers a
//                 valid JSON token response to whoever gets through the TLS handshake
//     ok          200 application/json, a valid token response (the control case)
//
// Usage: node bad-server.mjs [port]   (0 = ephemeral, the default). The HTTPS port is ephemeral.
// Prints "READY <http base> <https base> <SHA-256 of the certificate, AB:CD:...>" on stdout once
// listening; exits cleanly on SIGTERM / SIGINT and removes the certificate directory.

import { execFileSync } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';

const port = Number(process.argv[2] ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`bad-server.mjs: invalid port ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}
const host = '127.0.0.1';
const CASES = ['html', 'truncated', 'huge', 'hang', 'reset', 'text-plain', 'tls', 'ok'];
const HUGE_BYTES = 5 * 1024 * 1024;

// A throwaway self-signed certificate: the key never leaves the temporary directory.
const certDir = mkdtempSync(path.join(tmpdir(), 'wb-bad-server-'));
const keyFile = path.join(certDir, 'key.pem');
const certFile = path.join(certDir, 'cert.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=bad-server.test/O=OAuth Workbench tests',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: ['ignore', 'ignore', 'pipe'] });
const cert = readFileSync(certFile);
const key = readFileSync(keyFile);
rmSync(certDir, { recursive: true, force: true });
const fingerprint = new X509Certificate(cert).fingerprint256;

const held = new Set(); // sockets of the "hang" case, destroyed on exit

function tokenJson() {
  return {
    access_token: randomBytes(24).toString('base64url'),
    token_type: 'Bearer',
    expires_in: 3600,
    scope: 'profile',
  };
}

function send(res, status, headers, body = '') {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve) => {
    let size = 0;
    req.on('data', (d) => { size += d.length; });
    req.on('end', () => resolve(size));
    req.on('error', () => resolve(size));
  });
}

let httpBase;
let httpsBase;

function metadata(name) {
  const issuer = `${httpBase}/${name}`;
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: name === 'tls' ? `${httpsBase}/tls/token` : `${issuer}/token`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    authorization_response_iss_parameter_supported: true,
  };
}

async function token(name, req, res) {
  await readBody(req);
  switch (name) {
    case 'html':
      return send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' },
        '<!doctype html><html><head><title>Sign in - Corporate Portal</title></head><body><form>Please sign in</form></body></html>');
    case 'truncated': {
      const full = JSON.stringify(tokenJson());
      return send(res, 200, { 'Content-Type': 'application/json' }, full.slice(0, Math.floor(full.length / 2)));
    }
    case 'huge': {
      const head = JSON.stringify(tokenJson()).slice(0, -1) + ',"padding":"';
      const tail = '"}';
      const pad = HUGE_BYTES - head.length - tail.length;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(HUGE_BYTES) });
      res.write(head);
      const chunk = 'x'.repeat(64 * 1024);
      let left = pad;
      while (left > 0) {
        const part = left >= chunk.length ? chunk : chunk.slice(0, left);
        left -= part.length;
        if (!res.write(part)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (res.destroyed) return undefined;
      }
      return res.end(tail);
    }
    case 'hang':
      held.add(req.socket);
      req.socket.on('close', () => held.delete(req.socket));
      return undefined; // never answers
    case 'reset':
      return req.socket.resetAndDestroy();
    case 'text-plain':
      return send(res, 200, { 'Content-Type': 'text/plain; charset=utf-8' }, JSON.stringify(tokenJson()));
    case 'tls':
    case 'ok':
      return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(tokenJson()));
    default:
      return send(res, 404, { 'Content-Type': 'application/json' }, '{"error":"not_found"}');
  }
}

function route(req, res) {
  const url = new URL(req.url, httpBase);
  const [, name, ...rest] = url.pathname.split('/');
  const sub = `/${rest.join('/')}`;
  if (!CASES.includes(name)) {
    return send(res, 404, { 'Content-Type': 'text/plain' }, `unknown case; one of ${CASES.join(', ')}\n`);
  }
  if (req.method === 'GET' && sub === '/.well-known/openid-configuration') {
    return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(metadata(name)));
  }
  if (req.method === 'GET' && sub === '/authorize') {
    const redirect = url.searchParams.get('redirect_uri');
    if (!redirect) return send(res, 400, { 'Content-Type': 'text/plain' }, 'redirect_uri missing\n');
    const target = new URL(redirect);
    target.searchParams.set('code', randomBytes(16).toString('base64url'));
    const state = url.searchParams.get('state');
    if (state !== null) target.searchParams.set('state', state);
    target.searchParams.set('iss', `${httpBase}/${name}`);
    return send(res, 302, { Location: target.toString() });
  }
  if (req.method === 'POST' && sub === '/token') {
    return token(name, req, res).catch((err) => {
      console.error(`bad-server.mjs: ${name}: ${err.message}`);
      res.destroy();
    });
  }
  return send(res, 404, { 'Content-Type': 'text/plain' }, 'not found\n');
}

const server = http.createServer(route);
const tlsServer = https.createServer({ cert, key }, route);
for (const s of [server, tlsServer]) {
  s.on('error', (err) => {
    console.error(`bad-server.mjs: ${err.message}`);
    process.exit(1);
  });
  s.on('clientError', (_err, socket) => socket.destroy());
}
server.listen(port, host);
tlsServer.listen(0, host);
await Promise.all([once(server, 'listening'), once(tlsServer, 'listening')]);
httpBase = `http://${host}:${server.address().port}`;
httpsBase = `https://${host}:${tlsServer.address().port}`;
console.log(`READY ${httpBase} ${httpsBase} ${fingerprint}`);

function shutdown() {
  for (const s of held) s.destroy();
  server.close();
  tlsServer.close();
  server.closeAllConnections?.();
  tlsServer.closeAllConnections?.();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
