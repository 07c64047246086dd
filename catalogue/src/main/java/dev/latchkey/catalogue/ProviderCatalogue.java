package dev.latchkey.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The providers Latchkey knows, read from YAML. The built-in catalogue is
 * {@code latchkey/providers.yml} on the classpath.
 */
public final class ProviderCatalogue {

	public static final String BUILT_IN = "latchkey/providers.yml";

	private final Map<String, Provider> providers;

	private ProviderCatalogue(Map<String, Provider> providers) {
		this.providers = providers;
	}

	public static ProviderCatalogue builtIn() {
		try (InputStream in = ProviderCatalogue.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
			if (in == null) {
				throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
			}
			return read(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static ProviderCatalogue fromFile(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return read(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read provider catalogue " + file, ex);
		}
	}

	static ProviderCatalogue read(InputStream in) {
		YAMLMapper mapper = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		CatalogueFile file = mapper.readValue(in, CatalogueFile.class);
		Map<String, Provider> providers = new LinkedHashMap<>();
		file.providers().forEach((id, entry) -> providers.put(id, entry.toProvider(id)));
		return new ProviderCatalogue(Map.copyOf(providers));
	}

	public Optional<Provider> find(String id) {
		return Optional.ofNullable(this.providers.get(id));
	}

	public Collection<Provider> all() {
		return this.providers.values().stream().sorted(java.util.Comparator.comparing(Provider::id)).toList();
	}

	record CatalogueFile(Map<String, ProviderEntry> providers) {
	}

	record ProviderEntry(String displayName, AuthMode authMode, List<FieldEntry> fields, ProbeEntry probe,
			OAuth2Entry oauth2, ScanEntry scan) {

		Provider toProvider(String id) {
			require(this.displayName != null, id, "displayName");
			require(this.fields != null && !this.fields.isEmpty(), id, "fields");
			require(this.probe != null, id, "probe");
			AuthMode mode = (this.authMode != null) ? this.authMode : AuthMode.API_KEY;
			require((mode == AuthMode.OAUTH2) == (this.oauth2 != null), id,
					"an oauth2 section exactly when authMode is OAUTH2");
			List<Field> parsed = this.fields.stream().map(FieldEntry::toField).toList();
			return new Provider(id, this.displayName, mode, parsed, this.probe.toProbe(id),
					(this.oauth2 != null) ? this.oauth2.toOAuth2(id) : null,
					(this.scan != null) ? this.scan.toScan(id, parsed) : Scan.DEFAULT);
		}

	}

	record ScanEntry(String every, RateLimitEntry rateLimit, Boolean local, List<String> requiredScopes,
			ChecksEntry checks) {

		Scan toScan(String id, List<Field> fields) {
			java.time.Duration period = (this.every != null) ? Scan.parsePeriod(this.every) : Scan.DEFAULT_EVERY;
			require(!period.isNegative() && !period.isZero(), id, "a positive scan.every");
			Scan.RateLimit limit = (this.rateLimit != null)
					? new Scan.RateLimit((this.rateLimit.perSecond() != null) ? this.rateLimit.perSecond() : 0,
							(this.rateLimit.concurrency() != null) ? this.rateLimit.concurrency() : 0)
					: Scan.RateLimit.NONE;
			return new Scan(period, limit, this.local != null && this.local,
					(this.requiredScopes != null) ? List.copyOf(this.requiredScopes) : List.of(),
					(this.checks != null) ? this.checks.toChecks(id, fields) : Scan.Checks.NONE);
		}

	}

	record RateLimitEntry(Double perSecond, Integer concurrency) {
	}

	record ChecksEntry(Scan.Account account, Scan.Scopes scopes, KeyKindEntry keyKind) {

		Scan.Checks toChecks(String id, List<Field> fields) {
			if (this.account != null) {
				require(this.account.pointers() != null && this.account.message() != null, id,
						"scan.checks.account.pointers and .message");
			}
			if (this.scopes != null) {
				require(this.scopes.header() != null || this.scopes.pointer() != null, id,
						"scan.checks.scopes.header or .pointer");
			}
			Scan.KeyKind kind = null;
			if (this.keyKind != null) {
				require(this.keyKind.field() != null && this.keyKind.kinds() != null
						&& fields.stream().anyMatch((field) -> field.name().equals(this.keyKind.field())), id,
						"scan.checks.keyKind.field naming one of its fields, and kinds");
				kind = new Scan.KeyKind(this.keyKind.field(),
						this.keyKind.kinds()
							.stream()
							.map((entry) -> new Scan.KeyKind.Kind(entry.name(), Pattern.compile(entry.pattern()),
									(entry.severity() != null) ? entry.severity() : "INFO", entry.message()))
							.toList());
			}
			return new Scan.Checks(this.account, this.scopes, kind);
		}

	}

	record KeyKindEntry(String field, List<KindEntry> kinds) {
	}

	record KindEntry(String name, String pattern, String severity, String message) {
	}

	record OAuth2Entry(String authorizeUrl, String tokenUrl, List<String> defaultScopes, String scopeSeparator,
			Boolean pkce, String clientAuth, TokenResponseEntry tokenResponse, Boolean refreshSupported,
			Boolean refreshTokenRotates, String revokeUrl, Map<String, String> authorizeParameters) {

		OAuth2 toOAuth2(String id) {
			require(this.authorizeUrl != null && this.tokenUrl != null, id, "oauth2.authorizeUrl and oauth2.tokenUrl");
			TokenResponseEntry response = (this.tokenResponse != null) ? this.tokenResponse
					: new TokenResponseEntry(null, null, null, null, null);
			return new OAuth2(this.authorizeUrl, this.tokenUrl,
					(this.defaultScopes != null) ? this.defaultScopes : List.of(),
					(this.scopeSeparator != null) ? this.scopeSeparator : " ", this.pkce == null || this.pkce,
					(this.clientAuth != null)
							? OAuth2.ClientAuth.valueOf(this.clientAuth.toUpperCase(java.util.Locale.ROOT))
							: OAuth2.ClientAuth.CLIENT_SECRET_BASIC,
					response.toTokenResponse(), this.refreshSupported == null || this.refreshSupported,
					this.refreshTokenRotates != null && this.refreshTokenRotates, this.revokeUrl,
					(this.authorizeParameters != null) ? this.authorizeParameters : Map.of());
		}

	}

	record TokenResponseEntry(String accessToken, String refreshToken, String expiresIn, String scope,
			Map<String, String> publicFields) {

		OAuth2.TokenResponse toTokenResponse() {
			return new OAuth2.TokenResponse(orDefault(this.accessToken, "/access_token"),
					orDefault(this.refreshToken, "/refresh_token"), orDefault(this.expiresIn, "/expires_in"),
					orDefault(this.scope, "/scope"), (this.publicFields != null) ? this.publicFields : Map.of());
		}

		private static String orDefault(String value, String fallback) {
			return (value != null) ? value : fallback;
		}

	}

	record FieldEntry(String name, Boolean secret, Boolean required, String pattern, Integer maxLength) {

		Field toField() {
			return new Field(this.name, this.secret != null ? this.secret : Field.secretByName(this.name),
					this.required == null || this.required,
					(this.pattern != null) ? Pattern.compile(this.pattern) : null,
					(this.maxLength != null) ? this.maxLength : Field.DEFAULT_MAX_LENGTH);
		}

	}

	record ProbeEntry(String method, String baseUrl, String path, PlacementEntry credential, Set<Integer> validStatus,
			Set<Integer> invalidStatus, String validWhenBodyContains) {

		Probe toProbe(String id) {
			require(this.baseUrl != null && this.path != null && this.credential != null, id,
					"probe.baseUrl, probe.path and probe.credential");
			return new Probe(this.method != null ? this.method : "GET", this.baseUrl, this.path,
					this.credential.toPlacement(), (this.validStatus != null) ? this.validStatus : Set.of(200),
					(this.invalidStatus != null) ? this.invalidStatus : Set.of(401, 403), this.validWhenBodyContains);
		}

	}

	record PlacementEntry(String type, String name, String value, String username, String password) {

		Probe.Placement toPlacement() {
			return new Probe.Placement(Probe.Placement.Type.valueOf(this.type.toUpperCase(java.util.Locale.ROOT)),
					this.name, this.value, this.username, this.password);
		}

	}

	private static void require(boolean condition, String provider, String what) {
		if (!condition) {
			throw new IllegalStateException("Provider '" + provider + "' in the catalogue needs " + what);
		}
	}

}
