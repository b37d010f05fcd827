import { db } from '../db/index.ts';
import { resolveRefs } from '../content/refs.ts';
import { CompetitionEngine } from './engine.ts';

// The app's one engine. Kept on globalThis so that a dev-server module reload does not start a
// second engine with its own copy of the competitions (the database would still be right, but streams
// attached to the old copy would stop receiving events).
const KEY = Symbol.for('qingfeng.live.engine');
const holder = globalThis as typeof globalThis & { [KEY]?: CompetitionEngine };

export const live: CompetitionEngine = (holder[KEY] ??= new CompetitionEngine(db, { resolveRefs: (refs) => resolveRefs(db, refs) }));
