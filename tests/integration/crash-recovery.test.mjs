// Crash safety: `oauth-workbench run` is killed with SIGKILL in the middle of a flow; the session
// journal it leaves behind is listed and recovered by `oauth-workbench recover` with every
// exchange recorded up to the kill, outcome "interrupted", and no secret in clear anywhere.
// fixtures: idp

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  CLIENT_SECRET, browserCommand, check, env, exchangesByRole, runWorkbench, scratchDir, secretSpellings,
  stepsByKind, xdgEnv,
} from './lib/workbench.mjs';

const TIMEOUT = { timeout: 240_000 };

// Private XDG folders shared by the killed run and the recover commands after it.
function privateHome() {
  const home = scratchDir('wb-crash-');
  return {
    home,
    env: xdgEnv(home),
  };
}

// Journal files under the data folder (whatever the app's folder is called).
function journalFiles(dataHome) {
  if (!existsSync(dataHome)) return [];
  return readdirSync(dataHome, { recursive: true })
    .map(String)
    .filter((p) => p.split(path.sep).includes('journal') && p.endsWith('.jsonl'))
    .map((p) => path.join(dataHome, p));
}

// Starts `oauth-workbench run`, waits until its journal shows `ready(text)`, then SIGKILLs it.
async function runAndKill(args, extraEnv, ready, { waitMs = 150_000 } = {}) {
  const child = spawn(env.workbench, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const err = [];
  child.stderr.on('data', (d) => err.push(d));
  child.stdout.resume();
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  let early = null;
  exited.then((r) => { early = r; });
  const deadline = Date.now() + waitMs;
  let journal = null;
  while (Date.now() < deadline && !early) {
    const [file] = journalFiles(extraEnv.XDG_DATA_HOME);
    if (file && ready(readFileSync(file, 'utf8'))) {
      journal = file;
      break;
    }
    await sleep(100);
  }
  if (!journal) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`the journal never reached the expected point (exit ${JSON.stringify(early)}):\n${Buffer.concat(err)}`);
  }
  child.kill('SIGKILL');
  const end = await exited;
  assert.equal(end.signal, 'SIGKILL', 'the run was killed, not finished');
  return { journal, stderr: Buffer.concat(err).toString('utf8') };
}

const journalHas = (kind) => (text) => text.split('\n').some((line) => {
  try {
    const r = JSON.parse(line);
    return r.type === 'step' && r.step.kind === kind;
  } catch {
    return false;
  }
});

test('killed during the token exchange at a hanging token endpoint: recovered with every exchange, no secret', TIMEOUT, async () => {
  // A token endpoint that records what it gets and never answers: the flow is in the token
  // exchange when it is killed, and we know the raw code, verifier and Basic credentials sent.
  const seen = [];
  const hang = createServer((req, res) => {
    const body = [];
    req.on('data', (d) => body.push(d));
    req.on('end', () => seen.push({ headers: req.headers, body: Buffer.concat(body).toString('utf8') }));
    void res; // never answered
  });
  await new Promise((resolve) => hang.listen(0, '127.0.0.1', resolve));
  const tokenEndpoint = `http://127.0.0.1:${hang.address().port}/token`;
  const { env: homeEnv } = privateHome();
  try {
    const args = ['run', '--issuer', env.issuer, '--client-id', 'wb-basic', '--client-secret-env', 'WB_TEST_CLIENT_SECRET',
      '--auth-method', 'client_secret_basic', '--scope', 'openid offline_access', '--param', 'prompt=consent',
      '--token-endpoint', tokenEndpoint, '--http-timeout', '600', '--timeout', '120', '--json',
      '--browser-command', browserCommand()];
    const extraEnv = { ...homeEnv, WB_TEST_CLIENT_SECRET: CLIENT_SECRET };
    // Killed once the token request reached the hanging endpoint.
    const { journal, stderr } = await runAndKill(args, extraEnv, (text) => journalHas('token_exchange')(text) && seen.length > 0);
    assert.ok(existsSync(journal), 'the journal outlives the killed process');
    const bytes = readFileSync(journal, 'utf8');

    const sent = new URLSearchParams(seen[0].body);
    const code = sent.get('code');
    const verifier = sent.get('code_verifier');
    const basic = (seen[0].headers.authorization ?? '').replace(/^Basic /, '');
    assert.ok(code && verifier && basic, `the hanging endpoint saw code, verifier and Basic credentials (${seen[0].body})`);
    const secrets = [...secretSpellings('wb-basic'), code, verifier, basic];
    for (const s of secrets) assert.equal(bytes.includes(s), false, `journal holds no ${JSON.stringify(s)}`);

    const list = await runWorkbench(['recover', '--json'], { env: homeEnv, label: 'recover-list' });
    let id;
    await check(list, () => {
      assert.equal(list.code, 0);
      assert.equal(list.doc.length, 1, 'one leftover journal');
      id = list.doc[0].id;
      assert.ok(list.doc[0].exchanges >= 2, 'listed with its exchanges');
      assert.equal(list.doc[0].client_id, 'wb-basic');
    });

    const r = await runWorkbench(['recover', id, '--json'], { env: homeEnv, label: 'recover-json' });
    await check(r, () => {
      assert.equal(r.code, 0);
      const { doc } = r;
      assert.equal(doc.format, 'oauth-workbench-session', 'same shape as run --json');
      assert.equal(doc.id, id);
      assert.equal(doc.outcome, 'interrupted');
      assert.equal(doc.redacted, true);
      assert.equal(doc.error.code, 'interrupted');
      assert.match(doc.redirect_uri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      // Every exchange the killed run had completed: discovery at the real IdP and the callback.
      assert.ok(exchangesByRole(doc, 'discovery').some((x) => x.url.endsWith('/.well-known/openid-configuration') && x.response.status === 200),
        'the discovery exchange with the IdP\'s answer');
      const callbacks = exchangesByRole(doc, 'callback');
      assert.equal(callbacks.length, 1, 'the callback exchange');
      assert.match(new URL(callbacks[0].url).searchParams.get('code'), /^\[redacted/, 'the code in the callback is masked');
      assert.equal(stepsByKind(doc, 'discovery')[0].status, 'succeeded');
      assert.equal(stepsByKind(doc, 'callback')[0].status, 'succeeded');
      const [tokenStep] = stepsByKind(doc, 'token_exchange');
      assert.ok(tokenStep, 'the token exchange step the kill interrupted');
      assert.equal(tokenStep.status, 'cancelled');
      assert.match(tokenStep.summary, /interrupted/);
      for (const s of doc.steps)
        for (const xid of s.exchange_ids) assert.ok(doc.exchanges.some((x) => x.id === xid), `${s.id} owns recorded ${xid}`);
      assert.equal(doc.findings[0].code, 'session_interrupted');
      assert.equal(doc.findings[0].step_id, tokenStep.id);
      for (const s of secrets) assert.equal(r.stdout.includes(s), false, `recover output holds no ${JSON.stringify(s)}`);
    });
    assert.equal(stderr.includes(CLIENT_SECRET), false);

    const human = await runWorkbench(['recover', id.slice(0, 8)], { env: homeEnv, label: 'recover-text' });
    await check(human, () => {
      assert.equal(human.code, 0);
      assert.match(human.stdout, /interrupted/);
      assert.match(human.stdout, /session_interrupted/);
    });

    const discard = await runWorkbench(['recover', '--discard', id], { env: homeEnv, label: 'recover-discard' });
    await check(discard, () => {
      assert.equal(discard.code, 0);
      assert.equal(existsSync(journal), false, 'the journal is gone');
    });
    const again = await runWorkbench(['recover', id, '--json'], { env: homeEnv, label: 'recover-gone' });
    await check(again, () => {
      assert.equal(again.code, 2);
      assert.match(again.stderr, /No leftover journal/);
    });
  } finally {
    hang.closeAllConnections();
    hang.close();
  }
});

test('a flow that ends normally leaves no journal, and recover lists nothing', TIMEOUT, async () => {
  const { env: homeEnv } = privateHome();
  const r = await runWorkbench(['run', '--sandbox', '--browser', 'follow', '--timeout', '30', '--json'],
    { env: homeEnv, label: 'normal-end' });
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.equal(r.doc.outcome, 'succeeded');
    assert.deepEqual(journalFiles(homeEnv.XDG_DATA_HOME), []);
  });
  const list = await runWorkbench(['recover'], { env: homeEnv, label: 'recover-none' });
  await check(list, () => {
    assert.equal(list.code, 0);
    assert.match(list.stdout, /No interrupted sessions/);
  });
});

test('a journal still being written by a live run is never offered', TIMEOUT, async () => {
  // The flow waits for a callback that never comes (the browser command does nothing).
  const { env: homeEnv } = privateHome();
  const child = spawn(env.workbench, ['run', '--issuer', env.issuer, '--client-id', 'wb-public', '--auth-method', 'none',
    '--timeout', '120', '--json', '--browser-command', `${process.execPath} -e "" %u`],
  { env: { ...process.env, ...homeEnv }, stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    const deadline = Date.now() + 120_000;
    let file;
    while (Date.now() < deadline && !(file && journalHas('callback')(readFileSync(file, 'utf8')))) {
      [file] = journalFiles(homeEnv.XDG_DATA_HOME);
      await sleep(100);
    }
    assert.ok(file, 'the running flow has a journal');
    const list = await runWorkbench(['recover', '--json'], { env: homeEnv, label: 'recover-live' });
    await check(list, () => {
      assert.equal(list.code, 0);
      assert.deepEqual(list.doc, [], 'the live run\'s journal is not a leftover');
    });
    const one = await runWorkbench(['recover', path.basename(file, '.jsonl')], { env: homeEnv, label: 'recover-live-id' });
    await check(one, () => {
      assert.equal(one.code, 2);
      assert.match(one.stderr, /still running/);
    });
  } finally {
    child.kill('SIGKILL');
  }
});
