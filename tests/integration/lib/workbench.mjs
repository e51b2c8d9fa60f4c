// Helpers shared by the integration tests: run `oauth-workbench run ... --json` as a child process
// and read the session document it prints.
//
// Environment (set by tests/integration/CMakeLists.txt):
//   OAUTH_WORKBENCH     the built executable
//   WB_IDP_ISSUER       issuer of tests/peers/idp.mjs (oidc-provider)
//   WB_HOPS_URL         base URL of tests/peers/redirect-hops.mjs
//   WB_PEERS_DIR        tests/peers (browser-login.mjs lives there)
//   WB_TEST_ARTIFACTS   optional: every run's stdout/stderr are kept there for inspection
//   WB_KEEP_TEMP        optional: 1 keeps the scratch folders (private XDG homes, saved files)
//                       instead of removing them; each kept folder is named on stderr

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import readline from 'node:readline';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run this test through ctest (tests/integration/CMakeLists.txt)`);
  return v;
}

export const env = {
  get workbench() { return required('OAUTH_WORKBENCH'); },
  get issuer() { return required('WB_IDP_ISSUER'); },
  get hopsUrl() { return required('WB_HOPS_URL'); },
  get peersDir() { return required('WB_PEERS_DIR'); },
};

// The client secret tests/peers/idp.mjs registers for wb-basic and wb-post.
export const CLIENT_SECRET = 's3cr:t/+%pass';
// RFC 6749 §2.3.1 / appendix B: client_secret_basic form-encodes id and secret before base64.
export const formEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+');
export const CLIENT_SECRET_FORM = formEncode(CLIENT_SECRET); // s3cr%3At%2F%2B%25pass

// All spellings of the secret that must not leak while redaction is on.
export function secretSpellings(clientId) {
  const basic = (id, secret) => Buffer.from(`${id}:${secret}`).toString('base64');
  return [
    CLIENT_SECRET,
    CLIENT_SECRET_FORM,
    basic(formEncode(clientId), CLIENT_SECRET_FORM),
    basic(clientId, CLIENT_SECRET),
  ];
}

function quoteArg(s) {
  return /[\s"'\\]/.test(s) ? `"${s.replace(/(["\\])/g, '\\$1')}"` : s;
}

// The --browser-command value that drives Chromium through tests/peers/browser-login.mjs.
export function browserCommand(...options) {
  const script = path.join(env.peersDir, 'browser-login.mjs');
  return [process.execPath, script, ...options].map(quoteArg).join(' ') + ' %u';
}

// Scratch folders of this test process, removed when it exits (also on SIGINT / SIGTERM).
const scratchDirs = new Set();
const keepTemp = () => process.env.WB_KEEP_TEMP === '1';

// Removes `dir` now; true when it is gone. A browser or CLI child may still be writing its last
// files, so removal is retried and a failure leaves it to the exit handler.
export function removeScratchDir(dir) {
  if (keepTemp()) return false;
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    scratchDirs.delete(dir);
    return true;
  } catch {
    return false;
  }
}

function removeAllScratchDirs() {
  for (const dir of [...scratchDirs]) removeScratchDir(dir);
}

let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', removeAllScratchDirs);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      removeAllScratchDirs();
      process.kill(process.pid, signal); // the default action now that this handler is gone
    });
  }
}

// A new empty folder under the system temp folder, named `<prefix>XXXXXX`, removed when this test
// process exits (kept, and named on stderr, when WB_KEEP_TEMP=1).
export function scratchDir(prefix = 'wb-it-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (keepTemp()) {
    console.error(`# WB_KEEP_TEMP=1: keeping ${dir}`);
  } else {
    scratchDirs.add(dir);
    hookExit();
  }
  return dir;
}

// The XDG variables that point a CLI child at private folders under `home`.
export function xdgEnv(home) {
  return {
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
  };
}

let artifactCounter = 0;
function artifactBase(label) {
  const dir = process.env.WB_TEST_ARTIFACTS;
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  artifactCounter += 1;
  const slug = (label || 'run').replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80);
  return path.join(dir, `${path.basename(process.argv[1] ?? 'test', '.test.mjs')}-${artifactCounter}-${slug}`);
}

// Runs `oauth-workbench <args>`; resolves to { code, signal, stdout, stderr, doc, args }.
// `doc` is the parsed stdout when it is JSON (undefined otherwise; `docError` says why).
// The CLI gets private XDG directories so runs do not share or leave state behind: they are
// removed once the child has closed.
export function runWorkbench(args, { env: extraEnv = {}, timeoutMs = 150_000, label } = {}) {
  const home = scratchDir('wb-it-');
  const childEnv = { ...process.env, ...xdgEnv(home), ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(env.workbench, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      removeScratchDir(home);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      removeScratchDir(home);
      const result = {
        args,
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      try {
        result.doc = JSON.parse(result.stdout);
      } catch (e) {
        result.docError = e.message;
      }
      const base = artifactBase(label);
      if (base) {
        writeFileSync(`${base}.stdout.json`, result.stdout);
        writeFileSync(`${base}.stderr.txt`, `$ oauth-workbench ${args.map(quoteArg).join(' ')}\n\n${result.stderr}`);
      }
      resolve(result);
    });
  });
}

// Starts tests/peers/bad-server.mjs on a free port; resolves with { child, httpBase, httpsBase,
// fingerprint } once it is ready. The caller stops it (child.kill).
export function startBadServer() {
  const child = spawn(process.execPath, [path.join(env.peersDir, 'bad-server.mjs'), '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /^READY (\S+) (\S+) (\S+)$/.exec(line);
      if (m) resolve({ child, httpBase: m[1], httpsBase: m[2], fingerprint: m[3] });
    });
    child.on('exit', (code) => reject(new Error(`bad-server.mjs exited early (${code})`)));
  });
}

// Runs the assertions in `fn(result)`; when one fails, prints what the CLI said first.
export async function check(result, fn) {
  try {
    await fn(result);
  } catch (e) {
    const cut = (s, n) => (s.length > n ? `${s.slice(0, n)}\n... (${s.length - n} more characters)` : s);
    console.error(`\n--- oauth-workbench ${result.args.map(quoteArg).join(' ')}`);
    console.error(`--- exit code ${result.code}${result.signal ? `, signal ${result.signal}` : ''}${result.timedOut ? ' (killed: test-side timeout)' : ''}`);
    console.error(`--- stderr:\n${cut(result.stderr, 20000)}`);
    console.error(`--- stdout:\n${cut(result.stdout, 20000)}`);
    throw e;
  }
}

// `oauth-workbench run` against the oidc-provider peer with the usual options.
export function idpArgs(clientId, ...extra) {
  return ['run', '--issuer', env.issuer, '--client-id', clientId, '--json', '--timeout', '90', ...extra];
}

export function decodeBody(part) {
  if (!part || part.body == null) return '';
  return part.body_encoding === 'base64' ? Buffer.from(part.body, 'base64').toString('utf8') : part.body;
}

export function header(headers, name) {
  const found = (headers ?? []).find(([n]) => n.toLowerCase() === name.toLowerCase());
  return found ? found[1] : undefined;
}

export const exchangesByRole = (doc, role) => doc.exchanges.filter((x) => x.role === role);
export const stepsByKind = (doc, kind) => doc.steps.filter((s) => s.kind === kind);

// Back-channel exchanges that went to the token endpoint (path /token on the peers).
export function tokenRequests(doc, tokenPath = '/token') {
  return exchangesByRole(doc, 'back_channel').filter((x) => {
    try {
      return new URL(x.url).pathname === tokenPath;
    } catch {
      return false;
    }
  });
}

export function formParams(exchange) {
  return new URLSearchParams(decodeBody(exchange.request));
}
