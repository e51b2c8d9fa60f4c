// Raw-socket attacks on a loopback callback listener (used by browser-login.mjs --hostile) or on
// the sandbox server (tests/integration/abuse-sandbox.test.mjs). attackListener() first runs the
// one-shot probes (500 malformed requests, a 100 KB header line, a 10 MB POST, a foreign Host,
// invalid UTF-8), then opens 200 idle connections and a slowloris client that keep running during
// the login, and returns { close() } which ends those and returns a one-line-per-attack report.
//
// Memory: when it can find the process under attack (options.watchPid / $WB_HOSTILE_WATCH_PID,
// else the process listening on the target port, else an ancestor named oauth-workbench), it samples VmRSS and VmHWM from /proc/<pid>/status
// before, during and after the attack. With $WB_HOSTILE_REPORT set, close() writes the figures
// and the report lines there as JSON, for the test to check against a bound.
//
// Every probe except the foreign-Host one targets paths under /wb-hostile/ so that a listener that
// (rightly) treats the first request on its redirect path as the callback is not tricked by
// requests a browser would never send there. The foreign-Host probe does target the redirect path
// with a forged code and state: a loopback listener must not accept a callback whose Host is not
// the loopback address it serves (DNS rebinding).

import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import process from 'node:process';

const PROBE_TIMEOUT_MS = 3000;
const CONCURRENCY = 16;
export const MALFORMED_COUNT = 500;
export const IDLE_COUNT = 200;

// { rssKb, hwmKb } of a live process, or null.
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

// The pid of the process with a listening TCP socket on `port` (Linux /proc), or null.
export function listenerPid(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1].endsWith(`:${hexPort}`) && f[3] === '0A') inodes.add(f[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds = [];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(entry);
      } catch {
        // gone or not ours
      }
    }
  }
  return null;
}

// The nearest ancestor whose command name is oauth-workbench (the browser command may run
// through a shell), or null.
function workbenchAncestor() {
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth += 1) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm.startsWith('oauth-workbench')) return pid;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null;
    }
  }
  return null;
}

// Samples a process's memory every 200 ms until stop(); { baseline, samples, stop() }.
export function watchMemory(pid) {
  const baseline = memoryOf(pid);
  const samples = [];
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (m) samples.push({ t: Date.now(), ...m });
  }, 200);
  return {
    pid,
    baseline,
    samples,
    stop() {
      clearInterval(timer);
      const end = memoryOf(pid);
      if (end) samples.push({ t: Date.now(), ...end });
      const maxRssKb = Math.max(baseline?.rssKb ?? 0, ...samples.map((s) => s.rssKb));
      return {
        pid,
        alive: end !== null,
        baselineRssKb: baseline?.rssKb ?? null,
        baselineHwmKb: baseline?.hwmKb ?? null,
        maxRssKb,
        endRssKb: end?.rssKb ?? null,
        endHwmKb: end?.hwmKb ?? null,
        sampleCount: samples.length,
      };
    },
  };
}

function connectTarget(redirectUri) {
  const host = redirectUri.hostname.replace(/^\[|\]$/g, '');
  return { host, port: Number(redirectUri.port || 80) };
}

function describeAnswer(buf) {
  if (buf.length === 0) return null;
  const line = buf.subarray(0, Math.min(buf.length, 200)).toString('latin1').split('\r\n')[0];
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(line);
  return m ? `HTTP ${m[1]}` : `non-HTTP answer ${JSON.stringify(line.slice(0, 40))}`;
}

// Sends `payload` (Buffer, array of Buffers, or async writer function) on a fresh connection and
// waits for the answer or the close, at most PROBE_TIMEOUT_MS. Resolves to a short outcome text.
function probe(target, payload, timeoutMs = PROBE_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const sock = net.connect(target);
    let answer = Buffer.alloc(0);
    let done = false;
    const finish = (what) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const a = describeAnswer(answer);
      resolve(a ? `${a}${what === 'answered' ? '' : ` (${what})`}` : what);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    sock.on('data', (d) => {
      if (answer.length < 4096) answer = Buffer.concat([answer, d]);
      if (answer.includes('\r\n\r\n')) finish('answered');
    });
    sock.on('error', (err) => finish(`socket error ${err.code ?? err.message}`));
    sock.on('close', () => finish('closed'));
    sock.on('connect', async () => {
      try {
        if (typeof payload === 'function') await payload(sock);
        else for (const part of [].concat(payload)) sock.write(part);
      } catch (err) {
        finish(`write failed: ${err.code ?? err.message}`);
      }
    });
  });
}

async function runLimited(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function malformedRequests(hostHeader) {
  const b = (s) => Buffer.from(s, 'latin1');
  const h = `Host: ${hostHeader}\r\n`;
  const list = [
    ['empty request', b('\r\n\r\n')],
    ['bare word', b('GARBAGE\r\n\r\n')],
    ['method only', b('GET\r\n\r\n')],
    ['HTTP/0.9 style', b('GET /wb-hostile/\r\n\r\n')],
    ['unknown version', b(`GET /wb-hostile/ HTTP/9.9\r\n${h}\r\n`)],
    ['extra token', b(`GET /wb-hostile/ HTTP/1.1 extra\r\n${h}\r\n`)],
    ['space in method', b(`GE T /wb-hostile/ HTTP/1.1\r\n${h}\r\n`)],
    ['lowercase version', b(`GET /wb-hostile/ http/1.1\r\n${h}\r\n`)],
    ['NUL in method', b(`G\0ET /wb-hostile/ HTTP/1.1\r\n${h}\r\n`)],
    ['tab in target', b(`GET /wb-hostile/\t HTTP/1.1\r\n${h}\r\n`)],
    ['header without colon', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}NoColonHere\r\n\r\n`)],
    ['empty header name', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}: value\r\n\r\n`)],
    ['space in header name', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}Bad Header: x\r\n\r\n`)],
    ['NUL in header value', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}X-Nul: a\0b\r\n\r\n`)],
    ['obs-fold first header', b(`GET /wb-hostile/ HTTP/1.1\r\n folded\r\n${h}\r\n`)],
    ['negative Content-Length', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Content-Length: -1\r\n\r\n`)],
    ['non-numeric Content-Length', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Content-Length: abc\r\n\r\n`)],
    ['conflicting Content-Length', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Content-Length: 5\r\nContent-Length: 7\r\n\r\nhello`)],
    ['huge Content-Length', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Content-Length: 99999999999999999999\r\n\r\n`)],
    ['bad chunk size', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n`)],
    ['chunked + Content-Length', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`)],
    ['unknown transfer coding', b(`POST /wb-hostile/ HTTP/1.1\r\n${h}Transfer-Encoding: gzip, zork\r\n\r\n`)],
    ['missing Host (HTTP/1.1)', b('GET /wb-hostile/ HTTP/1.1\r\n\r\n')],
    ['duplicate Host', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}Host: other.example\r\n\r\n`)],
    ['absolute-form foreign', b('GET http://evil.example/wb-hostile/ HTTP/1.1\r\nHost: evil.example\r\n\r\n')],
    ['CONNECT', b(`CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n`)],
    ['asterisk GET', b(`GET * HTTP/1.1\r\n${h}\r\n`)],
    ['bad percent-encoding', b(`GET /wb-hostile/%zz%%?a=%G1 HTTP/1.1\r\n${h}\r\n`)],
    ['bare LF line ends', b(`GET /wb-hostile/ HTTP/1.1\nHost: ${hostHeader}\n\n`)],
    ['bare CR line ends', b(`GET /wb-hostile/ HTTP/1.1\rHost: ${hostHeader}\r\r`)],
    ['8 KB target', b(`GET /wb-hostile/${'a'.repeat(8192)} HTTP/1.1\r\n${h}\r\n`)],
    ['1000 blank lines', b('\r\n'.repeat(1000))],
    ['500 headers', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}${Array.from({ length: 500 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`)],
    ['truncated request line', b('GET /wb-hostile/ HTT')],
    ['truncated headers', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}X-Partial: yes`)],
    ['HTTP/2 preface', b('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
    ['TLS ClientHello', Buffer.from('16030100a5010000a10303' + '00'.repeat(32) + '000002c02f01000076', 'hex')],
    ['unknown method', b(`BREW /wb-hostile/pot HTTP/1.1\r\n${h}\r\n`)],
    ['UTF-8 method', Buffer.concat([b('G'), Buffer.from('Ë', 'utf8'), b(`T /wb-hostile/ HTTP/1.1\r\n${h}\r\n`)])],
    ['request smuggling prefix', b(`GET /wb-hostile/ HTTP/1.1\r\n${h}Content-Length: 44\r\n\r\nGET /wb-hostile/smuggled HTTP/1.1\r\nHost: x\r\n\r\n`)],
  ];
  // Then repeats of the ones that get an answer at once (not the truncated ones, which wait for
  // the read timeout) and random binary junk ending in a blank line, up to MALFORMED_COUNT.
  const quick = list.filter(([label]) => !label.startsWith('truncated'));
  let n = 0;
  while (list.length < MALFORMED_COUNT) {
    n += 1;
    if (n % 3 === 0) {
      list.push([`random bytes #${n}`, Buffer.concat([randomBytes(16 + (n % 64) * 8), Buffer.from('\r\n\r\n')])]);
    } else {
      const [label, bytes] = quick[n % quick.length];
      list.push([`${label} (again #${n})`, bytes]);
    }
  }
  return list;
}

export async function attackListener(redirectUri, log, options = {}) {
  const target = connectTarget(redirectUri);
  const hostHeader = redirectUri.host;
  const redirectPath = redirectUri.pathname || '/';
  const report = [];
  const idleCount = options.idle ?? IDLE_COUNT;
  const watchPid = options.watchPid
    ?? (Number(process.env.WB_HOSTILE_WATCH_PID) || listenerPid(target.port) || workbenchAncestor());
  const memory = watchPid ? watchMemory(watchPid) : null;
  log(`hostile: attacking ${target.host}:${target.port} (redirect path ${redirectPath})${memory ? `, watching pid ${watchPid}` : ''}`);

  const tasks = [];
  for (const [label, bytes] of malformedRequests(hostHeader)) {
    tasks.push(async () => `malformed ${label}: ${await probe(target, bytes)}`);
  }
  tasks.push(async () => {
    const big = `GET /wb-hostile/big-header HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Big: ${'b'.repeat(100 * 1024)}\r\n\r\n`;
    return `100 KB header line: ${await probe(target, Buffer.from(big, 'latin1'))}`;
  });
  tasks.push(async () => {
    const size = 10 * 1024 * 1024;
    const head = `POST /wb-hostile/upload HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`;
    let sent = 0;
    const outcome = await probe(target, async (sock) => {
      sock.write(head);
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      while (sent < size && !sock.destroyed) {
        sent += chunk.length;
        if (!sock.write(chunk)) {
          await new Promise((r) => {
            sock.once('drain', r);
            sock.once('close', r);
          });
        }
      }
    }, 8000);
    return `10 MB POST: ${outcome} after ~${Math.round(sent / 1024)} KB written`;
  });
  tasks.push(async () => {
    const forged = `GET ${redirectPath}?code=forged-by-hostile&state=forged-by-hostile HTTP/1.1\r\nHost: attacker.example\r\n\r\n`;
    return `foreign Host on the redirect path: ${await probe(target, Buffer.from(forged, 'latin1'))}`;
  });
  tasks.push(async () => {
    const bytes = Buffer.concat([
      Buffer.from('GET /wb-hostile/', 'latin1'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('/caf', 'latin1'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('?q=', 'latin1'),
      Buffer.from([0xed, 0xa0, 0x80, 0xf8, 0x88]),
      Buffer.from(` HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Bad: `, 'latin1'),
      Buffer.from([0xc0, 0xaf, 0xe2, 0x82]),
      Buffer.from('\r\n\r\n', 'latin1'),
    ]);
    return `invalid UTF-8 in target: ${await probe(target, bytes)}`;
  });

  const results = await runLimited(tasks, CONCURRENCY);
  report.push(...results);
  const answered = results.filter((r) => /HTTP \d{3}/.test(r)).length;
  report.push(`one-shot probes: ${results.length} sent, ${answered} answered with an HTTP status`);

  // Idle connections, held open through the whole login.
  const idle = [];
  let idleConnected = 0;
  let idleClosedByServer = 0;
  let idleFirstClose;
  let idleLastClose;
  const idleStart = Date.now();
  await Promise.all(
    Array.from({ length: idleCount }, () => new Promise((resolve) => {
      const s = net.connect(target);
      s.setNoDelay(true);
      s.on('connect', () => {
        idleConnected += 1;
        resolve();
      });
      s.on('error', () => resolve());
      s.on('close', () => {
        if (s.wbClosing) return;
        idleClosedByServer += 1;
        const t = Date.now() - idleStart;
        idleFirstClose ??= t;
        idleLastClose = t;
      });
      s.on('data', () => {});
      idle.push(s);
    })),
  );
  // Connected = the handshake completed; a full server may already have closed older ones.
  const idleOpenNow = idle.filter((s) => !s.destroyed && s.readyState === 'open').length;
  report.push(`idle connections: ${idleConnected}/${idleCount} connected, ${idleOpenNow} still open once all were connected`);

  // Slowloris: a request whose headers never end, one byte every 250 ms.
  const slow = net.connect(target);
  let slowBytes = 0;
  let slowClosedAfter = null;
  const slowStart = Date.now();
  const slowText = `GET /wb-hostile/slow HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Slowloris: ${'z'.repeat(100000)}`;
  const slowTimer = setInterval(() => {
    if (slow.destroyed || slowBytes >= slowText.length) return;
    slow.write(slowText[slowBytes]);
    slowBytes += 1;
  }, 250);
  slow.on('error', () => {});
  slow.on('close', () => {
    if (slowClosedAfter === null && !slow.wbClosing) slowClosedAfter = Date.now() - slowStart;
  });

  log(`hostile: ${results.length} one-shot probes done; now ${idleConnected}/${idleCount} idle connections and a slowloris client stay open during the login`);

  return {
    close() {
      clearInterval(slowTimer);
      slow.wbClosing = true;
      report.push(
        slowClosedAfter === null
          ? `slowloris: still open at the end after ${slowBytes} bytes`
          : `slowloris: closed by the listener after ${(slowClosedAfter / 1000).toFixed(1)} s`,
      );
      slow.destroy();
      const when = idleClosedByServer
        ? ` (between ${(idleFirstClose / 1000).toFixed(1)} s and ${(idleLastClose / 1000).toFixed(1)} s after opening)`
        : '';
      report.push(`idle connections: ${idleClosedByServer} closed by the listener${when}, ${idleCount - idleClosedByServer} still open at the end (${((Date.now() - idleStart) / 1000).toFixed(1)} s)`);
      for (const s of idle) {
        s.wbClosing = true;
        s.destroy();
      }
      const mem = memory ? memory.stop() : null;
      if (mem) {
        report.push(`memory of pid ${mem.pid}: VmRSS ${mem.baselineRssKb} kB before, at most ${mem.maxRssKb} kB during, ${mem.endRssKb} kB at the end (VmHWM ${mem.endHwmKb} kB; ${mem.sampleCount} samples)`);
      }
      const summary = {
        malformed: results.length - 4, idleRequested: idleCount, idleConnected, idleClosedByServer,
        oneShotAnswered: answered, memory: mem, report,
      };
      if (process.env.WB_HOSTILE_REPORT) {
        try {
          writeFileSync(process.env.WB_HOSTILE_REPORT, JSON.stringify(summary, null, 2));
        } catch (err) {
          report.push(`could not write ${process.env.WB_HOSTILE_REPORT}: ${err.message}`);
        }
      }
      this.summary = summary;
      return report;
    },
  };
}
