import type { LiveScreenState } from '$lib/server/live/types';
import { EventStream } from './event-stream.svelte';

/** What the projector and the host's phone show, kept current by the screen stream. */
export class ScreenGame {
	state: LiveScreenState = $state()!;
	stream: EventStream;

	constructor(gameId: number, snapshot: LiveScreenState) {
		this.state = snapshot;
		this.stream = new EventStream(`/live/screen/${gameId}/events`, { screen: (s: LiveScreenState) => (this.state = s) });
	}

	start() {
		this.stream.start();
	}

	stop() {
		this.stream.stop();
	}
}

export const STAGE_LABELS: Record<LiveScreenState['stage'], string> = {
	lobby: '等待开始',
	staking: '选择分值',
	open: '作答中',
	closed: '作答已截止',
	revealed: '已公布答案',
	leaderboard: '排行榜',
	ended: '已结束'
};

export const ROUND_LABELS = { required: '必答题', buzz: '抢答题', risk: '风险题' } as const;
