package dev.latchkey.status.integration;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.latchkey.status.integration.Fixtures.TENANT_A;
import static dev.latchkey.status.integration.Fixtures.TENANT_B;
import static dev.latchkey.status.integration.Fixtures.aPendingTwilio;
import static dev.latchkey.status.integration.Fixtures.anActiveDemo;
import static dev.latchkey.status.integration.Fixtures.anIntegration;
import static dev.latchkey.status.integration.Fixtures.changed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StatusViewTest {

	private static final List<String> PROVIDERS = List.of("demo", "github", "twilio");

	private final StatusView view = new StatusView();

	@Test
	void apply_keepsTheNewestVersionWhicheverArrivesFirst() {
		IntegrationStatus v1 = aPendingTwilio();
		IntegrationStatus v2 = changed(v1, IntegrationState.ACTIVE, 2, v1.occurredAt().plusSeconds(5));

		assertThat(this.view.apply(v2)).isTrue();
		assertThat(this.view.apply(v1)).isFalse();

		assertThat(this.view.find(TENANT_A, "twilio", "default")).contains(v2);
	}

	@Test
	void apply_prefersTheLaterChangeOfTheSameVersion() {
		IntegrationStatus pending = aPendingTwilio();
		IntegrationStatus verified = changed(pending, IntegrationState.ACTIVE, 1, pending.occurredAt().plusSeconds(5));

		this.view.apply(verified);
		this.view.apply(pending);

		assertThat(this.view.find(TENANT_A, "twilio", "default")).contains(verified);
	}

	@Test
	void apply_ignoresAReplayedStatus() {
		this.view.apply(anActiveDemo());

		assertThat(this.view.apply(anActiveDemo())).isFalse();
		assertThat(this.view.size()).isOne();
	}

	@Test
	void remove_forgetsTheIntegrationAsATombstoneDoes() {
		this.view.apply(anActiveDemo());

		assertThat(this.view.remove(anActiveDemo().integrationId())).isTrue();

		assertThat(this.view.find(TENANT_A, "demo", "default")).isEmpty();
		assertThat(this.view.list(TENANT_A)).isEmpty();
		assertThat(this.view.usableByProvider(TENANT_A, PROVIDERS)).containsEntry("demo", false);
	}

	@Test
	void remove_ofAnUnknownIntegrationChangesNothing() {
		this.view.apply(anActiveDemo());

		assertThat(this.view.remove("int_unknown")).isFalse();
		assertThat(this.view.size()).isOne();
	}

	@Test
	void apply_afterRemovalRecreatesTheIntegration() {
		this.view.apply(anActiveDemo());
		this.view.remove(anActiveDemo().integrationId());

		this.view.apply(anActiveDemo());

		assertThat(this.view.find(TENANT_A, "demo", "default")).contains(anActiveDemo());
	}

	@Test
	void queries_neverSeeAnotherTenantsIntegrations() {
		this.view.apply(anActiveDemo());
		this.view.apply(aPendingTwilio());

		assertThat(this.view.find(TENANT_B, "demo", "default")).isEmpty();
		assertThat(this.view.list(TENANT_B)).isEmpty();
		assertThat(this.view.usableByProvider(TENANT_B, PROVIDERS)).containsOnly(entry("demo", false),
				entry("github", false), entry("twilio", false));
	}

	@Test
	void usableByProvider_isTrueOnlyWithAnActiveIntegrationOfTheProvider() {
		this.view.apply(anActiveDemo());
		this.view.apply(aPendingTwilio());
		this.view.apply(anIntegration(TENANT_A, "twilio", "backup", IntegrationState.INVALID));
		this.view.apply(anIntegration(TENANT_A, "github", "default", IntegrationState.ERROR));

		assertThat(this.view.usableByProvider(TENANT_A, PROVIDERS)).containsExactly(entry("demo", true),
				entry("github", false), entry("twilio", false));
	}

	@Test
	void usableByProvider_isTrueWhenAnyIntegrationOfTheProviderIsActive() {
		this.view.apply(aPendingTwilio());
		this.view.apply(anIntegration(TENANT_A, "twilio", "backup", IntegrationState.ACTIVE));

		assertThat(this.view.usableByProvider(TENANT_A, PROVIDERS)).containsEntry("twilio", true);
	}

	@Test
	void usableByProvider_answersOnlyForTheGivenProviders() {
		this.view.apply(anIntegration(TENANT_A, "retired", "default", IntegrationState.ACTIVE));

		assertThat(this.view.usableByProvider(TENANT_A, PROVIDERS)).containsOnlyKeys(PROVIDERS);
	}

	@Test
	void usableByProvider_followsAStateChange() {
		IntegrationStatus demo = anActiveDemo();
		this.view.apply(demo);

		this.view.apply(changed(demo, IntegrationState.INVALID, demo.version(), demo.occurredAt().plusSeconds(1)));

		assertThat(this.view.usableByProvider(TENANT_A, PROVIDERS)).containsEntry("demo", false);
	}

	@Test
	void list_isSortedByProviderThenName() {
		IntegrationStatus twilioBackup = anIntegration(TENANT_A, "twilio", "backup", IntegrationState.ACTIVE);
		IntegrationStatus githubDefault = anIntegration(TENANT_A, "github", "default", IntegrationState.ACTIVE);
		this.view.apply(aPendingTwilio());
		this.view.apply(twilioBackup);
		this.view.apply(anActiveDemo());
		this.view.apply(githubDefault);

		assertThat(this.view.list(TENANT_A)).extracting((status) -> status.provider() + "/" + status.name())
			.containsExactly("demo/default", "github/default", "twilio/backup", "twilio/default");
	}

	@Test
	void find_matchesProviderAndName() {
		IntegrationStatus backup = anIntegration(TENANT_A, "demo", "backup", IntegrationState.INVALID);
		this.view.apply(anActiveDemo());
		this.view.apply(backup);

		assertThat(this.view.find(TENANT_A, "demo", "backup")).contains(backup);
		assertThat(this.view.find(TENANT_A, "demo", "other")).isEmpty();
	}

	@Test
	void revision_changesWithTheTenantsViewOnlyAndNotWithAnotherTenants() {
		String empty = this.view.revision(TENANT_A);
		this.view.apply(anActiveDemo());
		String withDemo = this.view.revision(TENANT_A);

		this.view.apply(anIntegration(TENANT_B, "demo", "default", IntegrationState.ACTIVE));
		this.view.apply(anActiveDemo());

		assertThat(withDemo).isNotEqualTo(empty);
		assertThat(this.view.revision(TENANT_A)).isEqualTo(withDemo);
		this.view.remove(anActiveDemo().integrationId());
		assertThat(this.view.revision(TENANT_A)).isEqualTo(empty);
	}

	@Test
	void revision_isTheSameWhateverOrderTheEventsArrivedIn() {
		StatusView other = new StatusView();
		IntegrationStatus twilio = aPendingTwilio();
		IntegrationStatus verified = changed(twilio, IntegrationState.ACTIVE, 2, twilio.occurredAt().plusSeconds(1));
		this.view.apply(anActiveDemo());
		this.view.apply(twilio);
		this.view.apply(verified);
		other.apply(verified);
		other.apply(anActiveDemo());
		other.apply(twilio);

		assertThat(other.revision(TENANT_A)).isEqualTo(this.view.revision(TENANT_A));
	}

}
