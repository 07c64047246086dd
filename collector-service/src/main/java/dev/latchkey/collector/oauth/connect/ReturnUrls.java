package dev.latchkey.collector.oauth.connect;

import java.net.URI;
import java.util.List;

import dev.latchkey.collector.oauth.OAuthRefusedException;
import dev.latchkey.collector.oauth.OAuthRefusedException.Kind;

/**
 * Where a finished connect may send the browser: only under an allowed entry (same
 * scheme, host and port, path at or below the entry's), so a connect cannot be turned
 * into an open redirect.
 */
final class ReturnUrls {

	private final List<String> allowed;

	ReturnUrls(List<String> allowed) {
		this.allowed = List.copyOf(allowed);
	}

	/**
	 * The return URL to keep for a connect: the requested one, normalised, if it is
	 * allowed; the first entry when none is requested. Fails with
	 * {@link OAuthRefusedException} ({@code INVALID_REQUEST}) otherwise.
	 */
	String resolve(String requested) {
		if (requested == null || requested.isBlank()) {
			if (this.allowed.isEmpty()) {
				throw new OAuthRefusedException(Kind.INVALID_REQUEST, "returnUrl is required");
			}
			return this.allowed.get(0);
		}
		URI candidate;
		try {
			candidate = new URI(requested).normalize();
		}
		catch (Exception ex) {
			throw new OAuthRefusedException(Kind.INVALID_REQUEST, "returnUrl is not a URL");
		}
		boolean ok = candidate.getRawUserInfo() == null && candidate.getRawFragment() == null
				&& candidate.getHost() != null
				&& this.allowed.stream().anyMatch((entry) -> under(candidate, URI.create(entry)));
		if (!ok) {
			throw new OAuthRefusedException(Kind.INVALID_REQUEST,
					"returnUrl is not allowed; allowed are URLs under " + this.allowed);
		}
		return candidate.toString();
	}

	private static boolean under(URI candidate, URI entry) {
		String entryPath = (entry.getPath() == null || entry.getPath().isEmpty()) ? "/" : entry.getPath();
		String path = (candidate.getPath() == null || candidate.getPath().isEmpty()) ? "/" : candidate.getPath();
		return entry.getScheme().equalsIgnoreCase(candidate.getScheme())
				&& entry.getHost().equalsIgnoreCase(candidate.getHost()) && port(entry) == port(candidate)
				&& (path.equals(entryPath) || path.startsWith(entryPath.endsWith("/") ? entryPath : entryPath + "/"));
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

}
