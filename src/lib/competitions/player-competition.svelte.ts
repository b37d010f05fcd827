import type { CompetitionAck, CompetitionBuzzAck, CompetitionMeState, CompetitionPublicState, CompetitionStakeAck } from '$lib/competitions/types';
import { EventStream } from './event-stream.svelte';
import { newClientId, postJson } from './post';

export type Notice = { questionId: number; ok: boolean; text: string };

const OFFLINE = '网络不稳定，未能送达，请再点一次';
const clockTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A player's view of the competition on their phone: state from the server, and their own taps. */
export class PlayerCompetition {
	state: CompetitionPublicState = $state()!;
	me: CompetitionMeState | null = $state(null);
	/** The server's last word on this phone's tap (已收到 / refused with a reason). */
	notice: Notice | null = $state(null);
	sending = $state(false);
	stream: EventStream;
	#base: string;

	constructor(competitionId: number, snapshot: { state: CompetitionPublicState; me: CompetitionMeState | null }) {
		this.#base = `/competitions/${competitionId}/play`;
		this.state = snapshot.state;
		this.me = snapshot.me;
		this.stream = new EventStream(`${this.#base}/events`, {
			state: (s: CompetitionPublicState) => {
				if (s.question?.id !== this.state.question?.id) {
					// What this phone did belongs to the question it did it on: a new 抢答 or 风险题 starts clean,
					// even before the server's personal event for it arrives.
					this.notice = null;
					if (this.me) Object.assign(this.me, { buzzed: false, stake: null });
				}
				this.state = s;
			},
			me: (m: CompetitionMeState) => (this.me = m)
		});
	}

	start() {
		this.stream.start();
	}

	stop() {
		this.stream.stop();
	}

	/** The answer the server holds for the current question, if any. */
	get myAnswer(): string[] | null {
		const q = this.state.question;
		return q && this.me?.answer?.questionId === q.id ? this.me.answer.response : null;
	}

	async answer(response: string[]) {
		const q = this.state.question;
		if (!q || this.sending) return;
		this.sending = true;
		const result = await postJson<CompetitionAck>(`${this.#base}/answer`, { questionId: q.id, clientId: newClientId(), response });
		this.sending = false;
		const body = result.body;
		if (body?.ok) {
			if (this.me) this.me.answer = { questionId: body.questionId, clientId: body.clientId, response: body.response, receivedAt: body.receivedAt };
			const at = clockTime.format(body.receivedAt);
			this.notice = { questionId: q.id, ok: true, text: body.replay ? `本题已作答（${at} 已收到），不能更改` : `已收到（${at}）` };
		} else this.notice = { questionId: q.id, ok: false, text: body && 'message' in body ? body.message : OFFLINE };
	}

	async buzz() {
		const q = this.state.question;
		if (!q || this.sending) return;
		this.sending = true;
		const result = await postJson<CompetitionBuzzAck>(`${this.#base}/buzz`, { questionId: q.id });
		this.sending = false;
		const body = result.body;
		if (body?.ok) {
			if (this.me) this.me.buzzed = true;
			this.notice = { questionId: q.id, ok: body.won, text: body.won ? '抢到了！请作答' : `${body.winnerName ?? '其他选手'} 抢先一步` };
		} else this.notice = { questionId: q.id, ok: false, text: body && 'message' in body ? body.message : OFFLINE };
	}

	async stake(stake: number) {
		const q = this.state.question;
		if (!q || this.sending) return;
		this.sending = true;
		const result = await postJson<CompetitionStakeAck>(`${this.#base}/stake`, { questionId: q.id, stake });
		this.sending = false;
		const body = result.body;
		if (body?.ok) {
			if (this.me) this.me.stake = body.stake;
			this.notice = { questionId: q.id, ok: true, text: `已选择 ${body.stake} 分` };
		} else this.notice = { questionId: q.id, ok: false, text: body && 'message' in body ? body.message : OFFLINE };
	}
}
