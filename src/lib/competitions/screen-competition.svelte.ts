import type { CompetitionScreenState } from '$lib/competitions/types';
import { EventStream } from './event-stream.svelte';

/** What the projector and the host's phone show, kept current by the screen stream. */
export class ScreenCompetition {
	state: CompetitionScreenState = $state()!;
	stream: EventStream;

	constructor(competitionId: number, snapshot: CompetitionScreenState) {
		this.state = snapshot;
		this.stream = new EventStream(`/competitions/${competitionId}/screen/events`, { screen: (s: CompetitionScreenState) => (this.state = s) });
	}

	start() {
		this.stream.start();
	}

	stop() {
		this.stream.stop();
	}
}


