package io.dynamini.changes.lambda;

import java.util.List;
import java.util.Optional;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeEventDecoder;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

/**
 * A Lambda function on the dynamini table's stream: each record of a {@code DynamodbEvent} batch becomes a
 * {@link ChangeEvent} through the same {@link ChangeEventDecoder} as the change feed (one event per revision, one per
 * purge, one per expiry, none for bookkeeping), handed to {@link #onChange} in order. The first record whose decoding
 * or handling fails ends the batch and is reported as a partial batch failure ({@code StreamsEventResponse} with its
 * sequence number), so that Lambda, with {@code ReportBatchItemFailures} on the trigger, retries from that record and
 * not the whole batch. Extend it, name the entity classes to expect, and point the function's handler at the class:
 * <pre>{@code
 * public class NoteProjector extends DynaminiStreamsHandler {
 *     public NoteProjector() { super(Note.class); }
 *     protected void onChange(ChangeEvent<?> event, Context context) { ... }
 * }
 * }</pre>
 * Needs {@code com.amazonaws:aws-lambda-java-core} and {@code aws-lambda-java-events} (optional dependencies of
 * dynamini-core). See docs/changes.md for a deployment.
 */
public abstract class DynaminiStreamsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

	private final ChangeEventDecoder decoder;

	/**
	 * @param entityTypes the {@code @VersionedEntity} classes whose changes to decode (others are skipped)
	 */
	protected DynaminiStreamsHandler(Class<?>... entityTypes) {
		this(converterFor(entityTypes));
	}

	/**
	 * @param converter the converter (and mapping context) of the entities to decode
	 */
	protected DynaminiStreamsHandler(DynaminiEntityConverter converter) {
		this.decoder = new ChangeEventDecoder(converter);
	}

	private static DynaminiEntityConverter converterFor(Class<?>... entityTypes) {
		DynaminiMappingContext context = new DynaminiMappingContext();
		for (Class<?> type : entityTypes) {
			context.getRequiredPersistentEntity(type);
		}
		return new DynaminiEntityConverter(context);
	}

	/**
	 * Handles one change. Throwing makes this record the batch's failure: Lambda sends it again with the records
	 * after it.
	 */
	protected abstract void onChange(ChangeEvent<?> event, Context context) throws Exception;

	@Override
	public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
		for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of()
				: event.getRecords()) {
			try {
				Optional<ChangeEvent<?>> change = decoder.decode(LambdaRecords.toSdk(record));
				if (change.isPresent()) {
					onChange(change.get(), context);
				}
			}
			catch (VirtualMachineError fatal) {
				throw fatal;
			}
			catch (Throwable failed) {
				if (context != null && context.getLogger() != null) {
					context.getLogger().log("dynamini: the change of stream record " + record.getDynamodb().getSequenceNumber()
							+ " failed; Lambda retries from it: " + failed);
				}
				return StreamsEventResponse.builder()
					.withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
						.withItemIdentifier(record.getDynamodb().getSequenceNumber())
						.build()))
					.build();
			}
		}
		return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
	}
}
