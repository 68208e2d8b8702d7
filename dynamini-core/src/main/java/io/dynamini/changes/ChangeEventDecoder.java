package io.dynamini.changes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dynamini.core.StoredChange;
import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiPersistentEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataRetrievalFailureException;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Turns DynamoDB Streams records of the dynamini table into {@link ChangeEvent}s: one per revision item written
 * (its {@code INSERT}; later modifications of the item, such as history retention setting its TTL, are none), one
 * per purge, none for bookkeeping (the latest item's moves, removals, checkpoints, leases) and none for entity
 * types this application does not map. The change feed decodes with it; so can any other consumer of the stream, a
 * Lambda function for instance (see docs/changes.md). Needs the table's stream to carry new images
 * ({@code NEW_IMAGE} or {@code NEW_AND_OLD_IMAGES}).
 */
public final class ChangeEventDecoder {

	private static final System.Logger logger = System.getLogger(ChangeEventDecoder.class.getName());

	private final DynaminiEntityConverter converter;

	/**
	 * @param converter the converter (and through it the mapping context) of the application's entities
	 */
	public ChangeEventDecoder(DynaminiEntityConverter converter) {
		this.converter = converter;
	}

	/**
	 * @return the events of {@code records}, in their order
	 */
	public List<ChangeEvent<?>> decode(List<Record> records) {
		List<ChangeEvent<?>> events = new ArrayList<>(records.size());
		for (Record record : records) {
			decode(record).ifPresent(events::add);
		}
		return events;
	}

	/**
	 * @return the event {@code record} describes, or empty for bookkeeping, removals and unmapped entity types
	 * @throws DataRetrievalFailureException if the record's item cannot be read as its entity
	 */
	public Optional<ChangeEvent<?>> decode(Record record) {
		if (record.dynamodb() == null) {
			return Optional.empty();
		}
		Instant recorded = record.dynamodb().approximateCreationDateTime();
		if (record.eventName() == OperationType.REMOVE) {
			// dynamini never deletes a latest item itself: DynamoDB's TTL removing one is an expiry
			if (!isTimeToLiveRemoval(record)) {
				return Optional.empty();
			}
			return StoredChange.expiry(record.dynamodb().keys(),
					record.dynamodb().hasOldImage() ? record.dynamodb().oldImage() : null)
				.flatMap(change -> event(change, recorded != null ? recorded : Instant.now()));
		}
		Map<String, AttributeValue> image = record.dynamodb().hasNewImage() ? record.dynamodb().newImage() : null;
		if (record.eventName() == OperationType.MODIFY && StoredChange.isRevision(image)) {
			// a revision item is written once; a later change of it (history retention giving it its TTL) is
			// bookkeeping, never a second event of the revision
			return Optional.empty();
		}
		return decode(image, recorded != null ? recorded : Instant.now());
	}

	/**
	 * Decodes an item image from any source (a Lambda event converted to SDK attribute values, an export).
	 *
	 * @param newImage the item as written, or {@code null}
	 * @param recordedAt when the write happened (used for purges, which write no revision)
	 * @return the event, or empty for bookkeeping and unmapped entity types
	 */
	public Optional<ChangeEvent<?>> decode(@Nullable Map<String, AttributeValue> newImage, Instant recordedAt) {
		return StoredChange.from(newImage).flatMap(change -> event(change, recordedAt));
	}

	/**
	 * @return whether the record is a removal by DynamoDB's TTL (the stream names the service as its user)
	 */
	static boolean isTimeToLiveRemoval(Record record) {
		Identity identity = record.userIdentity();
		return identity != null && "Service".equals(identity.type())
				&& "dynamodb.amazonaws.com".equals(identity.principalId());
	}

	private Optional<ChangeEvent<?>> event(StoredChange change, Instant recordedAt) {
		Optional<DynaminiPersistentEntity<?>> entity = converter.getMappingContext().getVersionedEntity(change.typeName());
		if (entity.isEmpty()) {
			logger.log(System.Logger.Level.DEBUG, () -> "Skipping a change of '" + change.typeName()
					+ "', an entity name no class of this application is mapped to");
			return Optional.empty();
		}
		return Optional.of(toEvent(entity.get(), change, recordedAt));
	}

	private <T> ChangeEvent<T> toEvent(DynaminiPersistentEntity<T> entity, StoredChange change, Instant recordedAt) {
		Class<T> type = entity.getType();
		try {
			Object id = converter.convertId(change.id(), entity.getRequiredIdProperty().getType());
			if (id == null) {
				throw new IllegalStateException("the id converts to null");
			}
			if (change.expiry()) {
				T last = change.state() == null ? null : converter.read(type, change.state(), change.revision());
				return new ChangeEvent<>(change.tenant(), type, change.typeName(), id, change.revision(), ChangeType.EXPIRE,
						change.instant() != null ? change.instant() : recordedAt, "", last);
			}
			if (change.purge()) {
				return new ChangeEvent<>(change.tenant(), type, change.typeName(), id, change.revision(), ChangeType.PURGE,
						recordedAt, "", null);
			}
			T state = converter.read(type, change.state(), change.revision());
			ChangeType changeType = switch (change.type()) {
				case INSERT -> ChangeType.INSERT;
				case DELETE -> ChangeType.DELETE;
				default -> ChangeType.UPDATE;
			};
			return new ChangeEvent<>(change.tenant(), type, change.typeName(), id, change.revision(), changeType,
					change.instant(), change.revisionId(), state);
		}
		catch (RuntimeException ex) {
			throw new DataRetrievalFailureException("Cannot decode the change of %s '%s' revision %d: %s"
				.formatted(change.typeName(), change.id(), change.revision(), ex.getMessage()), ex);
		}
	}
}
