// `oauth-workbench run --browser captured`: the workbench launches Debian's Chromium headless with a
// temporary profile, drives it over the DevTools protocol and records every top-level hop of the
// login as a front-channel exchange under the browser step; the hop to the redirect_uri is joined
// to the loopback listener's callback exchange.
// (a) tests/peers/redirect-hops.mjs: /authorize -> /hop1 (sets a cookie) -> /hop2 -> redirect_uri.
// (b) oidc-provider: tests/peers/login-over-cdp.mjs attaches to the same browser through the
//     "DevTools: http://127.0.0.1:PORT" line the CLI prints and logs in.
// fixtures: hops idp

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { test } from 'node:test';

import {
  check, decodeBody, env, exchangesByRole, header, runWorkbench, scratchDir, stepsByKind, tokenRequests,
  xdgEnv,
} from './lib/workbench.mjs';

const CHROMIUM = process.env.WB_CHROMIUM || '/usr/bin/chromium';
const captured = ['--browser', 'captured', '--headless-browser', '--browser-path', CHROMIUM];
const pathOf = (url) => new URL(url).pathname;

function browserStep(doc) {
  const [step] = stepsByKind(doc, 'browser');
  assert.ok(step, 'a browser step');
  return step;
}

// The front-channel exchanges the browser step holds, in order.
function chain(doc) {
  const step = browserStep(doc);
  return step.exchange_ids.map((id) => doc.exchanges.find((x) => x.id === id))
    .filter((x) => x && x.role === 'front_channel');
}

test('captured mode records every redirect hop with status and Location', { timeout: 180_000 }, async () => {
  const har = path.join(scratchDir('wb-captured-'), 'session.har');
  const r = await runWorkbench(['run', '--report', har,
    '--authorization-endpoint', `${env.hopsUrl}/authorize`,
    '--token-endpoint', `${env.hopsUrl}/token`,
    '--client-id', 'wb-captured', '--auth-method', 'none', '--pkce', 'S256', '--scope', 'read',
    ...captured, '--json', '--timeout', '90'], { label: 'captured-hops' });
  await check(r, () => {
    assert.equal(r.code, 0, 'exit code');
    assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
    const { doc } = r;
    assert.equal(doc.outcome, 'succeeded');
    assert.match(r.stderr, /^DevTools: http:\/\/127\.0\.0\.1:\d+$/m, 'the DevTools endpoint is printed');

    const step = browserStep(doc);
    assert.equal(step.status, 'succeeded', `browser step: ${step.summary}`);
    assert.equal(step.details.mode, 'captured');
    assert.equal(step.details.headless, true);

    const hops = chain(doc);
    const paths = hops.map((x) => pathOf(x.url));
    assert.deepEqual(paths, ['/authorize', '/hop1', '/hop2'], 'the chain, in order');
    for (const x of hops) {
      assert.equal(x.response.status, 302, `${pathOf(x.url)} answered 302`);
      assert.ok(header(x.response.headers, 'Location'), `${pathOf(x.url)} has a Location`);
    }
    assert.equal(pathOf(new URL(header(hops[0].response.headers, 'Location'), hops[0].url).href), '/hop1');
    assert.match(header(hops[1].response.headers, 'Set-Cookie') ?? '', /^wb_hop=/, 'raw Set-Cookie of /hop1');
    assert.match(header(hops[2].request.headers, 'Cookie') ?? '', /wb_hop=/, 'the browser sent the cookie to /hop2');
    assert.ok(header(hops[2].response.headers, 'Location').startsWith(`${doc.redirect_uri}?`));

    // The details list the same hops with status and Location; the last one is the callback.
    const detailHops = step.details.hops;
    assert.deepEqual(detailHops.map((h) => pathOf(h.url)), ['/authorize', '/hop1', '/hop2', pathOf(doc.redirect_uri)]);
    for (const h of detailHops.slice(0, 3)) {
      assert.equal(h.status, 302);
      assert.ok(h.location, `location of ${h.url}`);
    }
    const callbacks = exchangesByRole(doc, 'callback');
    assert.equal(callbacks.length, 1, 'exactly one callback exchange (recorded by the listener, not copied)');
    assert.equal(detailHops[3].callback, true);
    assert.equal(detailHops[3].exchange, callbacks[0].id, 'the final hop is joined to the callback');
    assert.equal(step.details.callback_exchange, callbacks[0].id);

    // The temporary profile is gone.
    assert.equal(step.details.profile_deleted, true);
    assert.ok(step.details.profile_dir, 'profile dir recorded');
    assert.equal(existsSync(step.details.profile_dir), false, `${step.details.profile_dir} deleted`);

    const [tokenX] = tokenRequests(doc);
    assert.equal(tokenX?.response.status, 200, 'the code was exchanged');
    assert.ok(doc.tokens?.access_token);

    // The captured hops are in the HAR export like any other exchange.
    const entries = JSON.parse(readFileSync(har, 'utf8')).log.entries;
    for (const p of ['/authorize', '/hop1', '/hop2']) {
      const e = entries.find((x) => pathOf(x.request.url) === p);
      assert.ok(e, `HAR entry for ${p}`);
      assert.equal(e.response.status, 302);
      assert.ok(e.response.headers.some((h) => h.name.toLowerCase() === 'location'), `${p} Location in HAR`);
    }
  });
});

// Runs the workbench, and once it prints its DevTools endpoint, login-over-cdp.mjs against it.
function runWithCdpLogin(args, loginOptions = []) {
  const home = scratchDir('wb-it-');
  const childEnv = { ...process.env, ...xdgEnv(home) };
  return new Promise((resolve, reject) => {
    const child = spawn(env.workbench, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let stderr = '';
    let login;
    let loginLog = '';
    let loginCode;
    const loginDone = new Promise((res) => { loginCode = res; });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      stderr += d.toString('utf8');
      const m = /^DevTools: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stderr);
      if (m && !login) {
        login = spawn(process.execPath, [path.join(env.peersDir, 'login-over-cdp.mjs'), '--timeout', '60', ...loginOptions, m[1]],
          { stdio: ['ignore', 'ignore', 'pipe'] });
        login.stderr.on('data', (e) => { loginLog += e.toString('utf8'); });
        login.on('close', (code) => loginCode(code));
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', async (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const loginExit = login ? await loginDone : undefined;
      const result = { args, code, stdout, stderr: `${stderr}\n--- login-over-cdp:\n${loginLog}` };
      result.loginCode = loginExit;
      try {
        result.doc = JSON.parse(stdout);
      } catch (e) {
        result.docError = e.message;
      }
      resolve(result);
    });
  });
}

test('captured mode records a real login at oidc-provider: login page, form post, consent, final redirect',
  { timeout: 240_000 }, async (t) => {
    const r = await runWithCdpLogin(['run', '--issuer', env.issuer, '--client-id', 'wb-public',
      '--scope', 'openid', ...captured, '--json', '--timeout', '120']);
    await check(r, () => {
      assert.equal(r.loginCode, 0, 'login-over-cdp.mjs logged in through the same browser');
      assert.equal(r.code, 0, 'exit code');
      assert.ok(r.doc, `stdout is one JSON document (${r.docError})`);
      const { doc } = r;
      assert.equal(doc.outcome, 'succeeded');
      const hops = chain(doc);
      const issuer = new URL(env.issuer);
      const at = hops.filter((x) => new URL(x.url).origin === issuer.origin);
      const described = hops.map((x) => `${x.method} ${pathOf(x.url)} ${x.response?.status}`).join(', ');
      t.diagnostic(`chain: ${described}`);

      // The authorization request redirects to the interaction (login) page.
      assert.equal(at[0].method, 'GET');
      assert.ok([302, 303].includes(at[0].response.status), `first hop redirects: ${described}`);
      // The login page was shown (200 HTML with the form).
      const loginPage = at.find((x) => x.method === 'GET' && x.response.status === 200 && /\/interaction\//.test(x.url));
      assert.ok(loginPage, `a login page: ${described}`);
      // The form post: field names kept, the password redacted.
      const posts = at.filter((x) => x.method === 'POST');
      assert.ok(posts.length >= 2, `the login and the consent form posts: ${described}`);
      const loginPost = posts[0];
      const body = decodeBody(loginPost.request);
      assert.match(body, /(^|&)login=alice(&|$)/, 'login field recorded');
      assert.match(body, /(^|&)password=%5Bredacted%5D(&|$)/, 'password redacted');
      assert.ok(!r.stdout.includes('cdp-secret-password'), 'the typed password appears nowhere');
      const hopDetails = browserStep(doc).details.hops;
      assert.ok(hopDetails.some((h) => (h.redacted_fields ?? []).includes('password')), 'redacted field named');
      // The consent post comes after the login post and is answered by a redirect.
      assert.ok(hops.indexOf(posts[1]) > hops.indexOf(loginPost));
      assert.ok([302, 303].includes(posts[1].response.status), `consent post redirects: ${described}`);
      // The final redirect: its Location is the redirect_uri, joined to the callback exchange.
      const last = hops[hops.length - 1];
      assert.ok((header(last.response.headers, 'Location') ?? '').startsWith(`${doc.redirect_uri}?`),
        `last hop redirects to the redirect_uri: ${described}`);
      const [callback] = exchangesByRole(doc, 'callback');
      assert.ok(callback, 'callback exchange');
      assert.equal(browserStep(doc).details.callback_exchange, callback.id);
      assert.equal(hopDetails[hopDetails.length - 1].exchange, callback.id);
      // A cookie set during the login travelled back to the provider.
      assert.ok(hops.some((x) => header(x.response.headers, 'Set-Cookie')), 'Set-Cookie recorded');
      assert.ok(doc.tokens?.id_token, 'tokens obtained');
    });
  });

test('captured mode without a Chromium-family browser says what was searched and the fallbacks',
  { timeout: 60_000 }, async () => {
    const base = ['run', '--authorization-endpoint', `${env.hopsUrl}/authorize`,
      '--token-endpoint', `${env.hopsUrl}/token`, '--client-id', 'wb-captured', '--auth-method', 'none',
      '--browser', 'captured', '--headless-browser', '--json', '--timeout', '30'];
    const onPath = await runWorkbench(base, { env: { PATH: '/nonexistent-wb-dir' }, label: 'captured-none' });
    await check(onPath, () => {
      assert.equal(onPath.code, 2, 'a configuration error');
      const step = browserStep(onPath.doc);
      assert.equal(step.status, 'failed');
      assert.equal(step.error?.code, 'browser_failed');
      for (const name of ['chromium', 'google-chrome', 'microsoft-edge', 'brave-browser', '--browser system', '--browser command']) {
        assert.ok(step.error.message.includes(name), `message names ${name}: ${step.error.message}`);
      }
    });
    const explicit = await runWorkbench([...base, '--browser-path', '/nonexistent/chrome'], { label: 'captured-bad-path' });
    await check(explicit, () => {
      assert.equal(explicit.code, 2);
      assert.match(browserStep(explicit.doc).error?.message ?? '', /\/nonexistent\/chrome.*not an executable/);
    });
  });

test('captured mode records a DNS failure, ends on the callback timeout and deletes the profile',
  { timeout: 120_000 }, async () => {
    const r = await runWorkbench(['run', '--authorization-endpoint', 'http://no-such-host.invalid/authorize',
      '--token-endpoint', 'http://no-such-host.invalid/token', '--client-id', 'wb-captured',
      '--auth-method', 'none', ...captured, '--json', '--timeout', '8'], { label: 'captured-dns' });
    await check(r, () => {
      assert.equal(r.code, 3, 'timeout exit code');
      const { doc } = r;
      const [hop] = chain(doc);
      assert.ok(hop, 'the failed navigation is an exchange');
      assert.equal(hop.response?.status ?? 0, 0, 'no response');
      assert.match(hop.error_message ?? '', /ERR_NAME_NOT_RESOLVED/, JSON.stringify(hop));
      const step = browserStep(doc);
      assert.equal(step.status, 'warning', `browser step: ${step.summary}`);
      assert.ok(step.warnings.some((w) => /never reached the redirect_uri/.test(w)), step.warnings.join('; '));
      assert.equal(stepsByKind(doc, 'callback')[0]?.error?.code, 'callback_never_arrived');
      assert.equal(existsSync(step.details.profile_dir), false, 'temporary profile deleted after the timeout');
    });
  });

test('captured mode keeps a named browser profile between runs', { timeout: 180_000 }, async () => {
  // The run's XDG folders belong to the test, so the kept profile can be looked at after the run.
  const home = scratchDir('wb-it-');
  const r = await runWorkbench(['run', '--authorization-endpoint', `${env.hopsUrl}/authorize`,
    '--token-endpoint', `${env.hopsUrl}/token`, '--client-id', 'wb-captured', '--auth-method', 'none',
    '--scope', 'read', ...captured, '--browser-profile', 'sso tests', '--json', '--timeout', '90'],
  { label: 'captured-named', env: xdgEnv(home) });
  await check(r, () => {
    assert.equal(r.code, 0);
    const step = browserStep(r.doc);
    assert.equal(step.details.profile, 'named: sso tests');
    assert.equal(step.details.profile_deleted, false);
    assert.match(step.details.profile_dir, /browser-profiles\/sso_tests$/);
    assert.ok(existsSync(step.details.profile_dir), 'named profile kept');
    assert.equal(chain(r.doc).length, 3);
  });
});

test('captured mode closes the browser and deletes the profile when the run is cancelled (Ctrl+C)',
  { timeout: 120_000 }, async () => {
    const home = scratchDir('wb-it-');
    const child = spawn(env.workbench, ['run', '--issuer', env.issuer, '--client-id', 'wb-public', ...captured,
      '--json', '--timeout', '90'], { env: { ...process.env, XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CONFIG_HOME: path.join(home, 'config') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let endpoint;
    child.stdout.on('data', (d) => { stdout += d; });
    const interrupted = new Promise((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /^DevTools: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stderr);
        if (m && !endpoint) {
          endpoint = m[1];
          // Nobody logs in: wait until the login page is open, then interrupt.
          const poll = async () => {
            const pages = await fetch(`${endpoint}/json/list`).then((res) => res.json()).catch(() => []);
            if (pages.some((p) => p.type === 'page' && /\/interaction\//.test(p.url))) {
              child.kill('SIGINT');
              resolve();
            } else setTimeout(poll, 200);
          };
          poll();
        }
      });
    });
    const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
    await interrupted;
    const r = { args: ['run', '(cancelled)'], code, stdout, stderr };
    await check(r, async () => {
      assert.equal(code, 130, 'cancelled exit code');
      const doc = JSON.parse(stdout);
      assert.equal(doc.outcome, 'cancelled');
      const step = browserStep(doc);
      assert.ok(chain(doc).some((x) => /\/interaction\//.test(x.url) && x.response?.status === 200),
        'the login page that was open is recorded');
      assert.equal(existsSync(step.details.profile_dir), false, 'temporary profile deleted');
      await assert.rejects(fetch(`${endpoint}/json/version`), 'the browser is gone');
    });
  });

test('captured mode ends as cancelled when the person closes the browser', { timeout: 120_000 }, async () => {
  const r = await runWithCdpLogin(['run', '--issuer', env.issuer, '--client-id', 'wb-public', ...captured,
    '--json', '--timeout', '90'], ['--close-browser']);
  await check(r, () => {
    assert.equal(r.loginCode, 0, 'login-over-cdp.mjs closed the browser');
    assert.equal(r.code, 130, 'cancelled exit code');
    const step = browserStep(r.doc);
    assert.equal(step.error?.code, 'browser_closed');
    assert.equal(r.doc.outcome, 'cancelled');
    assert.equal(existsSync(step.details.profile_dir), false, 'temporary profile deleted');
  });
});

test('captured mode: an error page at the provider is recorded with its body and diagnosed',
  { timeout: 120_000 }, async () => {
    const r = await runWorkbench(['run', '--issuer', env.issuer, '--client-id', 'wb-public',
      '--redirect-path', '/not-registered', ...captured, '--json', '--timeout', '8'], { label: 'captured-error-page' });
    await check(r, () => {
      assert.notEqual(r.code, 0);
      const { doc } = r;
      const step = browserStep(doc);
      assert.equal(step.status, 'failed', `browser step: ${step.summary}`);
      assert.equal(step.error?.code, 'error_page');
      const hops = chain(doc);
      const last = hops[hops.length - 1];
      assert.ok(last.response.status >= 400, `last hop is an error page: ${last.response.status}`);
      assert.match(decodeBody(last.response), /redirect_uri/i, 'the error page body was kept');
      assert.ok(doc.findings.some((f) => f.code === 'redirect_uri_mismatch'),
        `findings: ${doc.findings.map((f) => f.code).join(', ')}`);
      // The finding points at the error page and quotes what it said.
      const finding = doc.findings.find((f) => f.code === 'redirect_uri_mismatch');
      assert.equal(finding.exchange_id, last.id, 'the finding cites the error page exchange');
      assert.match(finding.evidence.page_excerpt ?? '', /redirect_uri/i, 'the page text is quoted');
      assert.ok(!/<[a-z]/i.test(finding.evidence.page_excerpt), 'the quote is text, not HTML');
      assert.ok(finding.explanation.includes(`The page says: "${finding.evidence.page_excerpt}"`),
        finding.explanation);
      assert.equal(finding.evidence.page_status, last.response.status);
      assert.equal(existsSync(step.details.profile_dir), false, 'temporary profile deleted');
    });
  });

test('captured mode follows a login inside a cross-site (out-of-process) iframe', { timeout: 180_000 }, async () => {
  const r = await runWorkbench(['run',
    '--authorization-endpoint', `${env.hopsUrl}/authorize-framed`,
    '--token-endpoint', `${env.hopsUrl}/token`,
    '--client-id', 'wb-captured', '--auth-method', 'none', '--pkce', 'S256', '--scope', 'read',
    ...captured, '--json', '--timeout', '60'], { label: 'captured-iframe' });
  await check(r, () => {
    assert.equal(r.code, 0, 'exit code');
    const { doc } = r;
    assert.equal(doc.outcome, 'succeeded');
    const step = browserStep(doc);
    assert.equal(step.status, 'succeeded', `browser step: ${step.summary}`);
    // The top-level chain: the page holding the iframe, then the hop to the loopback.
    assert.deepEqual(step.details.hops.map((h) => pathOf(h.url)),
      ['/authorize-framed', '/frame/done', pathOf(doc.redirect_uri)]);
    // The iframe's own navigations, in order, each an exchange of the browser step.
    const frameHops = step.details.frame_hops ?? [];
    assert.deepEqual(frameHops.map((h) => `${h.method} ${pathOf(h.url)} ${h.status}`), [
      'GET /frame/start 302', 'GET /frame/login 200', 'POST /frame/login 302', 'GET /frame/welcome 200',
    ]);
    assert.ok(frameHops.every((h) => new URL(h.url).hostname === 'localhost'), 'all inside the localhost iframe');
    assert.equal(new Set(frameHops.map((h) => h.frame)).size, 1, 'one frame');
    assert.ok(step.details.frame_targets >= 1, 'the out-of-process iframe was attached');
    const post = doc.exchanges.find((x) => x.id === frameHops[2].exchange);
    assert.ok(post, 'the form post inside the iframe is an exchange');
    assert.ok(step.exchange_ids.includes(post.id));
    assert.deepEqual(frameHops[2].redacted_fields, ['password']);
    assert.match(decodeBody(post.request), /^login=alice&password=%5Bredacted%5D$/);
    assert.ok(!JSON.stringify(doc).includes('frame-secret'), 'the typed password is nowhere in the session');
  });
});
