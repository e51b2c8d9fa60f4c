// `oauth-workbench run` while tests/peers/browser-login.mjs --hostile attacks the loopback
// listener (500 malformed requests, 200 idle connections, 100 KB header, 10 MB POST, foreign Host
// on the redirect path, invalid UTF-8, slowloris) before and during a real login against
// oidc-provider. The flow must still succeed, with the junk recorded as stray exchanges, and the
// workbench's memory (VmRSS sampled by the attacker from /proc) must stay within a generous bound.
// fixtures: idp

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  browserCommand, check, env, exchangesByRole, header, runWorkbench, scratchDir, tokenRequests,
} from './lib/workbench.mjs';

// Growth of the workbench's resident memory during the attack that counts as unbounded.
const MAX_GROWTH_KB = 100 * 1024;

test('a hostile local client cannot break or hijack the callback', { timeout: 480_000 }, async () => {
  // The attacks take a while before Chromium even starts on a busy machine: give the timeouts room.
  const reportFile = path.join(scratchDir('wb-hostile-'), 'report.json');
  const r = await runWorkbench(['run', '--issuer', env.issuer, '--client-id', 'wb-public', '--auth-method', 'none',
    '--json', '--timeout', '360', '--browser-command', browserCommand('--hostile', '--timeout', '330')],
  { label: 'hostile', timeoutMs: 420_000, env: { WB_HOSTILE_REPORT: reportFile } });
  await check(r, () => {
    const summary = JSON.parse(readFileSync(reportFile, 'utf8'));
    assert.equal(summary.malformed, 500, 'all 500 malformed requests were sent');
    assert.equal(summary.idleRequested, 200);
    assert.ok(summary.idleConnected >= 190, `the idle connections were accepted by the kernel (${summary.idleConnected})`);
    assert.ok(summary.memory, 'the attacker found the workbench process to watch');
    assert.ok(summary.memory.alive, 'the workbench was alive after the attack');
    const growth = summary.memory.maxRssKb - summary.memory.baselineRssKb;
    assert.ok(growth < MAX_GROWTH_KB,
      `VmRSS grew by ${growth} kB during the attack (bound ${MAX_GROWTH_KB} kB): ${summary.report.at(-1)}`);

    assert.equal(r.code, 0, 'exit code');
    assert.ok(r.doc, `stdout is one valid JSON document despite invalid UTF-8 on the wire (${r.docError})`);
    const { doc } = r;
    assert.equal(doc.outcome, 'succeeded');

    const strays = exchangesByRole(doc, 'stray');
    assert.ok(strays.length >= 400, `the malformed requests were recorded as strays (got ${strays.length})`);
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
