package io.dynamini.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.test.domain.Session;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Removals in the stream, as AWS documents them (built here record by record; ChangeFeedIntegrationTests sees the
 * engine's own TTL deletions end to end): DynamoDB's TTL removing a latest item is one {@code EXPIRE} event, with the last state when the stream has
 * old images; removals of revisions (history retention) and removals by anyone else are no event.
 */
class ChangeEventDecoderUnitTests {

	static final Identity TTL_SERVICE = Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build();

	static final Instant REMOVED_AT = Instant.parse("2026-03-03T08:00:00Z");

	final ChangeEventDecoder decoder = decoder();

	static ChangeEventDecoder decoder() {
		DynaminiMappingContext context = new DynaminiMappingContext();
		context.getRequiredPersistentEntity(Session.class);
		return new ChangeEventDecoder(new DynaminiEntityConverter(context));
	}

	static Record removal(String sk, Identity identity, Map<String, AttributeValue> oldImage) {
		StreamRecord.Builder stream = StreamRecord.builder()
			.keys(Map.of("pk", AttributeValue.fromS("acme#Session#s-1"), "sk", AttributeValue.fromS(sk)))
			.approximateCreationDateTime(REMOVED_AT);
		if (oldImage != null) {
			stream.oldImage(oldImage);
		}
		return Record.builder().eventName(OperationType.REMOVE).userIdentity(identity).dynamodb(stream.build()).build();
	}

	@Test
	void theTtlRemovalOfALatestItemIsOneExpireEvent() {
		ChangeEvent<?> event = decoder.decode(removal("A", TTL_SERVICE, null)).orElseThrow();

		assertThat(event.type()).isEqualTo(ChangeType.EXPIRE);
		assertThat(event.tenant()).isEqualTo("acme");
		assertThat(event.entityType()).isEqualTo(Session.class);
		assertThat(event.id()).isEqualTo("s-1");
		assertThat(event.instant()).as("without an old image: when the stream recorded the removal").isEqualTo(REMOVED_AT);
		assertThat(event.revision()).isZero();
		assertThat(event.entity()).isEmpty();
	}

	@Test
	void withOldImagesTheExpireEventCarriesTheLastStateRevisionAndExpiry() {
		Instant expiry = Instant.parse("2026-03-01T10:00:00.250Z");
		Map<String, AttributeValue> old = Map.of("pk", AttributeValue.fromS("acme#Session#s-1"), "sk",
				AttributeValue.fromS("A"), "v", AttributeValue.fromN("4"), "xe",
				AttributeValue.fromN(Long.toString(expiry.toEpochMilli())), "d",
				AttributeValue.fromM(Map.of("id", AttributeValue.fromS("s-1"), "user", AttributeValue.fromS("alice"),
						"expiresAt", AttributeValue.fromS(expiry.toString()))));

		ChangeEvent<?> event = decoder.decode(removal("A", TTL_SERVICE, old)).orElseThrow();

		assertThat(event.type()).isEqualTo(ChangeType.EXPIRE);
		assertThat(event.revision()).isEqualTo(4);
		assertThat(event.instant()).isEqualTo(expiry);
		assertThat(event.entity()).map(Session.class::cast).map(Session::user).contains("alice");
	}

	@Test
	void removalsOfRevisionsOrByAnyoneButTheTtlServiceAreNoEvent() {
		assertThat(decoder.decode(removal("H#01J0000000000000000000000", TTL_SERVICE, null))).isEmpty();
		assertThat(decoder.decode(removal("A", null, null))).isEmpty();
		assertThat(decoder.decode(removal("A", Identity.builder().type("Service").principalId("someone.else").build(), null)))
			.isEmpty();
	}
}
