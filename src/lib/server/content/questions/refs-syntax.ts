import { parseRef } from '../refs.ts';

/** Splits `a#1，b#2, c#3` into refs; anything that is not `slug#N` comes back in `invalid`. */
export function parseRefList(text: string): { refs: string[]; invalid: string[] } {
	const refs: string[] = [];
	const invalid: string[] = [];
	for (const part of text.split(/[，,、；;\s]+/)) {
		const ref = part.trim().replace(/＃/g, '#');
		if (!ref) continue;
		if (parseRef(ref)) {
			if (!refs.includes(ref)) refs.push(ref);
		} else invalid.push(ref);
	}
	return { refs, invalid };
}
