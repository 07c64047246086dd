// Latchkey status client: what a UI needs to show about each provider of a tenant.
//
//   import { watchIntegrations } from 'http://localhost:8083/latchkey-status.js';
//   const watch = watchIntegrations({
//     token: () => myAuth.accessToken(),        // string, or function returning string or Promise
//     onChange: (providers) => render(providers) // { demo: { state: 'active', integrations: [...] }, ... }
//   });
//   // later: watch.stop();
//
// States per provider: loading, unconfigured, pending, active, invalid, reauth_required, error.
// This module holds no credential: the caller's bearer token is passed in and only ever sent
// in the Authorization header (never in a URL). Integration data carries no secret either.

export const STATES = Object.freeze(['loading', 'unconfigured', 'pending', 'active', 'invalid',
	'reauth_required', 'error']);

const UI_STATE = {
	PENDING_VERIFICATION: 'pending',
	ACTIVE: 'active',
	INVALID: 'invalid',
	ERROR: 'error',
	REAUTH_REQUIRED: 'reauth_required',
	EXPIRED: 'reauth_required',
};

/** The UI state of one integration state name from the status service. */
export function uiStateOf(state) {
	return UI_STATE[state] || 'error';
}

/**
 * Per provider, its UI state and integrations. A provider with an active integration is
 * active; otherwise its integration named "default" (or the most recently updated one) decides;
 * that one is the entry's {@code integration} (absent while unconfigured).
 */
export function summarize(providers, integrations) {
	const result = {};
	for (const provider of providers) {
		result[provider] = { state: integrations === null ? 'loading' : 'unconfigured', integrations: [] };
	}
	for (const integration of integrations || []) {
		const entry = result[integration.provider]
			|| (result[integration.provider] = { state: 'unconfigured', integrations: [] });
		entry.integrations.push(integration);
	}
	for (const entry of Object.values(result)) {
		if (entry.integrations.length === 0) {
			continue;
		}
		const active = entry.integrations.find((i) => i.state === 'ACTIVE');
		const chosen = active || entry.integrations.find((i) => i.name === 'default')
			|| [...entry.integrations].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)))[0];
		entry.state = uiStateOf(chosen.state);
		entry.integration = chosen;
	}
	return result;
}

/**
 * Follows the tenant's integrations and calls onChange with summarize(...) after every change.
 *
 * options: token (required), onChange (required), baseUrl (default: where this module came
 * from), mode ('sse' default, or 'poll'), pollInterval (ms, default 5000), onError(error).
 * Over SSE it resumes with Last-Event-ID after a drop and falls back to polling when the
 * stream is refused (e.g. 429, too many streams for the tenant).
 */
export function watchIntegrations(options) {
	const baseUrl = (options.baseUrl || new URL('.', import.meta.url).href).replace(/\/$/, '');
	const pollInterval = options.pollInterval || 5000;
	const onError = options.onError || (() => {});
	let providers = [];
	let integrations = new Map();
	let loaded = false;
	let stopped = false;
	let abort = null;
	let timer = null;

	const publish = () => options.onChange(summarize(providers, loaded ? [...integrations.values()] : null));
	const bearer = async () => {
		const token = typeof options.token === 'function' ? await options.token() : options.token;
		return { Authorization: 'Bearer ' + token };
	};
	const sleep = (ms) => new Promise((resolve) => { timer = setTimeout(resolve, ms); });

	async function poll() {
		const etags = {};
		while (!stopped) {
			try {
				const [statuses, list] = await Promise.all([
					conditionalGet('/api/integrations/status', 'statuses'),
					conditionalGet('/api/integrations', 'list'),
				]);
				if (statuses !== null) {
					providers = Object.keys(statuses.integrations);
				}
				if (list !== null) {
					integrations = new Map(list.integrations.map((i) => [i.id, { ...i, integrationId: i.id }]));
					loaded = true;
				}
				if (statuses !== null || list !== null) {
					publish();
				}
			}
			catch (error) {
				onError(error);
			}
			await sleep(pollInterval);
		}

		async function conditionalGet(path, key) {
			const headers = await bearer();
			if (etags[key]) {
				headers['If-None-Match'] = etags[key];
			}
			const response = await fetch(baseUrl + path, { headers, cache: 'no-store' });
			if (response.status === 304) {
				return null;
			}
			if (!response.ok) {
				throw new Error('GET ' + path + ' answered ' + response.status);
			}
			etags[key] = response.headers.get('ETag');
			return response.json();
		}
	}

	async function subscribe() {
		let lastEventId = null;
		let failures = 0;
		while (!stopped) {
			abort = new AbortController();
			try {
				const headers = { ...(await bearer()), Accept: 'text/event-stream' };
				if (lastEventId) {
					headers['Last-Event-ID'] = lastEventId;
				}
				const response = await fetch(baseUrl + '/api/integrations/status/stream',
					{ headers, signal: abort.signal, cache: 'no-store' });
				if (response.status === 429 || response.status === 404) {
					onError(new Error('status stream refused (' + response.status + '); polling instead'));
					return poll();
				}
				if (!response.ok) {
					throw new Error('status stream answered ' + response.status);
				}
				failures = 0;
				await readEvents(response.body, (event) => {
					if (event.id) {
						lastEventId = event.id;
					}
					apply(event);
				});
			}
			catch (error) {
				if (stopped) {
					return;
				}
				onError(error);
				failures++;
			}
			await sleep(Math.min(30000, 500 * 2 ** Math.min(failures, 6)));
		}
	}

	function apply(event) {
		const data = event.data ? JSON.parse(event.data) : null;
		if (event.type === 'snapshot') {
			providers = data.providers;
			integrations = new Map(data.integrations.map((i) => [i.integrationId, i]));
			loaded = true;
			publish();
		}
		else if (event.type === 'change') {
			if (data.removed) {
				integrations.delete(data.integrationId);
			}
			else {
				integrations.set(data.integrationId, data.integration);
			}
			publish();
		}
		else if (event.type === 'resync') {
			abort.abort();
		}
	}

	publish();
	(options.mode === 'poll' ? poll : subscribe)();
	return {
		stop() {
			stopped = true;
			clearTimeout(timer);
			if (abort) {
				abort.abort();
			}
		},
		current() {
			return summarize(providers, loaded ? [...integrations.values()] : null);
		},
	};
}

/** Reads text/event-stream from a fetch body, calling onEvent({type, id, data}) per event. */
async function readEvents(body, onEvent) {
	const reader = body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	let event = { type: 'message', id: null, data: '' };
	for (;;) {
		const { value, done } = await reader.read();
		if (done) {
			return;
		}
		buffer += value;
		let newline;
		while ((newline = buffer.search(/\r?\n/)) >= 0) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
			if (line === '') {
				if (event.data !== '' || event.type !== 'message') {
					onEvent(event);
				}
				event = { type: 'message', id: null, data: '' };
			}
			else if (!line.startsWith(':')) {
				const colon = line.indexOf(':');
				const field = colon < 0 ? line : line.slice(0, colon);
				const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'event') {
					event.type = value;
				}
				else if (field === 'data') {
					event.data = event.data === '' ? value : event.data + '\n' + value;
				}
				else if (field === 'id') {
					event.id = value;
				}
			}
		}
	}
}
