#!/usr/bin/env node
// Logs in on oidc-provider's dev login page inside a browser someone else launched: attaches to
// it over the Chrome DevTools Protocol (playwright-core's chromium.connectOverCDP) at the endpoint
// `oauth-workbench run --browser captured` prints ("DevTools: http://127.0.0.1:PORT"), fills the
// login form (any login, any password), accepts the consent page and returns once the page has
// reached the loopback redirect_uri. It never launches or closes the browser itself.
//
// Usage: node login-over-cdp.mjs [--login NAME] [--timeout SEC] [--close-browser] ENDPOINT
//   --close-browser  instead of logging in, wait for the login page and close the whole browser
//                    (Browser.close), as a person closing the window would
// Exit 0 when the loopback was reached; non-zero with a message on stderr otherwise.

import process from 'node:process';

import { chromium } from 'playwright-core';

const opts = { login: 'alice', timeout: 60, endpoint: undefined, closeBrowser: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 1) {
  const a = argv[i];
  if (a === '--login') opts.login = argv[++i];
  else if (a === '--timeout') opts.timeout = Number(argv[++i]);
  else if (a === '--close-browser') opts.closeBrowser = true;
  else if (!a.startsWith('--') && opts.endpoint === undefined) opts.endpoint = a;
  else {
    console.error(`login-over-cdp.mjs: unexpected argument ${a}`);
    process.exit(2);
  }
}
if (!opts.endpoint || !(opts.timeout > 0)) {
  console.error('usage: node login-over-cdp.mjs [--login NAME] [--timeout SEC] ENDPOINT');
  process.exit(2);
}

const log = (...args) => console.error('login-over-cdp:', ...args);
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//;
const deadline = Date.now() + opts.timeout * 1000;

// The authorization server's own origin never matches: its issuer is a loopback URL too, so the
// redirect_uri is recognised by its /callback path.
function isCallback(url) {
  return LOOPBACK.test(url) && new URL(url).pathname === '/callback';
}
let reached;

async function visible(page, selector) {
  try {
    return (await page.locator(selector).count()) > 0;
  } catch {
    return false; // navigated while we looked
  }
}

async function main() {
  const browser = await chromium.connectOverCDP(opts.endpoint, { timeout: opts.timeout * 1000 });
  let page;
  while (!page && Date.now() < deadline) {
    page = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url() !== 'about:blank');
    if (!page) await new Promise((r) => setTimeout(r, 200));
  }
  if (!page) throw new Error('no page left about:blank in the attached browser');
  // The workbench closes the browser soon after the callback, possibly while this loop waits:
  // once the browser has requested the redirect_uri, a closed browser means success.
  page.on('request', (req) => {
    if (isCallback(req.url())) reached = req.url();
  });
  let loggedIn = false;
  let consented = false;
  while (Date.now() < deadline) {
    const url = page.url();
    if (isCallback(url)) reached = url;
    if (reached) {
      log(`reached the redirect_uri: ${reached.split('?')[0]}`);
      return;
    }
    await page.waitForLoadState('domcontentloaded').catch(() => {});
    if (await visible(page, '#error_description')) {
      const desc = await page.locator('#error_description').textContent().catch(() => '');
      throw new Error(`authorization server error page at ${url}: ${desc}`);
    }
    const onLogin = await visible(page, 'form input[name="login"]');
    if (onLogin && opts.closeBrowser) {
      log('closing the browser on the login page');
      const session = await browser.newBrowserCDPSession();
      await session.send('Browser.close').catch(() => {}); // the connection drops as it closes
      return;
    }
    const onConsent = !onLogin && (await visible(page, 'form input[name="prompt"][value="consent"]'));
    if (onLogin && !loggedIn) {
      loggedIn = true;
      log(`logging in as ${opts.login}`);
      await page.fill('input[name="login"]', opts.login);
      await page.fill('input[name="password"]', 'cdp-secret-password');
      await page.locator('form button[type="submit"]').first().click({ noWaitAfter: true });
    } else if (onConsent && !consented) {
      consented = true;
      log('accepting consent');
      await page.locator('form button[type="submit"]').first().click({ noWaitAfter: true });
    }
    await page.waitForURL((u) => u.href !== url, { waitUntil: 'commit', timeout: 2000 }).catch(() => {});
  }
  throw new Error(`timed out after ${opts.timeout} s at ${page.url()}`);
}

main().then(
  () => process.exit(0), // leaves the browser to the workbench (no close(): it is not ours)
  (err) => {
    if (reached) {
      log(`reached the redirect_uri: ${reached.split('?')[0]} (the browser was closed afterwards)`);
      process.exit(0);
    }
    console.error(`login-over-cdp.mjs: FAILED: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
