#!/usr/bin/env node
// The flow benchmark's authorization server: panva's oidc-provider (from tests/peers) on
// 127.0.0.1 that logs every request in as user "bench" and grants what was asked, without any
// page, so a client that follows redirects itself (`run --browser follow`, or the openid-client
// script) completes the flow. Both clients under comparison talk to this same server.
//
// Usage: node auto-idp.mjs [port]     (0 or none: an ephemeral port)
// Prints "READY <issuer>" on stdout once listening; exits on SIGTERM / SIGINT.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const peersDir = process.env.WB_PEERS_DIR ?? path.join(here, '..', '..', 'tests', 'peers');
const requireFromPeers = createRequire(path.join(peersDir, 'package.json'));
const { default: Provider } = await import(pathToFileURL(requireFromPeers.resolve('oidc-provider')).href);

const port = Number(process.argv[2] ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`auto-idp.mjs: invalid port ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}
const host = '127.0.0.1';
const ACCOUNT = 'bench';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'wb-bench', alg: 'RS256', use: 'sig' };

function configuration() {
  return {
    clients: [{
      client_id: 'wb-bench',
      application_type: 'native',
      // Loopback redirect URIs match on any port (RFC 8252 §7.3) for native clients.
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid profile email offline_access',
      token_endpoint_auth_method: 'none',
    }],
    responseTypes: ['code'],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    async findAccount(_ctx, sub) {
      return { accountId: sub, async claims() { return { sub, name: 'Bench User', email: 'bench@example.test' }; } };
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 86400, Grant: 86400, Interaction: 600, Session: 86400 },
  };
}

let provider;

// GET /interaction/:uid: log in as ACCOUNT, or grant every missing scope and claim, then redirect
// back to the authorization endpoint (303), exactly as a login page's form post would.
async function autoApprove(ctx) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session, grantId } = details;
  if (prompt.name === 'login') {
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: ACCOUNT } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details ?? {};
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const savedId = await grant.save();
  await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId: savedId } }, { mergeWithLastSubmission: true });
}

// The issuer needs the port, so listen first on a plain server and hand requests to the
// provider once it exists.

let callback = (_req, res) => { res.statusCode = 503; res.end(); };
const server = http.createServer((req, res) => callback(req, res));
server.listen(port, host);
server.on('error', (err) => {
  console.error(`auto-idp.mjs: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
await once(server, 'listening');
const issuer = `http://${host}:${server.address().port}`;
provider = new Provider(issuer, configuration());
provider.on('server_error', (_ctx, err) => console.error('auto-idp server_error:', err));
provider.use(async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path.startsWith('/interaction/')) {
    try {
      ctx.respond = false; // interactionFinished writes the 303 itself
      await autoApprove(ctx);
    } catch (err) {
      console.error('auto-idp interaction failed:', err);
      if (!ctx.res.headersSent) {
        ctx.res.statusCode = 500;
        ctx.res.end(`interaction failed: ${err.message}`);
      }
    }
    return;
  }
  await next();
});
callback = provider.callback();
console.log(`READY ${issuer}`);

function stop(signal) {
  console.error(`auto-idp.mjs: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
