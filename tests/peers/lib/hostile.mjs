// Raw-socket attacks on a loopback callback listener, used by browser-login.mjs --hostile.
// attackListener() first runs the one-shot probes (malformed requests, huge header, 10 MB POST,
// foreign Host, invalid UTF-8), then opens 100 idle connections and a slowloris client that keep
// running during the login, and returns { close() } which ends those and returns a
// one-line-per-attack report.
//
// Every probe except the foreign-Host one targets paths under /wb-hostile/ so that a listener that
// (rightly) treats the first request on its redirect path as the callback is not tricked by
// requests a browser would never send there. The foreign-Host probe does target the redirect path
// with a forged code and state: a loopback listener must not accept a callback whose Host is not
// the loopback address it serves (DNS rebinding).

import { randomBytes } from 'node:crypto';
import net from 'node:net';

const PROBE_TIMEOUT_MS = 3000;
const CONCURRENCY = 8;

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
  // Random binary junk of assorted sizes fills the list up to 50.
  let n = 0;
  while (list.length < 50) {
    n += 1;
    list.push([`random bytes #${n}`, randomBytes(16 * n)]);
  }
  return list;
}

export async function attackListener(redirectUri, log) {
  const target = connectTarget(redirectUri);
  const hostHeader = redirectUri.host;
  const redirectPath = redirectUri.pathname || '/';
  const report = [];
  log(`hostile: attacking ${target.host}:${target.port} (redirect path ${redirectPath})`);

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

  // 100 idle connections, held open through the whole login.
  const idle = [];
  let idleClosedByServer = 0;
  let idleFirstClose;
  let idleLastClose;
  const idleStart = Date.now();
  await Promise.all(
    Array.from({ length: 100 }, () => new Promise((resolve) => {
      const s = net.connect(target);
      s.setNoDelay(true);
      s.on('connect', resolve);
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
  const idleConnected = idle.filter((s) => !s.destroyed && s.readyState === 'open').length;
  report.push(`idle connections: ${idleConnected}/100 connected`);

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

  log(`hostile: ${results.length} one-shot probes done; now ${idleConnected}/100 idle connections and a slowloris client stay open during the login`);

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
      report.push(`idle connections: ${idleClosedByServer} closed by the listener${when}, ${100 - idleClosedByServer} still open at the end (${((Date.now() - idleStart) / 1000).toFixed(1)} s)`);
      for (const s of idle) {
        s.wbClosing = true;
        s.destroy();
      }
      return report;
    },
  };
}
