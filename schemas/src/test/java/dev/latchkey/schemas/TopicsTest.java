package dev.latchkey.schemas;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

	@Test
	void everyDeclaredTopicHasItsValueSchema_andNothingElseHasOne() {
		List<String> declared = Topics.declarations().stream().map(Topics.Declaration::name).toList();

		assertThat(Topics.valueSchemas().keySet()).containsExactlyElementsOf(declared);
		assertThat(Topics.valueSchemas().values()).doesNotContainNull();
	}

	@Test
	void deadLetterTopicsCarryTheSchemaOfTheirTopic() {
		assertThat(Topics.valueSchemas().get(Topics.deadLetterOf(Topics.CREDENTIAL_RECEIVED)))
			.isEqualTo(CredentialReceived.getClassSchema());
		assertThat(Topics.valueSchemas().get(Topics.INTEGRATION_STATUS))
			.isEqualTo(IntegrationStatusChanged.getClassSchema());
	}

	@Test
	void oauthTopicsAndTheirDeadLettersAreDeclared() {
		List<String> declared = Topics.declarations().stream().map(Topics.Declaration::name).toList();

		assertThat(declared).contains(Topics.TOKEN_REFRESH_FAILED, Topics.CONNECT_FAILED,
				Topics.deadLetterOf(Topics.TOKEN_REFRESH_FAILED), Topics.deadLetterOf(Topics.CONNECT_FAILED));
	}

}
