/** The gateway's HTTP route proxy streams both ways: no buffering, backpressure, body caps while streaming. */
import { connect } from 'node:net';
import { uploadUntilCutOff, waitUntil } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { LINE, MAX_BODY, bearer, seen, useReportsGraph } from './fixtures/reports-subgraph.js';

let base: string;
useReportsGraph((started) => ({ base } = started));

describe('gateway HTTP routes stream', () => {
  it('delivers the first bytes of an answer before the subgraph has written the rest (no buffering)', async () => {
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=1000&hold=1`, { headers: await bearer() });
    const reader = response.body!.getReader();
    // The subgraph holds the other 999 lines until this first one reached the client through the gateway.
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(LINE);
    seen.releaseFirstLine();
    let bytes = first.value!.byteLength;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    expect(bytes).toBe(LINE.length * 1000);
  });

  it('streams a 50 MB answer whole', async () => {
    const count = 500_000;
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=${count}`, { headers: await bearer() });
    let bytes = 0;
    let newlines = 0;
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      bytes += chunk.byteLength;
      // Native search: a byte-by-byte JS loop over 50 MB took longer than the whole transfer on a loaded machine.
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines += 1;
    }
    expect(bytes).toBe(LINE.length * count);
    expect(newlines).toBe(count);
  }, 120_000);

  it('holds the subgraph back while the client does not read, and stops it when the client leaves', async () => {
    const count = 2_000_000; // 200 MB if it were all produced
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=${count}`, { headers: await bearer() });
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Only socket and stream buffers on two hops fill up; a gateway that buffered would let the subgraph run on.
    expect(seen.stream.produced).toBeLessThan(32 * 1024 * 1024);
    await reader.cancel();
    await waitUntil(() => seen.stream.closedEarly);
    expect(seen.stream.produced).toBeLessThan(count * LINE.length);
  }, 120_000);

  it('refuses a body declared larger than the cap with 413 without calling the subgraph', async () => {
    const before = seen.calls;
    const response = await fetch(`${base}/reports/uploads`, {
      method: 'POST',
      headers: { ...(await bearer()), 'content-type': 'application/x-ndjson' },
      body: Buffer.alloc(MAX_BODY + 1, 120),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /larger than 1048576 bytes/,
    );
    expect(seen.calls).toBe(before);
  });

  it('refuses a chunked body that grows past the cap with 413, and the subgraph does not take it whole', async () => {
    const uploadsBefore = seen.uploads.length;
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * MAX_BODY) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${base}/reports/uploads`, {
      method: 'POST',
      headers: { ...(await bearer()), 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(seen.uploads.length).toBe(uploadsBefore);
  });

  it('a client that reads only after sending its body still reads the 413 (no reset throws it away)', async () => {
    const { hostname, port } = new URL(base);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.pause();
    let read = '';
    let error: string | undefined;
    socket.on('data', (data: Buffer) => (read += data.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const { authorization } = await bearer();
    socket.write(
      `POST /reports/uploads HTTP/1.1\r\nhost: gateway\r\nauthorization: ${authorization}\r\n` +
        'content-type: application/x-ndjson\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    const chunk = Buffer.alloc(64 * 1024, 120);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const send = (frames: number) => {
      for (let i = 0; i < frames; i++) socket.write(frame);
    };
    send((2 * MAX_BODY) / chunk.length); // past the cap: the 413 is written while this client is still sending
    await new Promise((resolve) => setTimeout(resolve, 200));
    send(8);
    socket.write('0\r\n\r\n');
    socket.resume();
    await closed;
    expect(error).toBeUndefined();
    expect(read).toMatch(/^HTTP\/1\.1 413 /);
    expect(read).toContain('larger than 1048576 bytes');
  });

  it('cuts off an unauthenticated upload that never ends, after answering 401 (it is not read to its end)', async () => {
    const { hostname, port } = new URL(base);
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    let read = '';
    socket.on('data', (data: Buffer) => (read += data.toString('latin1')));
    socket.on('error', () => undefined); // the cut-off arrives as a reset while it sends: expected
    socket.write(
      'POST /reports/uploads HTTP/1.1\r\nhost: gateway\r\nauthorization: Bearer garbage\r\n' +
        'content-type: application/x-ndjson\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    const limit = 1024 * 1024 * 1024; // what an endless upload would send unchecked in about a second here
    const sent = await uploadUntilCutOff(socket, limit);
    socket.destroy();
    expect(read).toMatch(/^HTTP\/1\.1 401 /);
    expect(sent).toBeLessThan(limit);
  }, 60_000);
});
