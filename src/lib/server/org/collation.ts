import { chineseNumeral } from '../content/regulations/numerals.ts';

// Units are named with ordinals: 第一党支部 … 第十一党支部, 机关二支部, 3号楼党小组. Sorted by character
// code they come out as 第一、第三、第二、第十一; people expect 第一、第二、第三 … 第十一. The admin can
// set an explicit order (org_units.sort_order); among units with the same sort order, names are
// compared by their embedded numbers, by value, and the rest of the text in pinyin order.

const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

/** A run of Arabic digits (half- or full-width), or of Chinese numeral characters. */
const NUMBER_RUN = /[0-9０-９]+|[零〇一二两三四五六七八九十百千万]+/g;
/** A Chinese run counts as a number only with a digit in it: 千 in 千岛湖 is not one. */
const HAS_DIGIT = /[0-9０-９零〇一二两三四五六七八九十]/;

type Part = string | number;

function numberValue(run: string): number | null {
	if (!HAS_DIGIT.test(run)) return null;
	// 万 is not in the regulation numerals (articles never reach it): 一万二千 = 1 × 10000 + 二千.
	const wan = run.indexOf('万');
	if (wan >= 0) {
		if (run.indexOf('万', wan + 1) >= 0) return null;
		const high = wan === 0 ? 1 : chineseNumeral(run.slice(0, wan));
		const low = wan === run.length - 1 ? 0 : chineseNumeral(run.slice(wan + 1));
		return high === null || low === null ? null : high * 10_000 + low;
	}
	return chineseNumeral(run);
}

/** The name as alternating text and numbers: 第十一党支部 → ['第', 11, '党支部']. */
export function nameParts(name: string): Part[] {
	const parts: Part[] = [];
	let last = 0;
	for (const match of name.matchAll(NUMBER_RUN)) {
		const value = numberValue(match[0]);
		if (value === null) continue;
		if (match.index > last) parts.push(name.slice(last, match.index));
		parts.push(value);
		last = match.index + match[0].length;
	}
	if (last < name.length) parts.push(name.slice(last));
	return parts;
}

/** Compares two unit names by their embedded numbers (by value) and the text between (pinyin). */
export function compareUnitNames(a: string, b: string): number {
	const pa = nameParts(a);
	const pb = nameParts(b);
	for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
		const x = pa[i];
		const y = pb[i];
		if (typeof x === 'number' && typeof y === 'number') {
			if (x !== y) return x - y;
		} else if (typeof x === 'number') {
			return -1;
		} else if (typeof y === 'number') {
			return 1;
		} else {
			const c = collator.compare(x, y);
			if (c !== 0) return c;
		}
	}
	return pa.length - pb.length || collator.compare(a, b);
}

export type Sortable = { id: number; name: string; sortOrder: number };

/** The order of sibling units: the admin's sort order first, then the name, then creation. */
export function compareUnits(a: Sortable, b: Sortable): number {
	return a.sortOrder - b.sortOrder || compareUnitNames(a.name, b.name) || a.id - b.id;
}
