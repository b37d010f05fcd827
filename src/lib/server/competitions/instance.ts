import { db } from '../db/index.ts';
import { resolveRefs } from '../content/refs.ts';
import { appClock, type ServerClock } from '../clock.ts';
import { CompetitionEngine } from './engine.ts';

// The app's one engine per process. Kept on globalThis so that a dev-server module reload does not
// start a second engine with its own mirrors (the database would still be right, but streams
// attached to the old one would stop receiving events).
const KEY = Symbol.for('qingfeng.competition.engine');
const holder = globalThis as typeof globalThis & { [KEY]?: { engine: CompetitionEngine; clock: ServerClock } };

holder[KEY] ??= (() => {
	const clock = appClock;
	return { clock, engine: new CompetitionEngine(db, { now: clock.now, resolveRefs: (refs) => resolveRefs(db, refs) }) };
})();

export const competitionEngine: CompetitionEngine = holder[KEY].engine;

/** At start: agree on the clock with other processes and hear their changes (PostgreSQL; no-ops on SQLite). */
export async function startCompetitionEngine(): Promise<void> {
	await holder[KEY]!.clock.start(db);
	if (db.$engine.dialect === 'postgres') await competitionEngine.listen();
}
