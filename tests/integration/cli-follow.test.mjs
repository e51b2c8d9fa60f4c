// `oauth-workbench run --browser follow`: the CLI follows the authorization server's redirect
// chain itself (tests/peers/redirect-hops.mjs: /authorize -> /hop1 sets a cookie -> /hop2 needs
// it -> redirect_uri), then exchanges the code with PKCE.
// fixtures: hops

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  check, env, exchangesByRole, formParams, header, runWorkbench, stepsByKind, tokenRequests,
} from './lib/workbench.mjs';

test('follow mode walks two hops with a cookie and exchanges the code', { timeout: 120_000 }, async () => {
  const r = await runWorkbench(['run',
    '--authorization-endpoint', `${env.hopsUrl}/authorize`,
    '--token-endpoint', `${env.hopsUrl}/token`,
    '--client-id', 'wb-follow', '--auth-method', 'none', '--pkce', 'S256', '--scope', 'read',
    '--browser', 'follow', '--json', '--timeout', '60'], { label: 'follow' });
  await check(r, () => {
    assert.equal(r.code, 0, 'exit code');
    assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
    const { doc } = r;
    assert.equal(doc.outcome, 'succeeded');

    const front = exchangesByRole(doc, 'front_channel');
    const paths = front.map((x) => new URL(x.url).pathname);
    assert.ok(front.length >= 3, `at least 3 front-channel exchanges, got ${paths.join(', ')}`);
    const at = (p) => front.find((x) => new URL(x.url).pathname === p);
    for (const p of ['/authorize', '/hop1', '/hop2']) assert.ok(at(p), `front-channel exchange for ${p}`);
    for (const p of ['/authorize', '/hop1', '/hop2']) assert.equal(at(p).response.status, 302, `${p} answered 302`);
    assert.ok(paths.indexOf('/authorize') < paths.indexOf('/hop1') && paths.indexOf('/hop1') < paths.indexOf('/hop2'),
      `hops recorded in order: ${paths.join(', ')}`);
    assert.match(header(at('/hop1').response.headers, 'Set-Cookie') ?? '', /^wb_hop=/, '/hop1 set the cookie');
    assert.ok(header(at('/hop2').request.headers, 'Cookie'), 'the /hop2 request carried a Cookie header');
    assert.match(header(at('/hop2').response.headers, 'Location') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback\?/);

    const callbacks = exchangesByRole(doc, 'callback');
    assert.equal(callbacks.length, 1, 'exactly one callback exchange');
    assert.ok(callbacks[0].url.startsWith(`${doc.redirect_uri}?`));

    const [tokenX, ...more] = tokenRequests(doc);
    assert.ok(tokenX, 'token request sent');
    assert.equal(more.length, 0);
    assert.equal(tokenX.response.status, 200);
    const form = formParams(tokenX);
    assert.equal(form.get('redirect_uri'), doc.redirect_uri);
    assert.ok(form.get('code_verifier'), 'PKCE verifier sent (the peer checks it against S256)');
    assert.equal(stepsByKind(doc, 'token_exchange')[0]?.status, 'succeeded');
    assert.ok(doc.tokens?.access_token, 'access token');
    assert.ok(doc.tokens?.refresh_token, 'refresh token');
  });
});
