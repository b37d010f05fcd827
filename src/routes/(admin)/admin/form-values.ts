/** The submitted text fields, to refill a form refused by the domain (passwords are never echoed). */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
	return values;
}
