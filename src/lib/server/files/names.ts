// Names and titles people type or upload: control characters, zero-width and bidi-override
// characters are removed (a name must read the same everywhere it is shown, and must not turn
// "gpj.exe" into "exe.jpg" on screen), path parts are dropped, and reserved characters replaced.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Text typed into a one-line field: no control or direction-override characters, whitespace collapsed. */
export function cleanLine(text: string): string {
	return text.replace(INVISIBLE, '').replace(/[\t\r\n]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** Text typed into a text area: no control or direction-override characters, line breaks kept. */
export function cleanMultiline(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}

/** A stored file's name: the uploaded name without path or extension, made safe, with the detected type's extension. */
export function safeFileName(uploaded: string, extension: string, fallback = '附件'): string {
	let base = cleanLine(uploaded.normalize('NFC'))
		.replace(/^.*[\\/]/, '')
		.replace(/\.[A-Za-z0-9]{1,8}$/, '')
		.replace(/[<>:"/\\|?*]/g, '_')
		.replace(/^[.\s]+/, '')
		.trim();
	if ([...base].length > 80) base = [...base].slice(0, 80).join('');
	return `${base || fallback}.${extension}`;
}
