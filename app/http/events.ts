// Server-sent events: one named event, the current state first, then every update, a comment
// ping every 15 s, and cleanup when the client goes away.
import type { ServerResponse } from 'node:http';
import type { Request, Response } from 'express';

export interface EventStreamOptions<T> {
  /** The `event:` name of every frame. */
  event: string;
  /** The state sent first. */
  current: T;
  /** Calls `send` on every update; returns the unsubscribe function. */
  subscribe(send: (value: T) => void): () => void;
  /** Open streams, so the server can end them on close. */
  streams: Set<ServerResponse>;
}

export function eventStream<T>(req: Request, res: Response, options: EventStreamOptions<T>): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (value: T) => res.write(`event: ${options.event}\ndata: ${JSON.stringify(value)}\n\n`);
  res.write('retry: 2000\n\n');
  send(options.current);
  const unsubscribe = options.subscribe(send);
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  options.streams.add(res);
  req.on('close', () => {
    clearInterval(ping);
    unsubscribe();
    options.streams.delete(res);
  });
}
