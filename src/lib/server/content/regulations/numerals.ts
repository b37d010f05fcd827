// Chinese numerals as they appear in article labels: 第十条, 第二十条, 第一百零五条, 第一百二十三条.

const DIGITS: Record<string, number> = {
	零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that may form a numeral (used by the parser's patterns). */
export const NUMERAL_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * Parses a Chinese numeral (一 … 九千九百九十九) or Arabic digits (full- or half-width) to an
 * integer; null when the text is not a well-formed numeral. Accepts the colloquial 一百十 (110)
 * and digit-by-digit forms such as 一〇五.
 */
export function chineseNumeral(text: string): number | null {
	const s = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
	if (s === '') return null;
	if (/^[0-9]+$/.test(s)) return Number(s);
	if (![...s].every((c) => c in DIGITS || c in UNITS)) return null;
	if (![...s].some((c) => c in UNITS)) {
		// 一〇五: read digit by digit; a single 零 is 0.
		return Number([...s].map((c) => DIGITS[c]).join(''));
	}
	let total = 0;
	let digit: number | null = null;
	let lastUnit = Infinity;
	let sawZero = false;
	for (const c of s) {
		if (c in DIGITS) {
			if (digit !== null && !sawZero) return null; // two digits in a row: 二三十
			if (DIGITS[c] === 0) {
				if (sawZero || digit !== null) return null;
				sawZero = true;
				continue;
			}
			digit = DIGITS[c];
		} else {
			const unit = UNITS[c];
			if (unit >= lastUnit) return null; // 十百, 百百: units must fall
			if (sawZero && digit === null) return null; // 零十
			// A bare 十 means 一十: at the start (十五 = 15) and after a higher unit (一百十 = 110).
			if (digit === null && unit !== 10 && total > 0) return null; // 一千百
			total += (digit ?? 1) * unit;
			lastUnit = unit;
			digit = null;
			sawZero = false;
		}
	}
	if (digit !== null) {
		// 一百二 would be 120 in speech, but article labels never abbreviate; 一百零二 is 102.
		total += digit;
	}
	return total;
}

const DIGIT_CHARS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Integer (1–9999) to the Chinese numeral used in article labels: 98 → 九十八, 105 → 一百零五, 110 → 一百一十. */
export function toChineseNumeral(n: number): string {
	if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
	if (n === 0) return '零';
	if (n >= 10 && n < 20) return '十' + (n % 10 ? DIGIT_CHARS[n % 10] : '');
	const units = ['千', '百', '十', ''];
	const values = [1000, 100, 10, 1];
	let out = '';
	let pendingZero = false;
	for (let i = 0; i < values.length; i++) {
		const d = Math.floor(n / values[i]) % 10;
		if (d === 0) {
			if (out) pendingZero = true;
			continue;
		}
		if (pendingZero) out += '零';
		pendingZero = false;
		out += DIGIT_CHARS[d] + units[i];
	}
	return out;
}
