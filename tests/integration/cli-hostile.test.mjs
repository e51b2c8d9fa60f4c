// `oauth-workbench run` while tests/peers/browser-login.mjs --hostile attacks the loopback
// listener (malformed requests, 100 idle connections, 100 KB header, 10 MB POST, foreign Host on
// the redirect path, invalid UTF-8, slowloris) before and during a real login against
// oidc-provider. The flow must still succeed, with the junk recorded as stray exchanges.
// fixtures: idp

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  browserCommand, check, env, exchangesByRole, header, runWorkbench, tokenRequests,
} from './lib/workbench.mjs';

test('a hostile local client cannot break or hijack the callback', { timeout: 240_000 }, async () => {
  // The attacks take up to ~30 s before Chromium even starts: give both timeouts more room.
  const r = await runWorkbench(['run', '--issuer', env.issuer, '--client-id', 'wb-public', '--auth-method', 'none',
    '--json', '--timeout', '150', '--browser-command', browserCommand('--hostile', '--timeout', '120')],
  { label: 'hostile', timeoutMs: 190_000 });
  await check(r, () => {
    assert.equal(r.code, 0, 'exit code');
    assert.ok(r.doc, `stdout is one valid JSON document despite invalid UTF-8 on the wire (${r.docError})`);
    const { doc } = r;
    assert.equal(doc.outcome, 'succeeded');

    const strays = exchangesByRole(doc, 'stray');
    assert.ok(strays.length >= 5, `several stray exchanges recorded (got ${strays.length})`);
    assert.ok(strays.some((x) => x.transport_error === 'malformed'), 'malformed requests recorded as such');
    assert.ok(strays.some((x) => x.transport_error === 'too_large'), 'the 100 KB header / 10 MB body recorded as too large');
    const forged = doc.exchanges.filter((x) => x.url.includes('forged-by-hostile'));
    assert.equal(forged.length, 1, 'the foreign-Host request on the redirect path was recorded');
    assert.equal(forged[0].role, 'stray', 'foreign Host (DNS rebinding) is not a callback');
    assert.ok(forged[0].response.status >= 400 && forged[0].response.status < 500, `refused (${forged[0].response.status})`);

    const callbacks = exchangesByRole(doc, 'callback');
    assert.equal(callbacks.length, 1, 'exactly one callback: the real one');
    const [callback] = callbacks;
    assert.match(header(callback.request.headers, 'Host') ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal(new URL(callback.url).searchParams.get('state') === 'forged-by-hostile', false,
      'the forged foreign-Host callback was not taken as the callback');

    const [tokenX] = tokenRequests(doc);
    assert.equal(tokenX?.response?.status, 200, 'token exchange succeeded');
    assert.ok(doc.tokens?.access_token);
  });
});
