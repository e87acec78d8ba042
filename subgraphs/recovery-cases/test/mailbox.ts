import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * What the test mail server does with the next messages: ACCEPT them; REFUSE_RECIPIENT (a 550 to RCPT TO, so nothing
 * leaves); or DROP_AFTER_DATA — keep the message, then cut the connection before answering, so the sender cannot tell
 * whether it went through (a relay that crashed or timed out mid-reply).
 */
export type MailboxMode = 'ACCEPT' | 'REFUSE_RECIPIENT' | 'DROP_AFTER_DATA';

/** Mail bodies arrive quoted-printable encoded (long lines soft-wrapped, `=` escaped). */
export function quotedPrintableDecoded(body: string): string {
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A real SMTP server on a free port that keeps what it receives; `mode` can change between sends. */
export async function startMailbox() {
  const mails: { to: string; body: string }[] = [];
  const sockets = new Set<Socket>();
  const state = { mode: 'ACCEPT' as MailboxMode };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      if (state.mode !== 'REFUSE_RECIPIENT') return callback();
      callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body: Buffer.concat(chunks).toString('utf8') });
        if (state.mode !== 'DROP_AFTER_DATA') return callback();
        for (const socket of sockets) socket.destroy();
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    mails,
    port,
    setMode: (mode: MailboxMode) => {
      state.mode = mode;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Mailbox = Awaited<ReturnType<typeof startMailbox>>;
