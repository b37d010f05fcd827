import { describe, expect, it } from 'vitest';
import { State } from 'ts-fsrs';
import { newCard, restart, review, type CardFields } from './schedule.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 2, 2, 1, 0);

/** Reviews a card at the moment it is due, `n` times, with the given results. */
function run(card: CardFields, results: boolean[]): { card: CardFields; intervals: number[] } {
	const intervals: number[] = [];
	let c = card;
	for (const correct of results) {
		const at = Math.max(c.due, c.lastReview ?? c.due);
		const next = review(c, correct, at).card;
		intervals.push(next.due - at);
		c = next;
	}
	return { card: c, intervals };
}

describe('the FSRS schedule of 错题本 cards', () => {
	it('a new mistake is due at once', () => {
		const c = newCard(t0);
		expect(c.due).toBe(t0);
		expect(c.state).toBe(State.New);
		expect(c.reps).toBe(0);
	});

	it('right answers go through the learning steps (10 minutes), then grow the intervals to days and beyond', () => {
		const { card, intervals } = run(newCard(t0), [true, true, true, true, true]);
		expect(intervals[0]).toBe(10 * MIN);
		expect(intervals[1]).toBeGreaterThanOrEqual(DAY);
		for (let i = 2; i < intervals.length; i++) expect(intervals[i]).toBeGreaterThan(intervals[i - 1]);
		expect(card.state).toBe(State.Review);
		expect(card.reps).toBe(5);
		expect(card.lapses).toBe(0);
	});

	it('a wrong answer is Again: back in a minute, a lapse once the card was in review, and a shorter interval after', () => {
		const learning = review(newCard(t0), false, t0).card;
		expect(learning.due - t0).toBe(1 * MIN);
		expect(learning.state).toBe(State.Learning);
		const { card: mature, intervals } = run(newCard(t0), [true, true, true, true]);
		const lapse = review(mature, false, mature.due).card;
		expect(lapse.state).toBe(State.Relearning);
		expect(lapse.lapses).toBe(1);
		expect(lapse.due - mature.due).toBeLessThanOrEqual(10 * MIN);
		const after = run(lapse, [true, true]);
		expect(after.intervals.at(-1)!).toBeLessThan(intervals.at(-1)! * 3);
	});

	it('is the same schedule every time for the same history (no fuzz)', () => {
		expect(run(newCard(t0), [true, false, true, true, true])).toEqual(run(newCard(t0), [true, false, true, true, true]));
	});

	it('restarts a card whose article changed: new again and due now, its history counts kept', () => {
		const { card } = run(newCard(t0), [true, true, true]);
		const now = card.due + 5 * DAY;
		const { card: again, log } = restart(card, now);
		expect(again.state).toBe(State.New);
		expect(again.due).toBe(now);
		expect(again.reps).toBe(card.reps);
		expect(log.state).toBe(State.Review);
	});
});
