#!/usr/bin/env node
// Browser driver for the integration tests, given to the CLI as
//   --browser-command 'node /abs/tests/peers/browser-login.mjs [options] %u'
// Launches Debian's Chromium (never a downloaded one) through playwright-core, opens the
// authorization URL, logs in on oidc-provider's dev login page (any login, any password),
// accepts the consent page and waits until the browser has been redirected to the flow's loopback
// redirect_uri and got an answer there. Exit 0 then; non-zero with a message on stderr otherwise.
//
// Options:
//   --deny          press oidc-provider's "[ Cancel ]" on the first interaction page, so the IdP
//                   redirects back with error=access_denied
//   --tamper-state  replace the authorization URL's state with another random value before
//                   navigating, so the callback carries a state the flow never sent
//   --hostile       attack the loopback listener first (500 malformed requests, 200 idle connections,
//                   huge header, 10 MB POST, foreign Host on the redirect path, invalid UTF-8,
//                   slowloris), then log in normally while the idle connections stay open
//   --login NAME    login name to type (default "alice")
//   --timeout SEC   overall timeout (default 60)
// Env: WB_CHROMIUM (default /usr/bin/chromium).

import { randomBytes } from 'node:crypto';
import process from 'node:process';

import { chromium } from 'playwright-core';

import { attackListener } from './lib/hostile.mjs';

function usage(msg) {
  console.error(`browser-login.mjs: ${msg}`);
  console.error('usage: node browser-login.mjs [--deny] [--tamper-state] [--hostile] [--login NAME] [--timeout SEC] URL');
  process.exit(2);
}

const opts = { deny: false, tamperState: false, hostile: false, login: 'alice', timeout: 60, url: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 1) {
  const a = argv[i];
  if (a === '--deny') opts.deny = true;
  else if (a === '--tamper-state') opts.tamperState = true;
  else if (a === '--hostile') opts.hostile = true;
  else if (a === '--login') opts.login = argv[++i] ?? usage('--login needs a value');
  else if (a === '--timeout') opts.timeout = Number(argv[++i]);
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (opts.url === undefined) opts.url = a;
  else usage(`unexpected argument ${a}`);
}
if (!opts.url) usage('missing URL');
if (!(opts.timeout > 0)) usage('--timeout needs a positive number of seconds');

const log = (...args) => console.error('browser-login:', ...args);

let authUrl;
try {
  authUrl = new URL(opts.url);
} catch {
  usage(`not a URL: ${opts.url}`);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const redirectUriParam = authUrl.searchParams.get('redirect_uri');
let redirectUri;
if (redirectUriParam) {
  try {
    redirectUri = new URL(redirectUriParam);
  } catch {
    log(`warning: redirect_uri is not a URL: ${redirectUriParam}`);
  }
}

// True when `url` is the flow's loopback redirect target (scheme, host, port and path match the
// redirect_uri). Without a usable redirect_uri, any loopback http URL on another origin than the
// authorization server counts.
function isRedirectTarget(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' || !LOOPBACK_HOSTS.has(u.hostname)) return false;
  if (redirectUri) return u.origin === redirectUri.origin && u.pathname === redirectUri.pathname;
  return u.origin !== authUrl.origin;
}

if (opts.tamperState) {
  const original = authUrl.searchParams.get('state');
  const forged = randomBytes(16).toString('base64url');
  authUrl.searchParams.set('state', forged);
  log(`tampered state: ${original === null ? '(none)' : JSON.stringify(original)} -> ${JSON.stringify(forged)}`);
}

let browser;
let hostile;
let finished = false;

async function cleanup() {
  if (hostile) {
    const report = hostile.close();
    for (const line of report) log(`hostile: ${line}`);
    hostile = undefined;
  }
  if (browser) {
    const b = browser;
    browser = undefined;
    await b.close().catch(() => {});
  }
}

async function fail(message, code = 1) {
  if (finished) return;
  finished = true;
  console.error(`browser-login.mjs: FAILED: ${message}`);
  await cleanup();
  process.exit(code);
}

const overall = setTimeout(() => {
  fail(`timed out after ${opts.timeout} s`, 3);
}, opts.timeout * 1000);

process.on('SIGTERM', () => fail('terminated (SIGTERM)', 143));
process.on('SIGINT', () => fail('interrupted (SIGINT)', 130));

async function visible(page, selector) {
  try {
    return (await page.locator(selector).count()) > 0;
  } catch {
    return false; // page navigated while we looked
  }
}

async function main() {
  if (opts.hostile) {
    if (!redirectUri || !LOOPBACK_HOSTS.has(redirectUri.hostname)) {
      throw new Error('--hostile needs a loopback redirect_uri in the authorization URL');
    }
    hostile = await attackListener(redirectUri, log);
  }

  const executablePath = process.env.WB_CHROMIUM || '/usr/bin/chromium';
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-proxy-server',
    ],
  });
  const context = await browser.newContext();
  const page = await context.newPage();

  // Nothing here needs the internet (oidc-provider's page @imports a web font): refuse any
  // request that does not go to a loopback address so nothing waits on DNS or a firewall.
  await page.route('**/*', (route) => {
    let host = '';
    try {
      host = new URL(route.request().url()).hostname;
    } catch {
      /* data: and friends */
    }
    if (host === '' || LOOPBACK_HOSTS.has(host)) return route.continue();
    return route.abort('blockedbyclient');
  });

  // Resolve once the browser has received the loopback listener's answer to the redirect.
  let arrivedResolve;
  let arrivedReject;
  const arrived = new Promise((resolve, reject) => {
    arrivedResolve = resolve;
    arrivedReject = reject;
  });
  arrived.catch(() => {}); // handled by the race below; avoid an early unhandled rejection
  page.on('response', (response) => {
    const req = response.request();
    if (req.isNavigationRequest() && isRedirectTarget(req.url())) {
      arrivedResolve({ url: req.url(), method: req.method(), status: response.status() });
    }
  });
  page.on('requestfailed', (req) => {
    if (isRedirectTarget(req.url())) {
      arrivedReject(new Error(`request to the redirect URI failed: ${req.failure()?.errorText} (${req.url()})`));
    }
  });

  log(`opening ${authUrl.href}`);
  await page.goto(authUrl.href, { waitUntil: 'commit' }).catch((err) => {
    // A navigation straight to the callback (e.g. an immediate error redirect) may be reported
    // as aborted by the time the listener answered; the `arrived` promise decides.
    log(`initial navigation: ${err.message.split('\n')[0]}`);
  });

  let loggedIn = false;
  let consented = false;
  let denied = false;
  const interact = async () => {
    for (;;) {
      if (finished) return;
      if (isRedirectTarget(page.url())) return; // arrived; the response handler resolves
      await page.waitForLoadState('domcontentloaded').catch(() => {});
      const url = page.url();
      if (await visible(page, '#error_description')) {
        const title = await page.locator('h1').first().textContent().catch(() => '');
        const desc = await page.locator('#error_description').textContent().catch(() => '');
        throw new Error(`authorization server error page at ${url}: ${title}: ${desc}`);
      }
      const onLogin = await visible(page, 'form input[name="login"]');
      const onConsent = !onLogin && (await visible(page, 'form input[name="prompt"][value="consent"]'));
      if ((onLogin || onConsent) && opts.deny && !denied) {
        denied = true;
        log(`denying on the ${onLogin ? 'login' : 'consent'} page (${url})`);
        await page.locator('a[href*="/abort"]').first().click({ noWaitAfter: true });
      } else if (onLogin && !loggedIn) {
        loggedIn = true;
        log(`logging in as ${opts.login} (${url})`);
        await page.fill('input[name="login"]', opts.login);
        await page.fill('input[name="password"]', 'any-password');
        await page.locator('form button[type="submit"]').first().click({ noWaitAfter: true });
      } else if (onConsent && !consented) {
        consented = true;
        log(`accepting consent (${url})`);
        await page.locator('form button[type="submit"]').first().click({ noWaitAfter: true });
      }
      // Wait for the next navigation (or poll, e.g. while a form_post page auto-submits).
      await page.waitForURL((u) => u.href !== url, { waitUntil: 'commit', timeout: 2000 }).catch(() => {});
    }
  };

  const interaction = interact().then(() => arrived);
  const result = await Promise.race([arrived, interaction]);
  log(`redirected to the loopback listener: ${result.method} ${result.url} -> HTTP ${result.status}`);
  if (opts.deny && !denied) log('warning: --deny given but no login/consent page was shown');
}

main().then(
  async () => {
    if (finished) return;
    finished = true;
    clearTimeout(overall);
    await cleanup();
    process.exit(0);
  },
  (err) => fail(err?.stack ?? String(err)),
);
