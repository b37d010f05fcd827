import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getActivity } from '$lib/server/activities/sessions';
import { checkinState, checkinWindow } from '$lib/server/activities/checkin';
import { attendeesOf } from '$lib/server/activities/attendance';
import type { PageServerLoad } from './$types';

// The projector view: a QR code drawn by the app itself (SVG from the qrcode package, no
// external service) for /checkin/<code> on this server's own origin.
export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const activity = getActivity(db, scopeFor(db, user), Number(event.params.id));
	if (!activity || activity.source !== 'session' || !activity.checkinToken) error(404, '活动不存在');
	const url = `${event.url.origin}/checkin/${activity.checkinToken}`;
	const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
	return {
		activity: { id: activity.id, title: activity.title, unitName: activity.unitName, place: activity.place, cancelled: !!activity.cancelledAt },
		url,
		svg,
		window: checkinWindow(activity),
		state: checkinState(activity, new Date()),
		count: attendeesOf(db, activity).length
	};
};
