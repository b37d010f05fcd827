import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { getActivity } from '$lib/server/activities/activities';
import { checkinCode, checkinState, checkinWindow } from '$lib/server/activities/checkin';
import { attendeesOf } from '$lib/server/activities/attendance';
import type { PageServerLoad } from './$types';

const REFRESH_SECONDS = 30;

// The projector view: a QR code drawn by the app itself (SVG from the qrcode package, no
// external service) for /checkin/<code> on this server's own origin. The code changes every
// minute, so the page fetches itself again every REFRESH_SECONDS (invalidate with JavaScript, a
// meta refresh without); a code is accepted for at least a minute after it was drawn.
export const load: PageServerLoad = async (event) => {
	event.depends('app:checkin-qr');
	const { scope } = await requireOrganizerScope(event, db);
	const activity = await getActivity(db, scope, Number(event.params.id));
	if (!activity || activity.source !== 'offline' || !activity.checkinToken) error(404, '活动不存在');
	const now = new Date();
	const url = `${event.url.origin}/checkin/${checkinCode(activity, now)}`;
	const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
	return {
		activity: { id: activity.id, title: activity.title, unitName: activity.unitName, place: activity.place, cancelled: !!activity.cancelledAt },
		url,
		svg,
		window: checkinWindow(activity),
		state: checkinState(activity, now),
		refreshSeconds: REFRESH_SECONDS,
		count: (await attendeesOf(db, activity)).length,
		// A clean page for the projector: the root layout leaves out the site navigation.
		bare: true
	};
};
