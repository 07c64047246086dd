package dev.latchkey.collector.oauth.refresh;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.latchkey.schemas.TokenRefreshFailed;
import dev.latchkey.schemas.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes {@link TokenRefreshFailed} keyed by integration id. */
@Component
@ConditionalOnProperty(prefix = "latchkey.oauth.refresh", name = "enabled", havingValue = "true")
class KafkaRefreshFailure implements RefreshFailure {

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock;

	KafkaRefreshFailure(KafkaTemplate<String, Object> kafka, Clock clock) {
		this.kafka = kafka;
		this.clock = clock;
	}

	@Override
	public Mono<Void> publish(Expiry expiry, String state, String reason) {
		TokenRefreshFailed event = TokenRefreshFailed.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(expiry.tenantId())
			.setIntegrationId(expiry.integrationId())
			.setProvider(expiry.provider())
			.setName(expiry.name())
			.setVersion(expiry.version())
			.setState(state)
			.setReason(reason)
			.setOccurredAt(this.clock.instant().truncatedTo(ChronoUnit.MILLIS))
			.build();
		return Mono.fromFuture(() -> this.kafka.send(Topics.TOKEN_REFRESH_FAILED, expiry.integrationId(), event))
			.subscribeOn(Schedulers.boundedElastic())
			.then();
	}

}
