package dev.latchkey.scanner.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides where a probe may connect. A probe carries a credential, so it must not be
 * turned against the scanner's own network (cloud metadata at 169.254.169.254, an admin
 * port on localhost, a database on 10.x) by a catalogue override or a DNS answer. Every
 * address a host resolves to must be public unless the provider is marked local; the
 * checked address is the one connected to, so a second DNS answer cannot slip in.
 */
final class EgressGuard {

	private final HostResolver resolver;

	EgressGuard(HostResolver resolver) {
		this.resolver = resolver;
	}

	/**
	 * Resolves once and checks.
	 * @param local the provider is marked {@code local: true} in the catalogue
	 * @return the address to connect to
	 * @throws EgressRefusedException when an address is not public and the provider not
	 * local
	 */
	InetAddress check(String host, boolean local) throws UnknownHostException {
		List<InetAddress> addresses = this.resolver.resolve(host);
		if (addresses.isEmpty()) {
			throw new UnknownHostException("No address for the probe's host");
		}
		if (!local) {
			for (InetAddress address : addresses) {
				if (!isPublic(address)) {
					throw new EgressRefusedException();
				}
			}
		}
		return addresses.get(0);
	}

	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			// Unique local fc00::/7, and IPv4-mapped ::ffff:a.b.c.d judged as the IPv4
			// address.
			if ((bytes[0] & 0xfe) == 0xfc) {
				return false;
			}
			if (isMappedIpv4(bytes)) {
				try {
					return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
			return true;
		}
		int first = bytes[0] & 0xff;
		int second = bytes[1] & 0xff;
		// 0.0.0.0/8, CGNAT 100.64/10 and 192.0.0.0/24 are not destinations a platform
		// has.
		return first != 0 && !(first == 100 && second >= 64 && second < 128)
				&& !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) && first < 240;
	}

	private static boolean isMappedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
	}

	/** The destination is not allowed; carries no address or credential. */
	static final class EgressRefusedException extends UnknownHostException {

		EgressRefusedException() {
			super("The probe's destination is not a public address and its provider is not marked local");
		}

	}

}
