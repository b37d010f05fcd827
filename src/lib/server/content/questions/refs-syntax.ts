// Syntax of an article reference such as `jilv-chufen-tiaoli-2023#98`. Whether the regulation
// and article exist is decided when refs are shown (they may be loaded later or not at all).
const REF = /^[A-Za-z0-9][A-Za-z0-9_.-]*#[1-9]\d{0,3}$/;

export function isRefSyntax(ref: string): boolean {
	return REF.test(ref);
}

/** Splits `a#1，b#2, c#3` into refs; anything that is not `slug#N` comes back in `invalid`. */
export function parseRefList(text: string): { refs: string[]; invalid: string[] } {
	const refs: string[] = [];
	const invalid: string[] = [];
	for (const part of text.split(/[，,、；;\s]+/)) {
		const ref = part.trim().replace(/＃/g, '#');
		if (!ref) continue;
		if (isRefSyntax(ref)) {
			if (!refs.includes(ref)) refs.push(ref);
		} else invalid.push(ref);
	}
	return { refs, invalid };
}
