// The decode worker: one per page, started by streamEngine.ts on the first streamed track (so the
// demuxers, mediabunny among them, load only then). It applies the page's commands to the Feeder
// and posts back what the page needs to know; PCM goes straight to the output worklet.
import { Feeder } from './feeder.ts';
import type { FromDecoder, ToDecoder } from './protocol.ts';

const scope = self as unknown as { postMessage(m: FromDecoder): void; onmessage: ((e: MessageEvent<ToDecoder>) => void) | null };

let feeder: Feeder | null = null;
const post = (m: FromDecoder) => scope.postMessage(m);

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'init') {
    feeder = new Feeder(m.port, m.rate, post);
    return;
  }
  const f = feeder;
  if (!f) return;
  switch (m.type) {
    case 'load':
      void f.load(m.req, m.id, m.source, m.gain, m.autoplay, m.startFrames);
      break;
    case 'next':
      f.setNext(m.next);
      break;
    case 'gain':
      f.setGain(m.id, m.gain);
      break;
    case 'seek':
      void f.seek(m.frames);
      break;
    case 'swap':
      f.swapSource(m.id, m.source);
      break;
    case 'renewed':
      f.renewed(m.req, m.url);
      break;
    case 'play':
      f.play();
      break;
    case 'pause':
      f.pause();
      break;
    case 'stop':
      f.stop();
      break;
  }
};
