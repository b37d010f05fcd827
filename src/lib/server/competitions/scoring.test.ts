import { describe, expect, it } from 'vitest';
import { answerPoints, computeStandings, computeTeamStandings, speedPoints } from './scoring.ts';

describe('speedPoints', () => {
	it('gives full points at the first instant, half at the deadline, linear in between', () => {
		expect(speedPoints(100, 20, 20_000)).toBe(100);
		expect(speedPoints(100, 20, 10_000)).toBe(75);
		expect(speedPoints(100, 20, 0)).toBe(50);
		// A clock glitch cannot give more than full points or less than half.
		expect(speedPoints(100, 20, 99_000)).toBe(100);
		expect(speedPoints(100, 20, -5)).toBe(50);
	});
});

describe('answerPoints', () => {
	it('scores each round kind', () => {
		expect(answerPoints({ round: 'required', points: 100, seconds: 20, correct: false, remainingMs: 20_000 })).toBe(0);
		expect(answerPoints({ round: 'buzz', points: 30, seconds: 20, correct: true, remainingMs: 1 })).toBe(30);
		expect(answerPoints({ round: 'buzz', points: 30, seconds: 20, correct: false, remainingMs: 1 })).toBe(-30);
		expect(answerPoints({ round: 'risk', points: 0, seconds: 20, correct: true, remainingMs: 1, stake: 20 })).toBe(20);
		expect(answerPoints({ round: 'risk', points: 0, seconds: 20, correct: false, remainingMs: 1, stake: 20 })).toBe(-20);
	});
});

describe('standings', () => {
	const players = [
		{ id: 1, name: '甲', teamKey: 'a', teamName: 'A队' },
		{ id: 2, name: '乙', teamKey: 'a', teamName: 'A队' },
		{ id: 3, name: '丙', teamKey: 'b', teamName: 'B队' },
		{ id: 4, name: '丁', teamKey: 'b', teamName: 'B队' }
	];
	it('counts only closed questions and applies silence penalties once closed', () => {
		const standings = computeStandings({
			questions: [
				{ id: 10, round: 'required', points: 100, seconds: 20, closed: true },
				{ id: 11, round: 'risk', points: 0, seconds: 20, closed: true },
				{ id: 12, round: 'buzz', points: 50, seconds: 20, closed: true },
				{ id: 13, round: 'required', points: 100, seconds: 20, closed: false }
			],
			players,
			answers: [
				{ competitionQuestionId: 10, playerId: 1, correct: true, points: 80 },
				{ competitionQuestionId: 10, playerId: 2, correct: true, points: 80 },
				{ competitionQuestionId: 11, playerId: 1, correct: true, points: 30 },
				{ competitionQuestionId: 13, playerId: 3, correct: true, points: 100 }
			],
			stakes: [
				{ competitionQuestionId: 11, playerId: 1, stake: 30 },
				{ competitionQuestionId: 11, playerId: 3, stake: 10 }
			],
			buzzWinners: new Map([[12, 4]])
		});
		expect(standings.map((s) => [s.name, s.score, s.rank])).toEqual([
			['甲', 110, 1],
			['乙', 80, 2],
			['丙', -10, 3],
			['丁', -50, 4]
		]);
		expect(computeTeamStandings(standings).map((t) => [t.teamName, t.score, t.rank])).toEqual([
			['A队', 95, 1],
			['B队', -30, 2]
		]);
	});

	it('shares ranks between equal scores and skips the next rank', () => {
		const standings = computeStandings({
			questions: [{ id: 1, round: 'required', points: 10, seconds: 10, closed: true }],
			players,
			answers: [
				{ competitionQuestionId: 1, playerId: 2, correct: true, points: 10 },
				{ competitionQuestionId: 1, playerId: 3, correct: true, points: 10 }
			],
			stakes: [],
			buzzWinners: new Map()
		});
		expect(standings.map((s) => s.rank)).toEqual([1, 1, 3, 3]);
	});
});
