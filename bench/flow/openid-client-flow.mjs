#!/usr/bin/env node
// The flow benchmark's reference client: the same flow as `oauth-workbench run --browser follow`
// followed by `oauth-workbench refresh`, done with panva's openid-client (from tests/peers):
// discovery, PKCE S256 + state + nonce, the authorization request followed redirect by redirect
// with a cookie jar (as a browser would) up to a loopback listener on the redirect URI, the code
// exchange with the callback checks, then one refresh. Exits 0 only when all of it succeeded.
//
// Usage: node openid-client-flow.mjs ISSUER [CLIENT_ID]

import { once } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const peersDir = process.env.WB_PEERS_DIR ?? path.join(here, '..', '..', 'tests', 'peers');
const requireFromPeers = createRequire(path.join(peersDir, 'package.json'));
const client = await import(pathToFileURL(requireFromPeers.resolve('openid-client')).href);

const [issuer, clientId = 'wb-bench'] = process.argv.slice(2);
if (!issuer) {
  console.error('usage: openid-client-flow.mjs ISSUER [CLIENT_ID]');
  process.exit(2);
}

// The loopback listener the browser would be sent to (RFC 8252): answers the callback and keeps
// the URL it arrived with.
let callbackUrl;
const listener = http.createServer((req, res) => {
  if (req.url.startsWith('/callback')) callbackUrl = new URL(req.url, redirectUri);
  res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
});
listener.listen(0, '127.0.0.1');
await once(listener, 'listening');
const redirectUri = `http://127.0.0.1:${listener.address().port}/callback`;

const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
  execute: [client.allowInsecureRequests],
});
const verifier = client.randomPKCECodeVerifier();
const challenge = await client.calculatePKCECodeChallenge(verifier);
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile email offline_access',
  prompt: 'consent', // oidc-provider keeps offline_access only with prompt=consent
  code_challenge: challenge,
  code_challenge_method: 'S256',
  state,
  nonce,
});

// Follow the front channel as a browser: one cookie jar (everything is on 127.0.0.1).
const jar = new Map();
let next = authorizationUrl.href;
for (let hop = 0; hop < 20 && !callbackUrl; hop++) {
  const headers = jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  const res = await fetch(next, { redirect: 'manual', headers });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  await res.arrayBuffer();
  const location = res.headers.get('location');
  if (!location) {
    if (!callbackUrl) throw new Error(`front channel stopped at ${next} with HTTP ${res.status}`);
    break;
  }
  next = new URL(location, next).href;
}
if (!callbackUrl) throw new Error('the redirect chain never reached the redirect URI');
listener.close();

const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
  pkceCodeVerifier: verifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
if (!tokens.refresh_token) throw new Error('no refresh_token in the token response');
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
if (!refreshed.access_token) throw new Error('no access_token in the refresh response');
console.log('ok');
