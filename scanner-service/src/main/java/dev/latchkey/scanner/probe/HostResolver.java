package dev.latchkey.scanner.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to addresses; the system's DNS in production, a table in tests (so
 * that the egress guard is tested without any reachable target).
 */
@FunctionalInterface
public interface HostResolver {

	HostResolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

	List<InetAddress> resolve(String host) throws UnknownHostException;

}
