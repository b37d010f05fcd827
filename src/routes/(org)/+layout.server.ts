import { requireOrganizer } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// Keeps the organizer area out of reach as a whole; every page load, action and endpoint still
// calls requireOrganizer and checks the scope of every id itself, because a layout load does not
// protect form actions or +server.ts endpoints.
export const load: LayoutServerLoad = (event) => {
	requireOrganizer(event);
	return {};
};
