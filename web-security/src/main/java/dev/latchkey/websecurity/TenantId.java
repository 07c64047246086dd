package dev.latchkey.websecurity;

/**
 * The tenant of the authenticated caller, taken from the bearer token only. Declare it as
 * a controller method parameter to receive it.
 */
public record TenantId(String value) {

	public TenantId {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("tenant id must not be blank");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
