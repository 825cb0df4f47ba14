import { describe, expect, it } from 'vitest';
import { Outbound } from '../../../src-main/host/outbound.js';

const limits = { sendHighWaterBytes: 1000, sendLimitBytes: 5000, slowReaderGraceMs: 2000 };

/** A socket whose unsent bytes the test sets: `send` adds, `read` takes away. */
function fakeSocket() {
  const socket = {
    bufferedAmount: 0,
    sent: [] as string[],
    send(text: string) {
      socket.sent.push(text);
      socket.bufferedAmount += text.length;
    },
    read(bytes: number) {
      socket.bufferedAmount = Math.max(0, socket.bufferedAmount - bytes);
    },
  };
  return socket;
}

function harness() {
  const socket = fakeSocket();
  let now = 0;
  let poll: (() => void) | undefined;
  const overflows: string[] = [];
  const outbound = new Outbound(socket, {
    limits,
    onOverflow: (reason) => overflows.push(reason),
    now: () => now,
    setRepeating: (fn) => {
      poll = fn;
      return 1;
    },
    clearRepeating: () => {
      poll = undefined;
    },
  });
  return { socket, outbound, overflows, advance: (ms: number) => ((now += ms), poll?.()), polling: () => poll !== undefined };
}

describe('Outbound (per-connection backpressure)', () => {
  it('sends events while under the high-water mark; drops them above it and keeps sending replies', () => {
    const { socket, outbound, overflows } = harness();
    outbound.event('x'.repeat(900));
    outbound.event('y'.repeat(200));
    expect(socket.sent).toHaveLength(2);
    outbound.event('z'.repeat(10));
    expect(socket.sent).toHaveLength(2);
    expect(outbound.droppedBatches).toBe(1);
    outbound.reply('r'.repeat(100));
    expect(socket.sent).toHaveLength(3);
    expect(overflows).toEqual([]);
  });

  it('closes a reader that caught up after events were dropped, so its reconnect reloads what it missed', () => {
    const { socket, outbound, overflows, advance, polling } = harness();
    outbound.event('x'.repeat(1200));
    outbound.event('dropped');
    expect(polling()).toBe(true);
    advance(100);
    expect(overflows).toEqual([]);
    socket.read(1100);
    advance(100);
    expect(overflows).toHaveLength(1);
    expect(overflows[0]).toMatch(/1 event batches dropped/);
    expect(polling()).toBe(false);
    outbound.event('after');
    expect(socket.sent).toHaveLength(1);
  });

  it('closes a reader still behind after the grace period, and one past the hard limit at once (replies included)', () => {
    const slow = harness();
    slow.outbound.event('x'.repeat(1200));
    slow.outbound.event('dropped');
    slow.advance(1999);
    expect(slow.overflows).toEqual([]);
    slow.advance(1);
    expect(slow.overflows[0]).toMatch(/still behind after 2 s/);

    const flooded = harness();
    flooded.outbound.reply('r'.repeat(4000));
    expect(flooded.overflows).toEqual([]);
    flooded.outbound.reply('r'.repeat(1001));
    expect(flooded.overflows).toEqual(['more than 5 KiB waiting to be read']);
    flooded.outbound.reply('more');
    expect(flooded.socket.sent).toHaveLength(2);
  });
});
