package dev.latchkey.collector.oauth.refresh;

import java.util.Collection;
import java.util.Map;

import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Status events carry each integration's expiry. The consumer group gives every partition
 * one owner, which alone plans its integrations' refreshes; on assignment it reads the
 * compacted topic from the start to learn them all.
 */
class KafkaStatusListener implements ConsumerSeekAware {

	private final RefreshScheduler scheduler;

	KafkaStatusListener(RefreshScheduler scheduler) {
		this.scheduler = scheduler;
	}

	@KafkaListener(topics = Topics.INTEGRATION_STATUS, groupId = "collector-refresh")
	void on(ConsumerRecord<String, IntegrationStatusChanged> record) {
		IntegrationStatusChanged event = record.value();
		if (event == null) {
			this.scheduler.forget(record.key());
			return;
		}
		this.scheduler.plan(new Expiry(event.getTenantId(), event.getIntegrationId(), event.getProvider(),
				event.getName(), event.getVersion(), event.getState(), event.getExpiresAt()), record.partition());
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		callback.seekToBeginning(assignments.keySet());
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		this.scheduler.forgetPartitions(partitions.stream().map(TopicPartition::partition).toList());
	}

}
