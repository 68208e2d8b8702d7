package io.dynamini.changes.kcl;

import java.util.Optional;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.DeliveryRetries;

import org.jspecify.annotations.Nullable;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * One shard held by this worker: the KCL hands it the shard's records batch by batch, in order. Each record's event
 * goes to the listener (again with backoff while it throws); the batch is checkpointed after the listener returned
 * for every event in it. After {@code maxAttempts} failures on one event the shard stops: nothing more of it is
 * delivered or checkpointed (its children wait, as the KCL starts a child only after its parent's end is
 * checkpointed), and the feed reports the failure.
 */
final class KclShardProcessor implements DynamoDBStreamsShardRecordProcessor {

	private static final System.Logger logger = System.getLogger(KclShardProcessor.class.getName());

	private static final int CHECKPOINT_ATTEMPTS = 10;

	private final KclChangeFeed feed;

	private String shardId = "?";

	private volatile boolean leaseLost;

	private boolean failed;

	private DeliveryRetries retries;

	KclShardProcessor(KclChangeFeed feed) {
		this.feed = feed;
		this.retries = retries();
	}

	private DeliveryRetries retries() {
		return new DeliveryRetries(feed.options().maxAttempts(), "shard " + shardId, feed::pause, DeliveryFailed::new);
	}

	@Override
	public void initialize(InitializationInput input) {
		shardId = input.shardId();
		retries = retries();
		feed.holding(shardId);
	}

	@Override
	public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
		if (failed || !delivering() || input.records().isEmpty()) {
			return;
		}
		String done = null;
		for (DynamoDBStreamsClientRecord record : input.records()) {
			try {
				Optional<ChangeEvent<?>> event = decode(record);
				if (event.isPresent() && !retries.deliver(event.get(), feed.listener(), this::delivering)) {
					break;
				}
			}
			catch (DeliveryFailed ex) {
				failed = true;
				feed.shardFailed(shardId, ex);
				break;
			}
			done = record.sequenceNumber();
		}
		if (done != null && !feed.aborted()) {
			checkpoint(input.checkpointer(), done);
		}
	}

	private boolean delivering() {
		return !leaseLost && feed.delivering();
	}

	private Optional<ChangeEvent<?>> decode(DynamoDBStreamsClientRecord record) {
		return retries.decode(() -> feed.decoder().decode(record.getRecord()),
				"the record " + record.sequenceNumber() + " of shard " + shardId);
	}

	private void checkpoint(RecordProcessorCheckpointer checkpointer, @Nullable String sequence) {
		for (int attempt = 1; attempt <= CHECKPOINT_ATTEMPTS; attempt++) {
			try {
				if (sequence == null) {
					checkpointer.checkpoint();
				}
				else {
					checkpointer.checkpoint(sequence);
				}
				return;
			}
			catch (ShutdownException ex) {
				// the lease moved on: its next holder starts after the previous checkpoint
				leaseLost = true;
				return;
			}
			catch (ThrottlingException | KinesisClientLibDependencyException ex) {
				logger.log(System.Logger.Level.WARNING, "Checkpoint of shard " + shardId + " failed (attempt "
						+ attempt + "), retrying: " + ex.getMessage());
				feed.pause(Math.min(2_000, 50L << attempt));
			}
			catch (Exception ex) {
				logger.log(System.Logger.Level.ERROR, "Checkpoint of shard " + shardId + " refused; its next holder "
						+ "redelivers from the previous checkpoint: " + ex.getMessage(), ex);
				return;
			}
		}
		logger.log(System.Logger.Level.ERROR, "Checkpoint of shard " + shardId + " failed " + CHECKPOINT_ATTEMPTS
				+ " times; its next holder redelivers from the previous checkpoint");
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		leaseLost = true;
		feed.released(shardId);
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		if (failed || feed.aborted()) {
			// no end checkpoint: the shard stays unfinished, its children wait
			return;
		}
		checkpoint(input.checkpointer(), null);
		feed.released(shardId);
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		// every delivered batch is checkpointed already; what was not delivered is read again by the next holder
		feed.released(shardId);
	}

	/** A listener failed on one event as often as allowed. */
	static final class DeliveryFailed extends RuntimeException {

		DeliveryFailed(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
