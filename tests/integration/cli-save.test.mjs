// `oauth-workbench run --save FILE` against the in-process sandbox: the file holds the document
// --json prints and the run says where it went; a file that cannot be written is named on stderr
// with the reason and turns a successful run into exit code 2, while --json still prints.
// fixtures:

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { check, runWorkbench, scratchDir } from './lib/workbench.mjs';

const runSandbox = (label, ...extra) =>
  runWorkbench(['run', '--sandbox', '--browser', 'follow', '--timeout', '30', ...extra], { label });

test('--save writes the session and says where', async () => {
  const file = path.join(scratchDir('wb-save-'), 'session.json');
  const r = await runSandbox('save-ok', '--save', file);
  await check(r, () => {
    assert.equal(r.code, 0);
    assert.ok(r.stdout.includes(`Session saved to ${file} (redacted)\n`), 'progress names the file');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.outcome, 'succeeded');
    assert.equal(saved.redacted, true);
    assert.equal(r.stderr.includes('could not write'), false);
  });
});

test('--save into a missing folder: named on stderr, exit 2, --json still printed', async () => {
  const file = path.join(scratchDir('wb-save-'), 'no-such-folder', 'session.json');
  const r = await runSandbox('save-fails', '--json', '--save', file);
  await check(r, () => {
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`oauth-workbench run: could not write the session to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`));
    assert.equal(r.stderr.includes('Session saved'), false);
    assert.equal(r.doc?.outcome, 'succeeded', 'the flow itself succeeded and --json printed it');
    assert.equal(existsSync(file), false);
  });
});
