#!/usr/bin/env node
// A real OpenID Provider for the integration tests: panva's oidc-provider on 127.0.0.1 with dev
// interactions (any login / any password, then a consent page) and three native clients that
// differ only in how they authenticate at the token endpoint.
//
// Usage: node idp.mjs [port]        (or WB_IDP_PORT; default 39555)
// Prints "READY <issuer>" on stdout once listening; exits cleanly on SIGTERM / SIGINT.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import process from 'node:process';

import Provider from 'oidc-provider';

const CLIENT_SECRET = 's3cr:t/+%pass';

const port = Number(process.argv[2] ?? process.env.WB_IDP_PORT ?? 39555);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`idp.mjs: invalid port ${JSON.stringify(process.argv[2] ?? process.env.WB_IDP_PORT)}`);
  process.exit(2);
}
const host = '127.0.0.1';
const issuer = `http://${host}:${port}`;

// Native clients: loopback redirect URIs match on any port (RFC 8252 §7.3); oidc-provider 9
// strips the port of http loopback URIs for application_type "native" before comparing.
const redirectUris = [
  'http://127.0.0.1/callback',
  'http://[::1]/callback',
  'http://localhost/callback',
];
const common = {
  application_type: 'native',
  redirect_uris: redirectUris,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scope: 'openid profile email offline_access',
};

// A fresh signing key per run: nothing secret is committed, and the dev-key warning goes away.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'wb-test', alg: 'RS256', use: 'sig' };

const configuration = {
  clients: [
    { ...common, client_id: 'wb-public', token_endpoint_auth_method: 'none' },
    { ...common, client_id: 'wb-basic', client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic' },
    { ...common, client_id: 'wb-post', client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_post' },
    // Never rotates, and leaves refresh_token out of refresh responses (as Google does): for the
    // "merge, don't replace" and all_succeeded race tests.
    { ...common, client_id: 'wb-norotate', client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic' },
  ],
  responseTypes: ['code'],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },
  // Dev interactions accept any login; answer the profile/email claims from it.
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          name: `Test User ${sub}`,
          preferred_username: sub,
          email: `${sub}@example.test`,
          email_verified: true,
        };
      },
    };
  },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
  },
  // PKCE (S256 only in oidc-provider 9) is mandatory for every public client; be explicit so a
  // change of the library default cannot silently turn the "PKCE enforced" test into a no-op.
  pkce: {
    required: (_ctx, client) => client.clientAuthMethod === 'none',
  },
  // Rotate refresh tokens (each refresh returns a new one and consumes the old one; reusing a
  // consumed one revokes the whole grant) for every client except wb-norotate.
  rotateRefreshToken: (ctx) => ctx.oidc.client?.clientId !== 'wb-norotate',
  // Refresh tokens are issued when offline_access survives the authorization request. Note that
  // oidc-provider (per OIDC Core §11) drops offline_access unless the request has prompt=consent.
  issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    RefreshToken: 86400,
    Grant: 86400,
    Interaction: 600,
    Session: 86400,
  },
  renderError(ctx, out, _error) {
    ctx.type = 'html';
    const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    ctx.body = `<!DOCTYPE html><title>oidc-provider error</title><h1>${esc(out.error)}</h1><p id="error_description">${esc(out.error_description ?? '')}</p>`;
  },
};

const provider = new Provider(issuer, configuration);
provider.on('server_error', (_ctx, err) => console.error('idp server_error:', err));
if (process.env.WB_IDP_DEBUG) {
  for (const ev of ['authorization.error', 'grant.error', 'backchannel.error']) {
    provider.on(ev, (_ctx, err) => console.error(`idp ${ev}:`, err?.message, err?.error_description ?? ''));
  }
}

// wb-norotate: drop refresh_token from refresh_token grant responses (the client keeps its own).
provider.use(async (ctx, next) => {
  await next();
  if (ctx.oidc?.route === 'token' && ctx.oidc.client?.clientId === 'wb-norotate'
      && ctx.oidc.params?.grant_type === 'refresh_token' && ctx.body && typeof ctx.body === 'object') {
    delete ctx.body.refresh_token;
  }
});

const server = provider.listen(port, host);
server.on('error', (err) => {
  console.error(`idp.mjs: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
await once(server, 'listening');
console.log(`READY ${issuer}`);

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`idp.mjs: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
