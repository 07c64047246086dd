// The status page: every catalogue provider with its live state, a form to add an API key,
// and a connect button for OAuth providers. The bearer token arrives in the URL fragment
// (#token=...&collector=...), which never reaches a server; it is kept in sessionStorage
// and removed from the address bar at once.
import { watchIntegrations } from './latchkey-status.js';

const fragment = new URLSearchParams(location.hash.slice(1));
for (const key of ['token', 'collector']) {
	if (fragment.get(key)) {
		sessionStorage.setItem('latchkey.' + key, fragment.get(key));
	}
}
if (location.hash) {
	history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem('latchkey.token');
const collector = (sessionStorage.getItem('latchkey.collector')
	|| location.protocol + '//' + location.hostname + ':8080').replace(/\/$/, '');
const notice = document.getElementById('notice');
const container = document.getElementById('providers');

function element(tag, attributes, ...children) {
	const node = document.createElement(tag);
	Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
	children.forEach((child) => node.append(child));
	return node;
}

async function call(method, path, body, credentials = 'same-origin') {
	const response = await fetch(collector + path, {
		method,
		headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		credentials,
	});
	const answer = await response.json().catch(() => ({}));
	if (!response.ok) {
		throw new Error(answer.detail || answer.title || ('HTTP ' + response.status));
	}
	return answer;
}

function card(provider) {
	const state = element('span', { class: 'state', id: 'state-' + provider.id, 'data-state': 'loading' }, 'loading');
	const message = element('div', { class: 'message', id: 'message-' + provider.id });
	const box = element('section', { class: 'provider', id: 'provider-' + provider.id },
		element('h2', {}, provider.displayName || provider.id, state));
	if (provider.authMode === 'OAUTH2') {
		const connect = element('button', { type: 'button', id: 'connect-' + provider.id }, 'Connect');
		connect.addEventListener('click', async () => {
			message.textContent = 'Redirecting…';
			try {
				// With credentials: the answer sets the cookie that binds the connect to this
				// browser, and the collector accepts the callback only with it.
				const answer = await call('POST', '/api/integrations/' + provider.id + '/connect',
					{ returnUrl: location.origin + location.pathname }, 'include');
				location.assign(answer.authorizeUrl);
			}
			catch (error) {
				message.textContent = error.message;
			}
		});
		box.append(connect);
	}
	else {
		const form = element('form', { id: 'form-' + provider.id, autocomplete: 'off' });
		for (const field of provider.fields || []) {
			const id = provider.id + '-' + field.name;
			form.append(element('label', { for: id }, field.name + (field.required ? '' : ' (optional)')),
				element('input', { id, name: field.name, type: field.secret ? 'password' : 'text',
					autocomplete: 'off', ...(field.required ? { required: '' } : {}) }));
		}
		form.append(element('button', { type: 'submit', id: 'submit-' + provider.id }, 'Save'));
		form.addEventListener('submit', async (event) => {
			event.preventDefault();
			const fields = {};
			for (const input of form.querySelectorAll('input')) {
				if (input.value !== '') {
					fields[input.name] = input.value;
				}
			}
			form.reset();
			message.textContent = 'Sending…';
			try {
				await call('POST', '/api/integrations/' + provider.id + '/credentials', { fields });
				message.textContent = 'Received; verifying…';
				message.dataset.waiting = 'true';
			}
			catch (error) {
				message.textContent = error.message;
			}
		});
		box.append(form);
	}
	box.append(message);
	return box;
}

function show(providers) {
	for (const [id, summary] of Object.entries(providers)) {
		const state = document.getElementById('state-' + id);
		if (state) {
			state.textContent = summary.state.replace('_', ' ');
			state.dataset.state = summary.state;
			const message = document.getElementById('message-' + id);
			if (message && summary.state !== 'pending' && message.dataset.waiting) {
				message.textContent = '';
				delete message.dataset.waiting;
			}
		}
	}
}

async function start() {
	if (!token) {
		notice.textContent = 'Open this page with #token=<bearer token> (the embedded default prints the link).';
		return;
	}
	try {
		const catalogue = await call('GET', '/api/providers');
		catalogue.providers.forEach((provider) => container.append(card(provider)));
	}
	catch (error) {
		notice.textContent = 'Cannot read the provider catalogue from ' + collector + ': ' + error.message;
		return;
	}
	watchIntegrations({
		baseUrl: location.origin,
		token,
		onChange: show,
		onError: (error) => { notice.textContent = error.message; },
	});
}

start();
