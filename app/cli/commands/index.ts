import type { Command } from '../command.ts';
import { scanCommand } from './scan.ts';
import { watchCommand } from './watch.ts';
import { statsCommand } from './stats.ts';
import { errorsCommand } from './errors.ts';
import { searchCommand } from './search.ts';
import { serveCommand } from './serve.ts';
import { syncCommand } from './sync.ts';

/** Every `tonearm <command>`. Add new commands here. */
export const commands: readonly Command[] = [scanCommand, watchCommand, statsCommand, errorsCommand, searchCommand, serveCommand, syncCommand];
