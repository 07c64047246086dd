// The status page: the <latchkey-integrations> component, as any product would embed it.
// The bearer token arrives in the URL fragment (#token=...&collector=...), which never reaches
// a server; it is kept in sessionStorage and removed from the address bar at once.
import './latchkey-integrations.js';

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
const integrations = document.querySelector('latchkey-integrations');

if (token) {
	integrations.setAttribute('collector-url', collector);
	integrations.tokenProvider = async () => token;
}
else {
	document.getElementById('notice').textContent =
		'Open this page with #token=<bearer token> (the embedded default prints the link).';
}
