import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type Grade, type ReviewLog } from 'ts-fsrs';
import type { NotebookCard } from '../db/schema/index.ts';

// The spaced-repetition schedule of 错题本 cards: FSRS (ts-fsrs) with its default weights and a
// 90% target retention, learning steps of 1 and 10 minutes. Fuzz is off, so a card's next date
// follows from its history alone (and tests can state it). A review is graded by the answer:
// wrong is Again, right is Good — a person cannot talk themselves out of a mistake.

const scheduler = fsrs(generatorParameters({ enable_fuzz: false, request_retention: 0.9 }));

export type CardFields = Pick<NotebookCard, 'due' | 'stability' | 'difficulty' | 'elapsedDays' | 'scheduledDays' | 'learningSteps' | 'reps' | 'lapses' | 'state' | 'lastReview'>;

export function toFsrs(c: CardFields): Card {
	return {
		due: new Date(c.due),
		stability: c.stability,
		difficulty: c.difficulty,
		elapsed_days: c.elapsedDays,
		scheduled_days: c.scheduledDays,
		learning_steps: c.learningSteps,
		reps: c.reps,
		lapses: c.lapses,
		state: c.state,
		last_review: c.lastReview === null ? undefined : new Date(c.lastReview)
	};
}

export function fromFsrs(c: Card): CardFields {
	return {
		due: c.due.getTime(),
		stability: c.stability,
		difficulty: c.difficulty,
		elapsedDays: c.elapsed_days,
		scheduledDays: c.scheduled_days,
		learningSteps: c.learning_steps,
		reps: c.reps,
		lapses: c.lapses,
		state: c.state,
		lastReview: c.last_review ? c.last_review.getTime() : null
	};
}

/** A new card for a mistake made at `at`: due at once. */
export function newCard(at: number): CardFields {
	return fromFsrs(createEmptyCard(new Date(at)));
}

export function gradeFor(correct: boolean): Grade {
	return correct ? Rating.Good : Rating.Again;
}

/** The card after one review at `now`, and the log row ts-fsrs writes for it. */
export function review(card: CardFields, correct: boolean, now: number): { card: CardFields; log: ReviewLog } {
	const { card: next, log } = scheduler.next(toFsrs(card), new Date(now), gradeFor(correct));
	return { card: fromFsrs(next), log };
}

/** Back to learning (a changed article): ts-fsrs's forget, keeping the counts of reviews and lapses. */
export function restart(card: CardFields, now: number): { card: CardFields; log: ReviewLog } {
	const { card: next, log } = scheduler.forget(toFsrs(card), new Date(now), false);
	return { card: fromFsrs(next), log };
}
