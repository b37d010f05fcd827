import { requireAdmin } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// Keeps the admin pages out of reach as a whole; every page load and action still checks
// requireAdmin itself, because a layout load does not protect form actions.
export const load: LayoutServerLoad = (event) => {
	requireAdmin(event);
	return {};
};
