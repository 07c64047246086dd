package dev.latchkey.collector.accesslog;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.web.Problems;
import dev.latchkey.vaultclient.AccessLogs;
import dev.latchkey.websecurity.TenantId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogControllerTest {

	@Test
	void aCollectorWithoutItsVaultKey_answers503NotConfigured() {
		AccessLogController controller = new AccessLogController(
				new StaticListableBeanFactory().getBeanProvider(AccessLogs.class));

		ResponseEntity<?> answer = controller
			.accessLog(new TenantId("acme"), IntegrationId.of("acme", "demo", "default").value(), null, null)
			.block();

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(((ProblemDetail) answer.getBody()).getType()).isEqualTo(Problems.ACCESS_LOG_NOT_CONFIGURED.type());
	}

}
