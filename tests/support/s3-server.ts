import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's one built-in account: it checks every request's signature against this pair. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3 {
  endpoint: string;
  directory: string;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on a free loopback port, buckets created, files in a temp folder. */
export async function startS3Server(buckets: string[], directory = mkdtempSync(join(tmpdir(), 's3rver-'))): Promise<RunningS3> {
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const address = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver in a child process: a test can kill it (SIGKILL) the way a server dies, and it answers while the test
 * blocks in spawnSync (a CLI run).
 */
export async function startS3ServerProcess(directory: string, buckets: string[] = []): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = `
    const S3rver = require('s3rver');
    new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: ${JSON.stringify(directory)}, configureBuckets: ${JSON.stringify(buckets.map((name) => ({ name })))} })
      .run().then((a) => process.stdout.write('PORT ' + a.port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /PORT (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver child exited with ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

/**
 * A loopback TCP relay in front of a server that calls `onResponseBytes` with the bytes relayed back so far:
 * a test kills the server once a response is under way, i.e. mid-read, at the same point every run, and returns
 * 'cut' to drop the client's connection at that point too.
 */
export async function startRelay(target: string, onResponseBytes: (total: number) => 'cut' | void): Promise<{ endpoint: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let total = 0;
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      if (client.destroyed) return;
      client.write(d);
      total += d.length;
      // "cut": the connection drops here. Killing the server alone is not enough: what it wrote before dying may
      // still sit in the loopback buffers and arrive whole.
      if (onResponseBytes(total) === 'cut') end();
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
