// <latchkey-integrations>: the whole card grid of a tenant's integrations as one custom element.
//
//   <script type="module" src="https://status.example.com/latchkey-integrations.js"></script>
//   <latchkey-integrations collector-url="https://collector.example.com"></latchkey-integrations>
//   <script type="module">
//     document.querySelector('latchkey-integrations').tokenProvider = async () => myAuth.accessToken();
//   </script>
//
// Attributes: collector-url (required: the collector's origin), status-url (default: where this
// module came from), return-url (where an OAuth connect comes back to; default: this page).
// Styling: the CSS custom properties listed in STYLE below (--lk-*), set on the element or above.
// The element holds no credential: the token comes from tokenProvider for each call and is only
// ever sent in the Authorization header; secret inputs are password fields that are never
// autocompleted and are cleared as soon as the form is sent.
import { watchIntegrations } from './latchkey-status.js';

const STATE_LABELS = {
	loading: 'Loading',
	unconfigured: 'Not connected',
	pending: 'Checking',
	active: 'Active',
	invalid: 'Invalid',
	reauth_required: 'Reconnect needed',
	error: 'Error',
};

// Reason code → [what happened, what to do next]. {provider} is the provider's display name.
// Codes come from the scanner (ScanCompleted.reason), the vault (INTEGRITY_FAILURE, RECEIVED),
// the collector's OAuth connect and token refresh (ConnectFailed, TokenRefreshFailed).
export const REASONS = Object.freeze({
	RECEIVED: ['Latchkey received the credential and is checking it with {provider}.',
		'Nothing to do: the result appears here shortly.'],
	VERIFIED: ['{provider} accepted the credential at its last check; it is in use.', 'Nothing to do.'],
	REJECTED_BY_PLATFORM: ['{provider} rejected the credential the first time it was checked.',
		'Check that you copied the whole key, from the right account, then replace it.'],
	REVOKED_AT_PLATFORM: ['{provider} no longer accepts this credential, which used to work: it was probably revoked or deleted there.',
		'Create a new key at {provider} and replace this one.'],
	TIMEOUT: ['{provider} did not answer in time when the credential was checked.',
		'Latchkey tries again by itself; you can also re-check now.'],
	PLATFORM_UNAVAILABLE: ['{provider} could not be reached or answered with a server error, so the credential could not be checked.',
		'This is usually temporary: Latchkey retries by itself. Re-check later.'],
	PLATFORM_UNREACHABLE: ['{provider} could not be reached, so the credential could not be checked.',
		'This is usually temporary: Latchkey retries by itself. Re-check later.'],
	RATE_LIMITED: ['{provider} asked Latchkey to slow down (rate limited), so the credential could not be checked.',
		'Latchkey retries after a pause; nothing to do.'],
	EGRESS_REFUSED: ['This installation of Latchkey is not allowed to contact {provider}, so the credential was not checked.',
		'Ask your administrator to allow connections to {provider}.'],
	LEASE_REFUSED: ['The checker was refused the stored credential, so it could not be checked.',
		'Ask your administrator to look at the access log, then re-check.'],
	UNKNOWN_PROVIDER: ['This installation of Latchkey does not know how to check {provider} credentials.',
		'Ask your administrator to update the provider catalogue.'],
	INTEGRITY_FAILURE: ['The stored credential failed its integrity check: it was altered or damaged in storage and is not used.',
		'Replace the credential, and tell your administrator: this can be a sign of tampering.'],
	SCAN_FAILED: ['The last check of the credential failed.', 'Re-check now; if it keeps failing, tell your administrator.'],
	INVALID_GRANT: ['{provider} no longer accepts the access you granted (it was revoked or has expired).',
		'Reconnect to grant access again.'],
	NO_REFRESH_TOKEN: ['The access expired and {provider} gave Latchkey no way to renew it by itself.',
		'Reconnect to grant access again.'],
	EXPIRED: ['The access granted at {provider} has expired.', 'Reconnect to grant access again.'],
	TOKEN_REQUEST_REJECTED: ['{provider} refused to issue or renew the access token.',
		'Reconnect; if it fails again, check the app\'s settings at {provider}.'],
	MALFORMED_TOKEN_RESPONSE: ['{provider} answered the token request with something Latchkey could not read.',
		'Try connecting again later.'],
	ACCESS_DENIED: ['The connection was not approved at {provider}.', 'Connect again and allow access when asked.'],
	AUTHORIZATION_FAILED: ['{provider} did not complete the authorization.', 'Connect again.'],
	PUBLISH_FAILED: ['Latchkey could not record the connection.', 'Connect again in a moment.'],
	INTEGRATION_LIMIT_REACHED: ['Your organisation has reached its limit of integrations.',
		'Disconnect one you no longer use, then connect again.'],
});

// What a state means when its reason code is missing or unknown.
const STATE_SENTENCES = {
	PENDING_VERIFICATION: ['Latchkey is checking the credential with {provider}.', 'Nothing to do: the result appears here shortly.'],
	ACTIVE: ['{provider} accepted the credential; it is in use.', 'Nothing to do.'],
	INVALID: ['{provider} does not accept the credential.', 'Replace it with a working one.'],
	ERROR: ['The credential could not be checked.', 'Re-check now; if it keeps failing, tell your administrator.'],
	REAUTH_REQUIRED: ['{provider} needs you to grant access again.', 'Reconnect to grant access again.'],
	EXPIRED: ['The access granted at {provider} has expired.', 'Reconnect to grant access again.'],
};

/**
 * The explanation of an integration's state in words: {state, reason, sentence, next}.
 * An unknown code still gets a sentence that names it.
 */
export function explain(integration, providerName) {
	const name = providerName || integration.provider || 'The platform';
	const fill = (text) => text.replaceAll('{provider}', name);
	const reason = integration.reason || null;
	let pair = reason ? REASONS[reason] : null;
	if (!pair && reason && /^UNEXPECTED_STATUS_\d+$/.test(reason)) {
		pair = ['{provider} answered the check with an unexpected HTTP status (' + reason.slice(18) + ').',
			'Re-check later; if it persists, tell your administrator.'];
	}
	if (!pair && reason) {
		const fallback = STATE_SENTENCES[integration.state] || STATE_SENTENCES.ERROR;
		pair = ['Latchkey reported "' + reason + '" for this integration.', fallback[1]];
	}
	if (!pair) {
		pair = STATE_SENTENCES[integration.state]
			|| ['Latchkey reported the state "' + integration.state + '" for this integration.',
				'Re-check now; if it stays, tell your administrator.'];
	}
	return { state: integration.state, reason, sentence: fill(pair[0]), next: fill(pair[1]) };
}

const STYLE = `
:host {
	/* The custom properties a product may set (documented in the status-service README). */
	--_font: var(--lk-font, system-ui, sans-serif);
	--_text: var(--lk-text, #1d2433);
	--_muted: var(--lk-muted, #4a5468);
	--_card: var(--lk-card-background, #fff);
	--_border: var(--lk-border, #c9cfdb);
	--_radius: var(--lk-radius, 8px);
	--_gap: var(--lk-gap, 1rem);
	--_card-min: var(--lk-card-min-width, 19rem);
	--_accent: var(--lk-accent, #1a56db);
	--_accent-text: var(--lk-accent-text, #fff);
	--_danger: var(--lk-danger, #b42318);
	--_focus: var(--lk-focus, #b45309);
	--_ok-bg: var(--lk-ok-background, #d3f5dc); --_ok: var(--lk-ok-text, #0f5222);
	--_wait-bg: var(--lk-wait-background, #fff1c2); --_wait: var(--lk-wait-text, #5c4500);
	--_bad-bg: var(--lk-bad-background, #fde2e1); --_bad: var(--lk-bad-text, #8a1010);
	--_none-bg: var(--lk-none-background, #e8ebf1); --_none: var(--lk-none-text, #333a48);
	display: block; font-family: var(--_font); color: var(--_text);
}
* { box-sizing: border-box; }
.notice:empty { display: none; }
.notice { margin: 0 0 var(--_gap); padding: .5rem .75rem; border-left: 4px solid var(--_danger); background: var(--_card); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.grid { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap);
	grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--_card-min)), 1fr)); }
.card { background: var(--_card); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 1rem;
	display: flex; flex-direction: column; gap: .5rem; min-width: 0; height: 100%; }
.card h2 { font-size: 1.1rem; margin: 0; display: flex; justify-content: space-between; align-items: flex-start;
	gap: .5rem; flex-wrap: wrap; }
.card h2:focus { outline: none; }
.card h2:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.state { font-size: .85rem; font-weight: 600; padding: .15rem .6rem; border-radius: 1rem; white-space: nowrap;
	background: var(--_none-bg); color: var(--_none); }
.state::before { content: '○ '; }
.state[data-state=active] { background: var(--_ok-bg); color: var(--_ok); }
.state[data-state=active]::before { content: '✓ '; }
.state[data-state=pending] { background: var(--_wait-bg); color: var(--_wait); }
.state[data-state=pending]::before { content: '… '; }
.state[data-state=invalid], .state[data-state=error] { background: var(--_bad-bg); color: var(--_bad); }
.state[data-state=invalid]::before, .state[data-state=error]::before { content: '✕ '; }
.state[data-state=reauth_required] { background: var(--_wait-bg); color: var(--_wait); }
.state[data-state=reauth_required]::before { content: '↻ '; }
.explain p { margin: 0 0 .25rem; }
.explain .next { color: var(--_muted); }
.explain code { font-size: .85em; overflow-wrap: anywhere; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; font-size: .9rem; }
dt { color: var(--_muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.findings { margin: 0; padding-left: 1.1rem; font-size: .9rem; }
.findings .severity { font-weight: 600; }
.findings [data-severity=CRITICAL] .severity { color: var(--_bad); }
.findings [data-severity=WARNING] .severity { color: var(--_wait); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: auto; padding-top: .25rem; }
button { font: inherit; font-size: .9rem; min-height: 2.25rem; padding: .35rem .8rem; border-radius: 6px;
	border: 1px solid var(--_accent); background: var(--_card); color: var(--_accent); cursor: pointer; }
button.primary { background: var(--_accent); color: var(--_accent-text); }
button.danger { border-color: var(--_danger); color: var(--_danger); }
button.danger.primary { background: var(--_danger); color: #fff; }
button:disabled { opacity: .7; cursor: progress; }
button:focus-visible, input:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
form { display: flex; flex-direction: column; gap: .25rem; }
form[hidden], [hidden] { display: none !important; }
label { font-size: .9rem; }
input { font: inherit; width: 100%; padding: .4rem; border: 1px solid var(--_muted); border-radius: 4px;
	color: var(--_text); background: var(--_card); }
.message { font-size: .9rem; margin: 0; color: var(--_muted); }
.message:empty { display: none; }
.message[data-kind=error] { color: var(--_bad); }
dialog { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 1rem; color: var(--_text);
	background: var(--_card); width: min(42rem, calc(100vw - 2rem)); max-height: calc(100vh - 2rem); }
dialog::backdrop { background: #0008; }
dialog h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
.table { overflow-x: auto; max-height: 60vh; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--_border); vertical-align: top; }
caption { text-align: left; color: var(--_muted); padding-bottom: .25rem; }
`;

const MINUTE = 60;
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600],
	['minute', MINUTE], ['second', 1]];

/** "3 minutes ago" / "in 2 hours" for an ISO-8601 instant. */
export function relativeTime(iso, now = Date.now()) {
	const seconds = (Date.parse(iso) - now) / 1000;
	const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
	if (Math.abs(seconds) < 45) {
		return seconds < 0 ? 'just now' : 'in a moment';
	}
	for (const [unit, size] of UNITS) {
		if (Math.abs(seconds) >= size || unit === 'second') {
			return format.format(Math.round(seconds / size), unit);
		}
	}
	return iso;
}

function absoluteTime(iso) {
	const date = new Date(iso);
	return new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
		hourCycle: 'h23', ...(date.getFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' }) })
		.format(date);
}

/** "every 6 hours" from seconds (scanEverySeconds) or an ISO-8601 duration (scanEvery). */
export function describePeriod(every) {
	let seconds = typeof every === 'number' ? every : null;
	if (typeof every === 'string') {
		const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(every);
		if (match) {
			seconds = (+(match[1] || 0)) * 86400 + (+(match[2] || 0)) * 3600 + (+(match[3] || 0)) * 60 + (+(match[4] || 0));
		}
	}
	if (!seconds) {
		return String(every);
	}
	for (const [unit, size] of UNITS) {
		if (seconds % size === 0 && seconds >= size) {
			const count = seconds / size;
			return 'every ' + (count === 1 ? unit : count + ' ' + unit + 's');
		}
	}
	return 'every ' + seconds + ' seconds';
}

const ACRONYMS = new Set(['api', 'id', 'sid', 'url', 'oauth']);

function humanize(name) {
	const words = String(name).replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
		.split(' ').map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word)).join(' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An answer of the API that was not a success, with the problem's detail in words. */
class ProblemError extends Error {

	constructor(message, retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

}

function node(tag, attributes, ...children) {
	const result = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes || {})) {
		if (value === true) {
			result.setAttribute(name, '');
		}
		else if (value !== false && value !== null && value !== undefined) {
			result.setAttribute(name, value);
		}
	}
	children.filter((child) => child !== null && child !== undefined).forEach((child) => result.append(child));
	return result;
}

function timeElement(iso) {
	return node('time', { datetime: iso, title: new Date(iso).toString() },
		relativeTime(iso) + ' (' + absoluteTime(iso) + ')');
}

export class LatchkeyIntegrations extends HTMLElement {

	#token = null;

	#root;

	#cards = new Map();

	#previous = new Map();

	#watch = null;

	#ticker = null;

	#started = false;

	#announcer;

	#notice;

	#grid;

	#confirm;

	#log;

	constructor() {
		super();
		this.#root = this.attachShadow({ mode: 'open' });
	}

	/** The caller's bearer token: a function returning a string or a Promise of one. */
	set tokenProvider(provider) {
		this.#token = provider;
		this.#start();
	}

	get tokenProvider() {
		return this.#token;
	}

	get statusUrl() {
		return (this.getAttribute('status-url') || new URL('.', import.meta.url).href).replace(/\/$/, '');
	}

	get collectorUrl() {
		return (this.getAttribute('collector-url') || '').replace(/\/$/, '');
	}

	get returnUrl() {
		return this.getAttribute('return-url') || location.origin + location.pathname;
	}

	connectedCallback() {
		// A token function set before this module defined the element is an own property
		// that hides the setter: take it over.
		if (Object.prototype.hasOwnProperty.call(this, 'tokenProvider')) {
			const provider = this.tokenProvider;
			delete this.tokenProvider;
			this.#token = provider;
		}
		if (!this.#grid) {
			this.#render();
		}
		this.#start();
	}

	disconnectedCallback() {
		this.#stop();
	}

	#render() {
		this.#notice = node('p', { class: 'notice', role: 'status' });
		// Only state changes are announced here, not every update of the stream.
		this.#announcer = node('div', { class: 'sr-only', 'aria-live': 'polite', id: 'announcer' });
		this.#grid = node('ul', { class: 'grid', role: 'list', 'aria-label': 'Integrations' });
		this.#confirm = this.#dialog('confirm');
		this.#log = this.#dialog('access-log');
		this.#root.append(node('style', {}, STYLE), this.#notice, this.#announcer, this.#grid, this.#confirm, this.#log);
	}

	#dialog(id) {
		const dialog = node('dialog', { id, 'aria-labelledby': id + '-title' });
		// A modal dialog makes the page inert, but Tab would still leave for the browser's
		// own controls: keep it going round the dialog instead.
		dialog.addEventListener('keydown', (event) => {
			if (event.key !== 'Tab') {
				return;
			}
			const stops = [...dialog.querySelectorAll('button, input, [tabindex="0"]')]
				.filter((candidate) => !candidate.disabled && !candidate.closest('[hidden]'));
			if (stops.length === 0) {
				return;
			}
			const active = this.#root.activeElement;
			if (event.shiftKey && active === stops[0]) {
				event.preventDefault();
				stops[stops.length - 1].focus();
			}
			else if (!event.shiftKey && active === stops[stops.length - 1]) {
				event.preventDefault();
				stops[0].focus();
			}
		});
		dialog.addEventListener('close', () => {
			// Focus goes back to what opened the dialog.
			if (dialog.opener && dialog.opener.isConnected && !dialog.opener.hidden) {
				dialog.opener.focus();
			}
		});
		return dialog;
	}

	async #start() {
		if (this.#started || !this.isConnected || !this.#token) {
			return;
		}
		this.#started = true;
		if (!this.collectorUrl) {
			this.#notice.textContent = 'Set the collector-url attribute to the Latchkey collector\'s address.';
			return;
		}
		let catalogue;
		try {
			catalogue = await this.#call('GET', this.collectorUrl, '/api/providers');
		}
		catch (error) {
			this.#notice.textContent = 'The list of platforms could not be loaded: ' + error.message;
			this.#started = false;
			return;
		}
		for (const provider of catalogue.providers) {
			const card = this.#card(provider);
			this.#cards.set(provider.id, card);
			this.#grid.append(node('li', {}, card.root));
		}
		this.#showReturnFromConnect();
		this.#watch = watchIntegrations({
			baseUrl: this.statusUrl,
			token: () => this.#bearer(),
			onChange: (providers) => this.#show(providers),
			onError: (error) => {
				this.#notice.textContent = 'Live updates interrupted; retrying. (' + error.message + ')';
			},
		});
		// Keeps "3 minutes ago" true without announcing anything.
		this.#ticker = setInterval(() => this.#cards.forEach((card) => card.refreshTimes()), 30000);
	}

	#stop() {
		if (this.#watch) {
			this.#watch.stop();
		}
		clearInterval(this.#ticker);
		this.#watch = null;
		this.#started = false;
		this.#cards.clear();
		if (this.#grid) {
			this.#grid.replaceChildren();
		}
	}

	async #bearer() {
		return typeof this.#token === 'function' ? this.#token() : this.#token;
	}

	async #call(method, base, path, body, credentials = 'same-origin') {
		let response;
		try {
			response = await fetch(base + path, {
				method,
				headers: { Authorization: 'Bearer ' + (await this.#bearer()),
					...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				credentials,
				cache: 'no-store',
			});
		}
		catch (error) {
			throw new ProblemError('Latchkey could not be reached. Check your connection and try again.');
		}
		const text = await response.text();
		let answer = {};
		try {
			answer = text ? JSON.parse(text) : {};
		}
		catch (ignored) {
			answer = {};
		}
		if (!response.ok) {
			const retry = response.headers.get('Retry-After');
			const seconds = retry && /^\d+$/.test(retry) ? Number(retry) : null;
			let message = answer.detail || answer.title || 'The request could not be completed.';
			if (seconds !== null) {
				const at = new Date(Date.now() + seconds * 1000);
				message += ' Try again in ' + seconds + (seconds === 1 ? ' second' : ' seconds')
					+ ' (at ' + at.toLocaleTimeString('en') + ').';
			}
			throw new ProblemError(message, seconds);
		}
		return answer;
	}

	#showReturnFromConnect() {
		const query = new URLSearchParams(location.search);
		const card = this.#cards.get(query.get('provider'));
		if (!card) {
			return;
		}
		if (query.get('error')) {
			const reason = (query.get('reason') || query.get('error')).toUpperCase();
			const { sentence, next } = explain({ state: 'ERROR', reason }, card.name);
			card.say(sentence + ' ' + next, 'error');
		}
		else if (query.get('integration_id')) {
			card.say('Connected; checking the access…');
		}
	}

	#show(providers) {
		const changes = [];
		for (const [id, summary] of Object.entries(providers)) {
			const card = this.#cards.get(id);
			if (!card) {
				continue;
			}
			card.update(summary);
			const integration = summary.integration;
			const key = summary.state + '/' + (integration ? integration.reason + '/' + integration.version : '');
			const before = this.#previous.get(id);
			this.#previous.set(id, key);
			if (before !== undefined && before !== key && !before.startsWith('loading') && summary.state !== 'loading') {
				changes.push(card.name + ': ' + STATE_LABELS[summary.state] + '. ' + card.explanation());
			}
		}
		if (changes.length > 0) {
			this.#announcer.textContent = changes.join(' ');
		}
	}

	#card(provider) {
		const id = provider.id;
		const name = provider.displayName || id;
		const oauth = provider.authMode === 'OAUTH2';
		const self = this;
		let current = { state: 'loading', integration: null };

		const badge = node('span', { class: 'state', id: 'state-' + id, 'data-state': 'loading' }, STATE_LABELS.loading);
		const heading = node('h2', { id: 'title-' + id, tabindex: '-1' }, node('span', {}, name), badge);
		const explanation = node('div', { class: 'explain', id: 'explain-' + id });
		const details = node('dl', { id: 'details-' + id });
		const findings = node('ul', { class: 'findings', id: 'findings-' + id, 'aria-label': name + ' findings' });
		const message = node('p', { class: 'message', id: 'message-' + id, role: 'status' });
		const root = node('section', { class: 'card', id: 'provider-' + id, 'aria-labelledby': 'title-' + id },
			heading, explanation, details, findings);

		const button = (key, label, handler, classes) => {
			const result = node('button', { type: 'button', id: key + '-' + id, class: classes || null }, label);
			result.addEventListener('click', () => handler(result));
			return result;
		};
		const say = (text, kind) => {
			message.textContent = text;
			message.dataset.kind = kind || 'info';
		};

		let form = null;
		if (!oauth) {
			form = node('form', { id: 'form-' + id, autocomplete: 'off', 'aria-label': 'Add a key for ' + name });
			for (const field of provider.fields || []) {
				const inputId = id + '-' + field.name;
				form.append(node('label', { for: inputId }, humanize(field.name) + (field.required ? '' : ' (optional)')),
					node('input', { id: inputId, name: field.name, type: field.secret ? 'password' : 'text',
						autocomplete: field.secret ? 'new-password' : 'off', spellcheck: 'false',
						required: !!field.required, maxlength: field.maxLength || null }));
			}
			const submit = node('button', { type: 'submit', id: 'submit-' + id, class: 'primary' }, 'Save key');
			form.append(node('div', { class: 'actions' }, submit));
			form.addEventListener('submit', async (event) => {
				event.preventDefault();
				const fields = {};
				for (const input of form.querySelectorAll('input')) {
					if (input.value !== '') {
						fields[input.name] = input.value;
					}
				}
				// The secret leaves the page's inputs at once, whatever the answer.
				form.reset();
				const body = { fields };
				if (current.integration) {
					body.name = current.integration.name;
				}
				say('Sending…');
				submit.disabled = true;
				try {
					await self.#call('POST', self.collectorUrl, '/api/integrations/' + id + '/credentials', body);
					say('Received; checking the key with ' + name + '…');
					message.dataset.waiting = 'true';
					if (current.integration) {
						form.hidden = true;
						replace.setAttribute('aria-expanded', 'false');
						replace.focus();
					}
				}
				catch (error) {
					say(error.message, 'error');
				}
				finally {
					submit.disabled = false;
				}
			});
		}

		const connectAction = async (control) => {
			say('Opening ' + name + '…');
			control.disabled = true;
			try {
				const body = { returnUrl: self.returnUrl };
				if (current.integration) {
					body.name = current.integration.name;
				}
				// With credentials: the answer sets the cookie that binds the connect to this
				// browser, and the collector accepts the callback only with it.
				const answer = await self.#call('POST', self.collectorUrl, '/api/integrations/' + id + '/connect', body,
						'include');
				location.assign(answer.authorizeUrl);
			}
			catch (error) {
				say(error.message, 'error');
				control.disabled = false;
			}
		};
		const connect = oauth ? button('connect', 'Connect', connectAction, 'primary') : null;
		const reconnect = oauth ? button('reconnect', 'Reconnect', connectAction) : null;
		const recheck = button('recheck', 'Re-check now', async (control) => {
			control.disabled = true;
			say('Asking for a new check…');
			try {
				await self.#call('POST', self.collectorUrl, '/api/integrations/' + current.integration.integrationId + '/scan', {});
				say('Check requested; the result appears here.');
			}
			catch (error) {
				say(error.message, 'error');
			}
			finally {
				control.disabled = false;
			}
		});
		const replace = oauth ? null : button('replace', 'Replace key', () => {
			form.hidden = !form.hidden;
			replace.setAttribute('aria-expanded', String(!form.hidden));
			if (!form.hidden) {
				form.querySelector('input').focus();
			}
		});
		if (replace) {
			replace.setAttribute('aria-expanded', 'false');
			replace.setAttribute('aria-controls', 'form-' + id);
		}
		const log = button('log', 'Access log', (control) => self.#openLog(control, current.integration, name));
		const disconnect = button('disconnect', 'Disconnect', (control) => self.#confirmDisconnect(control, name,
				async () => {
					const integration = current.integration;
					say('Disconnecting…');
					try {
						await self.#call('DELETE', self.collectorUrl, '/api/integrations/' + integration.integrationId);
						say('Disconnected.');
						heading.focus();
					}
					catch (error) {
						say(error.message, 'error');
					}
				}), 'danger');
		const actions = node('div', { class: 'actions', id: 'actions-' + id }, connect, reconnect, recheck, replace, log,
				disconnect);
		if (form) {
			root.append(form);
		}
		root.append(actions, message);

		const renderTimes = () => {
			const integration = current.integration;
			details.replaceChildren();
			if (!integration) {
				details.hidden = true;
				return;
			}
			const row = (label, value) => {
				if (value !== null && value !== undefined && value !== '') {
					details.append(node('dt', {}, label), node('dd', {}, value));
				}
			};
			if (integration.name && integration.name !== 'default') {
				row('Name', integration.name);
			}
			if (integration.version !== undefined && integration.version > 0) {
				row('Version', String(integration.version));
			}
			for (const [field, value] of Object.entries(integration.publicFields || {})) {
				row(humanize(field), String(value));
			}
			for (const finding of integration.findings || []) {
				if (String(finding.code).startsWith('ACCOUNT')) {
					for (const [field, value] of Object.entries(finding.attributes || {})) {
						row(humanize(field), String(value));
					}
				}
			}
			if (integration.lastCheckedAt) {
				row('Last checked', timeElement(integration.lastCheckedAt));
			}
			else if (integration.lastVerifiedAt) {
				row('Last verified', timeElement(integration.lastVerifiedAt));
			}
			if (integration.nextCheckAt) {
				row('Next check', timeElement(integration.nextCheckAt));
			}
			const every = integration.scanEvery ?? integration.scanEverySeconds;
			if (every !== undefined && every !== null) {
				row('Check period', describePeriod(every));
			}
			if (integration.createdAt) {
				row('Added', timeElement(integration.createdAt));
			}
			details.hidden = details.childElementCount === 0;
		};

		const update = (summary) => {
			const focused = self.#root.activeElement;
			current = summary;
			const integration = summary.integration || null;
			const configured = !!integration;
			const state = summary.state;
			badge.dataset.state = state;
			badge.textContent = integration && integration.state === 'EXPIRED' ? 'Expired' : STATE_LABELS[state] || state;

			explanation.replaceChildren();
			if (state === 'loading') {
				explanation.append(node('p', {}, 'Loading…'));
			}
			else if (!configured) {
				explanation.append(node('p', {}, name + ' is not connected.'),
					node('p', { class: 'next' }, oauth ? 'Connect to grant Latchkey access.' : 'Add a key below.'));
			}
			else {
				const { sentence, next, reason } = explain(integration, name);
				explanation.append(node('p', { class: 'sentence' }, sentence),
					node('p', { class: 'next' }, 'Next step: ' + next));
				if (reason) {
					explanation.append(node('p', { class: 'next' }, 'Reason code: ', node('code', {}, reason)));
				}
			}
			renderTimes();

			findings.replaceChildren();
			for (const finding of (integration && integration.findings) || []) {
				if (!String(finding.code).startsWith('ACCOUNT')) {
					const severity = { CRITICAL: 'Critical', WARNING: 'Warning', INFO: 'Note' }[finding.severity] || 'Note';
					findings.append(node('li', { 'data-severity': finding.severity || 'INFO', 'data-code': finding.code },
						node('span', { class: 'severity' }, severity + ': '), finding.message || humanize(finding.code)));
				}
			}
			findings.hidden = findings.childElementCount === 0;

			const needsReconnect = integration && ['REAUTH_REQUIRED', 'EXPIRED'].includes(integration.state);
			if (connect) {
				connect.hidden = configured || state === 'loading';
				reconnect.hidden = !configured;
				reconnect.classList.toggle('primary', !!needsReconnect);
			}
			if (form) {
				if (!configured) {
					form.hidden = state === 'loading';
				}
				else if (replace.getAttribute('aria-expanded') !== 'true') {
					form.hidden = true;
				}
				form.querySelector('button[type=submit]').textContent = configured ? 'Save new key' : 'Save key';
				form.setAttribute('aria-label', (configured ? 'Replace the key for ' : 'Add a key for ') + name);
				replace.hidden = !configured;
				replace.classList.toggle('primary', !!integration
						&& (integration.state === 'INVALID' || integration.reason === 'INTEGRITY_FAILURE'));
				if (!configured) {
					replace.setAttribute('aria-expanded', 'false');
				}
			}
			recheck.hidden = !configured;
			log.hidden = !configured;
			disconnect.hidden = !configured;
			// A control that disappears with the change must not take the focus with it.
			if (focused && root.contains(focused) && focused.closest('[hidden]')) {
				heading.focus();
			}
			if (message.dataset.waiting && state !== 'pending') {
				delete message.dataset.waiting;
				say('');
			}
		};

		return {
			root,
			name,
			update,
			say,
			refreshTimes: renderTimes,
			explanation: () => explanation.querySelector('.sentence')?.textContent || explanation.textContent,
		};
	}

	#confirmDisconnect(opener, name, confirmed) {
		const dialog = this.#confirm;
		dialog.opener = opener;
		const cancel = node('button', { type: 'button', id: 'confirm-cancel', autofocus: true }, 'Cancel');
		const yes = node('button', { type: 'button', id: 'confirm-disconnect', class: 'danger primary' }, 'Disconnect');
		cancel.addEventListener('click', () => dialog.close());
		yes.addEventListener('click', () => {
			dialog.opener = null;
			dialog.close();
			confirmed();
		});
		dialog.replaceChildren(node('h2', { id: 'confirm-title' }, 'Disconnect ' + name + '?'),
			node('p', {}, 'Latchkey deletes the stored credential (and revokes it at ' + name
					+ ' where it can) and stops using it. You can connect again later.'),
			node('div', { class: 'actions' }, cancel, yes));
		dialog.showModal();
		cancel.focus();
	}

	async #openLog(opener, integration, name) {
		const dialog = this.#log;
		dialog.opener = opener;
		const body = node('tbody');
		const status = node('p', { class: 'message', role: 'status', id: 'log-status' }, 'Loading…');
		const more = node('button', { type: 'button', id: 'log-more', hidden: true }, 'Load older entries');
		const close = node('button', { type: 'button', id: 'log-close' }, 'Close');
		close.addEventListener('click', () => dialog.close());
		const table = node('table', { id: 'log-table' },
			node('caption', {}, 'Every request for this credential, newest first'),
			node('thead', {}, node('tr', {}, ...['When', 'Who', 'Purpose', 'Version', 'Outcome']
				.map((label) => node('th', { scope: 'col' }, label)))), body);
		dialog.replaceChildren(node('h2', { id: 'access-log-title' }, 'Access log: ' + name
				+ (integration.name && integration.name !== 'default' ? ' (' + integration.name + ')' : '')),
			node('div', { class: 'table', tabindex: '0', role: 'region', 'aria-label': 'Access log entries' }, table),
			status, node('div', { class: 'actions' }, more, close));
		let cursor = null;
		const load = async () => {
			more.disabled = true;
			try {
				const page = await this.#call('GET', this.collectorUrl, '/api/integrations/' + integration.integrationId
						+ '/access-log?limit=20' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
				for (const entry of page.entries) {
					const outcome = entry.outcome === 'GRANTED' ? 'Granted' : 'Refused'
							+ (entry.reason ? ' (' + entry.reason + ')' : '');
					body.append(node('tr', {}, node('td', {}, timeElement(entry.at)),
						node('td', {}, entry.consumer + (entry.authenticated === false ? ' (unauthenticated)' : '')),
						node('td', {}, entry.purpose || '—'), node('td', {}, entry.version == null ? '—' : String(entry.version)),
						node('td', {}, outcome)));
				}
				cursor = page.next || null;
				if (!cursor && this.#root.activeElement === more) {
					close.focus();
				}
				more.hidden = !cursor;
				status.textContent = body.childElementCount === 0 ? 'No one has used this credential yet.'
						: body.childElementCount + (body.childElementCount === 1 ? ' entry' : ' entries') + ' shown'
								+ (cursor ? '; older ones can be loaded.' : '.');
			}
			catch (error) {
				status.textContent = error.message;
				status.dataset.kind = 'error';
			}
			finally {
				more.disabled = false;
			}
		};
		more.addEventListener('click', load);
		dialog.showModal();
		close.focus();
		await load();
	}

}

if (!customElements.get('latchkey-integrations')) {
	customElements.define('latchkey-integrations', LatchkeyIntegrations);
}
