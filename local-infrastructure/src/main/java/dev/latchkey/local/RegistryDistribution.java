package dev.latchkey.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Finds the Apicurio Registry distribution
 * ({@code apicurio-registry-app-VERSION-all.tar.gz} from Maven Central) and unpacks it
 * once into a cache directory shared by every JVM on this machine.
 */
final class RegistryDistribution {

	static final String DISTRIBUTION_PROPERTY = "latchkey.registry.distribution";

	static final String CACHE_PROPERTY = "latchkey.registry.cache";

	private static final String GROUP_PATH = "io/apicurio/apicurio-registry-app";

	private static final Pattern LOCAL_REPOSITORY = Pattern
		.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");

	private RegistryDistribution() {
	}

	/**
	 * Return the executable jar of the registry, unpacking the distribution if needed.
	 * @return the path of the Quarkus runner jar
	 */
	static Path runnerJar() {
		String configured = System.getProperty(DISTRIBUTION_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (Files.isDirectory(path)) {
				return findRunnerJar(path);
			}
			if (!Files.isRegularFile(path)) {
				throw new IllegalStateException(
						DISTRIBUTION_PROPERTY + " points to " + path + ", which does not exist");
			}
			return findRunnerJar(unpackOnce(path, stripArchiveExtension(path.getFileName().toString())));
		}
		String version = version();
		Path archive = localRepository().resolve(GROUP_PATH)
			.resolve(version)
			.resolve("apicurio-registry-app-" + version + "-all.tar.gz");
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("Apicurio Registry distribution not found at " + archive
					+ ". Fetch it with: ./mvnw dependency:get -Dartifact=io.apicurio:apicurio-registry-app:" + version
					+ ":tar.gz:all (or build a module that depends on local-infrastructure), or point -D"
					+ DISTRIBUTION_PROPERTY + " at the tar.gz or an unpacked copy.");
		}
		return findRunnerJar(unpackOnce(archive, "apicurio-registry-app-" + version));
	}

	static String version() {
		try (InputStream in = RegistryDistribution.class.getResourceAsStream("registry.properties")) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("dev/latchkey/local/registry.properties is missing from the classpath", ex);
		}
	}

	private static Path localRepository() {
		String configured = System.getProperty("maven.repo.local");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		String userHome = System.getProperty("user.home");
		Path settings = Path.of(userHome, ".m2", "settings.xml");
		if (Files.isRegularFile(settings)) {
			try {
				String xml = Files.readString(settings).replaceAll("(?s)<!--.*?-->", "");
				Matcher matcher = LOCAL_REPOSITORY.matcher(xml);
				if (matcher.find()) {
					return Path.of(matcher.group(1).replace("${user.home}", userHome));
				}
			}
			catch (IOException ex) {
				// Fall back to the default location.
			}
		}
		return Path.of(userHome, ".m2", "repository");
	}

	private static Path cacheRoot() {
		String configured = System.getProperty(CACHE_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "latchkey-distributions");
	}

	private static Path unpackOnce(Path archive, String name) {
		Path target = cacheRoot().resolve(name);
		if (Files.isDirectory(target)) {
			return target;
		}
		try {
			Files.createDirectories(target.getParent());
			// Unpack beside the target and move it into place, so a concurrent JVM never
			// sees
			// half an installation.
			Path staging = Files.createTempDirectory(target.getParent(), name + ".unpacking-");
			try {
				untar(archive, staging);
				Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
				// Another JVM won the race: use its copy.
			}
			finally {
				deleteRecursively(staging);
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot unpack " + archive + " into " + target, ex);
		}
	}

	private static Path findRunnerJar(Path home) {
		Path fastJar = home.resolve("quarkus-app").resolve("quarkus-run.jar");
		if (Files.isRegularFile(fastJar)) {
			return fastJar;
		}
		try (Stream<Path> files = Files.list(home)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-runner.jar"))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("No *-runner.jar or quarkus-app/quarkus-run.jar in " + home));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + home, ex);
		}
	}

	private static String stripArchiveExtension(String fileName) {
		return fileName.replaceFirst("\\.(tar\\.gz|tgz)$", "");
	}

	/**
	 * A minimal tar reader: regular files and directories, with GNU and PAX long names.
	 */
	static void untar(Path archive, Path target) throws IOException {
		Path root = target.toAbsolutePath().normalize();
		try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16),
				1 << 16)) {
			byte[] header = new byte[512];
			String longName = null;
			while (readBlock(in, header) && !isZero(header)) {
				long size = parseOctal(header, 124, 12);
				byte type = header[156];
				if (type == 'L') {
					longName = trimNul(new String(readEntry(in, size), StandardCharsets.UTF_8));
					continue;
				}
				if (type == 'x') {
					String paxPath = paxPath(new String(readEntry(in, size), StandardCharsets.UTF_8));
					longName = (paxPath != null) ? paxPath : longName;
					continue;
				}
				String name = (longName != null) ? longName : headerName(header);
				longName = null;
				Path destination = root.resolve(name).normalize();
				if (!destination.startsWith(root)) {
					throw new IOException("Archive entry escapes the target directory: " + name);
				}
				if (type == '5') {
					Files.createDirectories(destination);
				}
				else if (type == '0' || type == 0) {
					Files.createDirectories(destination.getParent());
					try (OutputStream out = Files.newOutputStream(destination)) {
						copy(in, out, size);
					}
					skipPadding(in, size);
				}
				else {
					skip(in, padded(size));
				}
			}
		}
	}

	private static String headerName(byte[] header) {
		String name = field(header, 0, 100);
		boolean ustar = field(header, 257, 6).startsWith("ustar");
		String prefix = ustar ? field(header, 345, 155) : "";
		return prefix.isEmpty() ? name : prefix + "/" + name;
	}

	private static String paxPath(String records) {
		for (String record : records.split("\n")) {
			int space = record.indexOf(' ');
			if (space > 0 && record.startsWith("path=", space + 1)) {
				return record.substring(space + 1 + "path=".length());
			}
		}
		return null;
	}

	private static String field(byte[] header, int offset, int length) {
		int end = offset;
		while (end < offset + length && header[end] != 0) {
			end++;
		}
		return new String(header, offset, end - offset, StandardCharsets.UTF_8);
	}

	private static String trimNul(String value) {
		int nul = value.indexOf('\0');
		return (nul >= 0) ? value.substring(0, nul) : value;
	}

	private static long parseOctal(byte[] header, int offset, int length) {
		String digits = field(header, offset, length).trim();
		return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
	}

	private static boolean isZero(byte[] block) {
		for (byte b : block) {
			if (b != 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean readBlock(InputStream in, byte[] block) throws IOException {
		int read = in.readNBytes(block, 0, block.length);
		return read == block.length;
	}

	private static byte[] readEntry(InputStream in, long size) throws IOException {
		byte[] content = in.readNBytes(Math.toIntExact(size));
		skipPadding(in, size);
		return content;
	}

	private static void copy(InputStream in, OutputStream out, long size) throws IOException {
		byte[] buffer = new byte[1 << 16];
		long remaining = size;
		while (remaining > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
			if (read < 0) {
				throw new IOException("Truncated tar archive");
			}
			out.write(buffer, 0, read);
			remaining -= read;
		}
	}

	private static long padded(long size) {
		return (size + 511) / 512 * 512;
	}

	private static void skipPadding(InputStream in, long size) throws IOException {
		skip(in, padded(size) - size);
	}

	private static void skip(InputStream in, long count) throws IOException {
		in.skipNBytes(count);
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(each);
			}
		}
	}

}
