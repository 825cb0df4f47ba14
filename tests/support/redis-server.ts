import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

export interface RunningRedis {
  port: number;
  url: string;
  /** Stops the server (SIGKILL) and starts a new one on the same port: an empty Redis with a new run_id. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Debian's redis-server on a free loopback port, nothing persisted (each test its own server). */
export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const launch = (): ChildProcess => spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let child = launch();
  await waitForPort(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async restart() {
      child.kill('SIGKILL');
      await exited(child);
      child = launch();
      await waitForPort(port);
    },
    async stop() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
