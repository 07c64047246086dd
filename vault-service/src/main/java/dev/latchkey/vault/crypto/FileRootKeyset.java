package dev.latchkey.vault.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;

/**
 * The root keyset in a cleartext JSON file (the development default). A rotation writes a
 * new file beside it and moves it into place, so a crash leaves the old or the new
 * keyset, never half of one.
 */
class FileRootKeyset implements RootKeyset {

	private final Path file;

	FileRootKeyset(Path file) {
		this.file = file;
	}

	@Override
	public KeysetHandle load() {
		return Keysets.loadSecret(VaultKeysProperties.ROOT, null, this.file);
	}

	@Override
	public void store(KeysetHandle keyset) {
		Path next = this.file.resolveSibling(this.file.getFileName() + ".next");
		try {
			Files.deleteIfExists(next);
			Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(next, Keysets.toSecretJson(keyset));
			Files.move(next, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (UnsupportedOperationException ex) {
			throw new IllegalStateException("Cannot write " + this.file + " with owner-only permissions", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the rotated root keyset to " + this.file, ex);
		}
	}

}
