import { db } from '../db/index.ts';
import { resolveRefs } from '../content/refs.ts';
import { LiveEngine } from './engine.ts';

// The app's one engine. Kept on globalThis so that a dev-server module reload does not start a
// second engine with its own copy of the games (the database would still be right, but streams
// attached to the old copy would stop receiving events).
const KEY = Symbol.for('qingfeng.live.engine');
const holder = globalThis as typeof globalThis & { [KEY]?: LiveEngine };

export const live: LiveEngine = (holder[KEY] ??= new LiveEngine(db, { resolveRefs: (refs) => resolveRefs(db, refs) }));
