package dev.latchkey.scanner.scan;

import java.util.Map;

import dev.latchkey.schemas.Finding;
import dev.latchkey.schemas.ScanCompleted;
import dev.latchkey.schemas.Topics;
import reactor.core.publisher.Mono;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** {@link ScanCompleted} on {@link Topics#SCAN_COMPLETED}, keyed by integration id. */
@Component
class KafkaScanPublisher implements ScanPublisher {

	private final KafkaTemplate<String, ScanCompleted> kafka;

	KafkaScanPublisher(KafkaTemplate<String, ScanCompleted> kafka) {
		this.kafka = kafka;
	}

	@Override
	public Mono<Void> publish(Assessment assessment) {
		return Mono
			.fromFuture(() -> this.kafka.send(Topics.SCAN_COMPLETED, assessment.integrationId(), toEvent(assessment)))
			.then();
	}

	static ScanCompleted toEvent(Assessment assessment) {
		return ScanCompleted.newBuilder()
			.setEventId(assessment.eventId())
			.setTenantId(assessment.tenantId())
			.setIntegrationId(assessment.integrationId())
			.setProvider(assessment.provider())
			.setOccurredAt(assessment.assessedAt())
			.setVersion(assessment.version())
			.setOutcome(assessment.outcome().name())
			.setHttpStatus(assessment.httpStatus())
			.setLatencyMillis(assessment.latencyMillis())
			.setReason(assessment.reason())
			.setTrigger(assessment.trigger().name())
			.setFindings(assessment.findings()
				.stream()
				.map((finding) -> Finding.newBuilder()
					.setCode(finding.code())
					.setSeverity(finding.severity())
					.setMessage(finding.message())
					.setAttributes(Map.copyOf(finding.attributes()))
					.build())
				.toList())
			.setNextCheckAt(assessment.nextCheckAt())
			.setConsecutiveFailures(assessment.consecutiveFailures())
			.build();
	}

}
