// The sandbox server (`oauth-workbench sandbox`) under the same abuse as the loopback listener
// (tests/peers/lib/hostile.mjs: 500 malformed requests, a 100 KB header line, a 10 MB POST, a
// foreign Host, invalid UTF-8, then 200 idle connections and a slowloris client held open) while
// `oauth-workbench run --browser follow` logins go through it. The logins must succeed during and
// after the attack, the sandbox must stay alive, and its resident memory (VmRSS from /proc) must
// stay within a generous bound.
// fixtures:

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { after, test } from 'node:test';

import { attackListener, memoryOf } from '../peers/lib/hostile.mjs';
import { check, env, runWorkbench, scratchDir, xdgEnv } from './lib/workbench.mjs';

const MAX_GROWTH_KB = 100 * 1024;
let sandbox;

after(async () => {
  if (sandbox && sandbox.exitCode === null) {
    sandbox.kill('SIGKILL');
    await once(sandbox, 'exit');
  }
});

async function startSandbox() {
  const home = scratchDir('wb-abuse-');
  const child = spawn(env.workbench, ['sandbox', '--auto-approve'], {
    env: { ...process.env, ...xdgEnv(home) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume(); // one line per request: drained, not kept
  const issuer = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited early (${code})`)));
  });
  return { child, issuer };
}

function login(issuer, label) {
  return runWorkbench(['run', '--issuer', issuer, '--client-id', 'sandbox-public', '--auth-method', 'none',
    '--browser', 'follow', '--json', '--timeout', '120', '--http-timeout', '60'], { label, timeoutMs: 200_000 });
}

function assertLoggedIn(r) {
  assert.equal(r.signal, null);
  assert.equal(r.code, 0, 'exit code');
  assert.equal(r.doc?.outcome, 'succeeded');
  assert.ok(r.doc.tokens.access_token);
}

test('the sandbox keeps serving logins under abuse, with bounded memory', { timeout: 540_000 }, async () => {
  const started = await startSandbox();
  sandbox = started.child;
  const { issuer } = started;

  const before = await login(issuer, 'sandbox-before');
  await check(before, () => assertLoggedIn(before));

  const logLines = [];
  const attack = await attackListener(new URL(`${issuer}/authorize`), (l) => logLines.push(l), { watchPid: sandbox.pid });
  const during = await login(issuer, 'sandbox-during');
  const report = attack.close();
  const { summary } = attack;
  for (const line of report.filter((l) => !l.startsWith('malformed '))) console.log(line);
  await check(during, () => {
    assertLoggedIn(during);
    assert.equal(summary.malformed, 500);
    assert.ok(summary.idleConnected >= 190, `idle connections accepted by the kernel (${summary.idleConnected})`);
    assert.ok(summary.oneShotAnswered >= 400, `most probes got an HTTP answer (${summary.oneShotAnswered}): ${report.slice(-6).join('\n')}`);
    assert.ok(summary.memory?.alive, 'the sandbox is alive after the attack');
    const growth = summary.memory.maxRssKb - summary.memory.baselineRssKb;
    assert.ok(growth < MAX_GROWTH_KB, `VmRSS grew by ${growth} kB (bound ${MAX_GROWTH_KB} kB): ${report.at(-1)}`);
    const forged = report.find((l) => l.startsWith('foreign Host'));
    assert.match(forged, /HTTP 421/, 'a foreign Host is refused');
  });

  const afterAttack = await login(issuer, 'sandbox-after');
  await check(afterAttack, () => assertLoggedIn(afterAttack));
  assert.ok(memoryOf(sandbox.pid), 'still running');
  sandbox.kill('SIGTERM');
  const [code] = await once(sandbox, 'exit');
  assert.equal(code, 0, 'the sandbox exits cleanly after the abuse');
});
