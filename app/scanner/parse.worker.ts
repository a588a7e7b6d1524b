// Worker entry (piscina): turns on Node's compile cache before loading the parser, so a worker
// starts from cached, already type-stripped code after the first scan (start-up is part of every scan).
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { parseBatch } = await import('./parseFile.ts');
export default parseBatch;
